"""The phase machine: forward, backward and update, one phase at a time.

A :class:`Trainer` owns a :class:`~..engine.session.Session` and moves it on.
``next_phase`` follows from which cached results are valid: an edit of a parameter,
the data or a setting that changes the math marks the caches stale, so the next phase
recomputes from the edited state instead of using old numbers. The stale results stay
readable (``forward_result``, ``backward_result``) so views can still show them, greyed.

After every phase and every edit the trainer emits an :class:`~.events.Event` to its
observers (``trainer.events.subscribe(callback)``).

Every state of the parameters and data has a *revision*, a number never used for
another state in the process: each update, edit, reset, load and rewind makes a
new one, except that edits which bring back the very state of the latest results
take that state's revision again (see :mod:`.resume`). A forward
result records the revision it was computed from, and a backward result the forward
result it used, so a reader can always pair a number with the state it belongs to
(:meth:`Trainer.parameters_of`) instead of mixing two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..engine.optimizer_spec import OptimizerSpec
from ..engine.optimizers import OptimizerState
from ..engine.parameters import Parameters
from ..engine.passes import BackwardResult, ForwardResult, Plan
from ..engine.session import Session
from .events import PHASES, Event, EventSource
from .trainer_edits import TrainerEdits, revisions
from .trainer_readings import TrainerReadings
from .trainer_rows import TrainerRows


@dataclass(slots=True)
class UpdateRecord:
    """What an update used besides the parameters and state before it (made
    at every update, never changed after: not frozen, whose checks made it
    three times as costly to build)."""

    step: int
    learning_rate: float
    optimizer: OptimizerSpec
    backward: BackwardResult
    #: The revision of the parameters it made.
    revision: int


class Trainer(TrainerEdits, TrainerRows, TrainerReadings):
    def __init__(self, session: Session) -> None:
        self.events = EventSource()
        self._install(session)

    def _install(self, session: Session) -> None:
        self.session = session
        #: The state of parameters and data now (see the module docstring).
        self.revision = next(revisions)
        #: The revision ``previous_params`` belong to (0 before any update).
        self.previous_revision = 0
        #: The revision at which the dataset's rows last became other samples
        #: (new data, a sample added or removed; not an edited number): the
        #: rows of a forward result older than it may be other samples now
        self.rows_revision = self.revision
        self._last_change: Parameters | None = None
        self._plan = Plan(session.spec, session.regularization)
        self._initial_params = session.params.copy()
        self._initial_step = session.step
        self._initial_state = session.optimizer_state.copy()
        #: The optimizer's state before the latest update (None before any, or
        #: after the optimizer was changed).
        self.previous_state: OptimizerState | None = None
        #: What the latest update used, while its numbers are still the current
        #: ones (None before any, and once the parameters or the optimizer's
        #: state changed otherwise).
        self.last_update: UpdateRecord | None = None
        self.forward_result: ForwardResult | None = None
        self.backward_result: BackwardResult | None = None
        self.forward_valid = False
        self.backward_valid = False
        #: Parameters as they were before the latest update (None before any).
        self.previous_params: Parameters | None = None
        #: The phase that ran last (None after load, reset or an edit).
        self.last_phase: str | None = None
        self._preview: ForwardResult | None = None
        #: The results as of the latest phase, while edits may bring their
        #: state back (see :mod:`.resume`); None until the first edit.
        self._resume = None
        self._full_batch = None
        #: (training rows, validation rows), computed when first asked for
        self._split = None
        self._evaluation_plan: tuple | None = None
        self._phases = {
            "forward": self._forward,
            "backward": self._backward,
            "update": self._update,
        }

    # ----------------------------------------------------------------- state
    @property
    def params(self) -> Parameters:
        return self.session.params

    @property
    def step(self) -> int:
        """Number of completed updates."""
        return self.session.step

    @property
    def next_phase(self) -> str:
        if not self.forward_valid:
            return "forward"
        if not self.backward_valid:
            return "backward"
        return "update"

    # ---------------------------------------------------------------- phases
    def run_phase(self) -> str:
        """Run the next phase, notify observers, and return its name."""
        with np.errstate(all="ignore"):  # diverging values are shown, not warned
            return self._run_phase()

    def _run_phase(self) -> str:
        phase = self.next_phase
        self._phases[phase]()
        return phase

    def _forward(self) -> None:
        # a preview is this very pass (same parameters, batch and plan: every edit
        # or setting drops it), so it is taken, not computed again
        result, self._preview = self._preview, None
        if result is None:
            samples, x, y = self._batch()
            result = self._plan.forward(self.session.params, x, y, samples)
        result.revision = self.revision
        self.forward_result = result
        self.forward_valid = True
        self.backward_valid = False
        self._phase_done("forward", self.session.step + 1)

    def _backward(self) -> None:
        self._preview = None
        fwd = self.forward_result
        self.backward_result = self._plan.backward(self.session.params, fwd, fwd.y)
        self.backward_valid = True
        self._phase_done("backward", self.session.step + 1)

    def _update(self) -> None:
        # the new values go into the spare buffers (allocated once), which then swap
        # roles with the current ones: the old values stay, uncopied, as
        # previous_params
        s = self.session
        self._preview = None
        spare = self.previous_params or s.params.copy()
        state = s.optimizer_state
        spare_state = self.previous_state or state.copy()
        new = self._plan.update(
            s.params,
            self.backward_result,
            s.learning_rate,
            spare,
            s.optimizer,
            (state, spare_state),
        )
        self.previous_params, s.params = s.params, new
        self.previous_state, s.optimizer_state = state, spare_state
        backward = self.backward_result
        self.previous_revision, self.revision = self.revision, next(revisions)
        self._last_change = None
        s.step += 1
        self.last_update = UpdateRecord(
            s.step, s.learning_rate, s.optimizer, backward, self.revision
        )
        self.forward_valid = self.backward_valid = False
        self._phase_done("update", s.step)

    def _phase_done(self, phase: str, step: int) -> None:
        self.last_phase = phase
        self._resume = None  # the results of this phase are the ones now
        # EventSource.emit's delivery, inlined (three times an update): no
        # event built when nobody listens
        observers = self.events.phase_observers[phase]
        if observers:
            event = Event("phase", step, phase, self)
            for observer in observers:
                observer(event)

    def step_update(self) -> list[str]:
        """Run phases until one update has completed; returns the phases run."""
        ran = list(PHASES[PHASES.index(self.next_phase) :])
        with np.errstate(all="ignore"):
            self._step_update()
        return ran

    def _step_update(self) -> None:
        if not self.forward_valid:
            self._forward()
        if not self.backward_valid:
            self._backward()
        self._update()

    def run(
        self, updates: int, should_stop: Callable[[Trainer], bool] | None = None
    ) -> int:
        """Complete ``updates`` updates (finishing a partly run step first).

        ``should_stop`` is asked after each update; when it answers True the run ends
        early. Returns the number of updates completed.
        """
        done = 0
        with np.errstate(all="ignore"):
            while done < updates:
                self._step_update()
                done += 1
                if should_stop is not None and should_stop(self):
                    break
        return done

    def preview(self) -> ForwardResult:
        """A forward pass on the current parameters and the next batch, without
        touching the trainer's state or notifying anyone: what the next forward
        phase will compute. Views use it to show the effect of an edit at once."""
        if self.forward_valid:
            return self.forward_result
        if self._preview is None:
            samples, x, y = self._batch()
            with np.errstate(all="ignore"):
                self._preview = self._plan.forward(self.params, x, y, samples)
        return self._preview

    def current_loss(self) -> float:
        """The loss of the current parameters on the next batch (what the next
        forward phase computes), without warnings for diverged values."""
        return self.preview().loss

    def reset(self) -> None:
        """Back to the parameters and step the session started with, bitwise."""
        s = self.session
        s.params.assign(self._initial_params)
        s.step = self._initial_step
        initial = self._initial_state
        if tuple(initial.buffers) == s.optimizer.buffers:  # Adam ↔ AdamW too
            s.optimizer_state = initial.copy()
            s.optimizer_state.name = s.optimizer.name
        else:  # another kind of optimizer since: its state starts afresh
            s.optimizer_state = OptimizerState.fresh(
                s.optimizer.name, s.spec.trained_count()
            )
        self._install(s)
        self._emit("reset")

    def adopt(self, other: Trainer) -> None:
        """Take over the state of ``other`` (a replay of this trainer's history):
        session, parameters, caches and phase. The initial state, and so Reset,
        stay as they were. Observers hear a ``rewound`` event."""
        self.session = other.session
        self._plan = other._plan
        self.forward_result, self.backward_result = (
            other.forward_result,
            other.backward_result,
        )
        self.forward_valid, self.backward_valid = (
            other.forward_valid,
            other.backward_valid,
        )
        self.previous_params = other.previous_params
        self.previous_state = other.previous_state
        self.last_update = other.last_update
        self.revision, self.previous_revision = other.revision, other.previous_revision
        self.rows_revision = other.rows_revision
        self._last_change = other._last_change
        self.last_phase = other.last_phase
        self._preview = None
        self._resume = other._resume
        self._full_batch = other._full_batch
        self._split = other._split
        self._emit("rewound")

    def load(self, session: Session) -> None:
        """Replace the session (a new initial state)."""
        self._install(session)
        self._emit("loaded")
