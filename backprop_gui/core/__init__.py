"""The pure-NumPy engine of backprop-gui. Nothing in this package imports Qt.

Typical use::

    from backprop_gui.core import Trainer, load_preset
    trainer = Trainer(load_preset("mazur"))
    trainer.events.subscribe(print)      # an Event after every phase
    trainer.run_phase()                  # forward
    trainer.step_update()                # backward + update
"""

from .events import PHASES, Event, EventSource
from .gradcheck import GradCheckResult, check_trainer, gradient_check
from .network import BackwardResult, ForwardResult, backward, forward
from .params import Parameters, initialise
from .presets import load_preset, preset_names
from .session import Session
from .session_io import (
    SessionFileError,
    load_session,
    load_weights,
    save_session,
    save_weights,
)
from .spec import InitSpec, NetworkSpec
from .trace import TraceWriter
from .trainer import Trainer

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
