"""The pure-NumPy engine of backprop-gui. Nothing in this package imports Qt.

Typical use::

    from backprop_gui.core import Trainer, load_preset
    trainer = Trainer(load_preset("mazur"))
    trainer.events.subscribe(print)      # an Event after every phase
    trainer.run_phase()                  # forward
    trainer.step_update()                # backward + update
"""

from .debugger.events import PHASES, Event, EventSource
from .debugger.gradcheck import GradCheckResult, check_trainer, gradient_check
from .debugger.trainer import Trainer
from .engine.parameters import Parameters, initialise
from .engine.passes import BackwardResult, ForwardResult, backward, forward
from .engine.session import Session
from .engine.spec import InitSpec, NetworkSpec
from .io.presets import load_preset, preset_names
from .io.session_file import SessionFileError, load_session, save_session
from .io.trace import TraceWriter
from .io.weights_file import load_weights, save_weights

__all__ = [
    "PHASES",
    "BackwardResult",
    "Event",
    "EventSource",
    "ForwardResult",
    "GradCheckResult",
    "InitSpec",
    "NetworkSpec",
    "Parameters",
    "Session",
    "SessionFileError",
    "TraceWriter",
    "Trainer",
    "backward",
    "check_trainer",
    "forward",
    "gradient_check",
    "initialise",
    "load_preset",
    "load_session",
    "load_weights",
    "preset_names",
    "save_session",
    "save_weights",
]
