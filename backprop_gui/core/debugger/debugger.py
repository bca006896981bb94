"""The debugging session: one object that owns the trainer and everything derived
from it, and offers every command a user can give.

The GUI, the command line and tests drive a :class:`Debugger`; nothing else changes
the trainer, the timeline or the derived state. Each command announces what it did
with one :class:`~.events.Event` (``debugger.events.subscribe``), whose kind says
what became stale (see ``EVENT_KINDS``). Every derived result records the state
it was computed from (the trainer's revision), so a reader gets current values or
values it can mark stale, never a mix:

* ``forward_result`` / ``backward_result``: see the trainer's ``forward_valid``,
  ``backward_valid`` and ``parameters_of``;
* :meth:`Debugger.gradient_check_result`: None once anything changed since;
* :meth:`Debugger.explain`: one consistent pass, with ``stale`` set when it is not
  the current state's;
* ``metrics``, ``watches``, ``data_changes``: cut back on a rewind, cleared on a
  reset or load.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ..engine.keys import NeuronKey, ParameterKey
from ..engine.optimizer_spec import OptimizerSpec, Regularization
from ..engine.parameters import Parameters
from ..engine.session import Session
from .breakpoints import Breakpoints, Condition, Hit
from .data_changes import DataChanges
from .data_commands import DataCommands
from .decision_grid import OutputGrid, output_grid
from .evaluation import Evaluation
from .events import Event
from .explain import Explanation, explain
from .file_commands import FileCommands, NotSaveable
from .gradcheck import GradCheckResult, LossComparison, check_trainer, compare_losses
from .journal import Journal, ReplayCancelled
from .metrics import MetricsHistory
from .quiz import Quiz
from .quiz_commands import QuizCommands
from .timeline import DEFAULT_BUDGET, DEFAULT_EVERY, Timeline
from .trainer import Trainer
from .watches import Watches

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_EVERY",
    "Debugger",
    "NotSaveable",
    "ReplayCancelled",
    "RunResult",
]


@dataclass(frozen=True)
class RunResult:
    #: Updates completed.
    done: int
    #: The breakpoint (or non-finite value) that stopped the run, if any.
    hit: Hit | None


@dataclass(frozen=True)
class RewindMemory:
    budget_bytes: int
    every: int
    used_bytes: int
    checkpoints: int
    updates: int


@dataclass(frozen=True)
class _Check:
    result: GradCheckResult
    revision: int


class Debugger(QuizCommands, DataCommands, FileCommands):
    def __init__(
        self,
        session: Session,
        rewind_every: int = DEFAULT_EVERY,
        rewind_budget: int = DEFAULT_BUDGET,
    ) -> None:
        self.trainer = Trainer(session)
        #: Every event of the session: the trainer's and the debugger's own.
        self.events = self.trainer.events
        self.journal = Journal(self.trainer)
        self.timeline = Timeline(self.trainer, self.journal)  # after the journal
        self.set_rewind_memory(rewind_budget, rewind_every)
        self.metrics = MetricsHistory(session.spec.depth)
        self.events.subscribe(self.metrics, MetricsHistory.PHASES)
        self.timeline.replay_observers.append(self.metrics)
        #: Where the samples changed in the metrics' history (plots mark them).
        self.data_changes = DataChanges(self.journal, session)
        self.events.subscribe(self.data_changes, DataChanges.PHASES)
        #: Pinned parameters and neurons, recorded after every update.
        self.watches = Watches()
        self.events.subscribe(self.watches, Watches.PHASES)
        #: Checked after every update of a run (non-finite values always stop).
        self.breakpoints = Breakpoints()
        self._check: _Check | None = None
        self._evaluation: Evaluation | None = None
        #: Predict mode: the quiz under way (a session file's plan starts one).
        self.quiz: Quiz | None = None if session.quiz is None else Quiz(session.quiz)

    # ---------------------------------------------------------------- state
    @property
    def session(self) -> Session:
        return self.trainer.session

    @property
    def step(self) -> int:
        return self.trainer.step

    def non_finite(self) -> str | None:
        """What is not finite now (``W1[1→2]``, a neuron, the loss), or None."""
        return self.trainer.non_finite()

    def current_loss(self) -> float:
        """The loss the current parameters give on the next batch."""
        return self.trainer.current_loss()

    def gradient_check_result(self) -> GradCheckResult | None:
        """The latest gradient check, while it is the current state's."""
        check = self._check
        if check is None or check.revision != self.trainer.revision:
            return None
        return check.result

    def explain(self, key: tuple) -> Explanation:
        """The chain rule of a gradient, delta or activation with the numbers of
        one pass (see :mod:`.explain`); ValueError when there is none."""
        return explain(self.trainer, key)

    def decision_grid(self, resolution: int = 80, aspect: float = 1.0) -> OutputGrid:
        """The outputs over the input plane for a plot ``aspect`` times as wide
        as it is high (see :func:`.decision_grid.plot_ranges`)."""
        return output_grid(self.trainer, resolution, aspect=aspect)

    def rewind_memory(self) -> RewindMemory:
        t = self.timeline
        return RewindMemory(
            t.budget_bytes, t.every, t.memory_bytes(), t.checkpoint_count, t.updates
        )

    def history_steps(self) -> tuple[int, int]:
        """The first and last step a rewind can reach."""
        first = self.timeline.first_step
        return first, first + self.timeline.updates

    # ------------------------------------------------------------ stepping
    def next_phase(self) -> str:
        return self.trainer.run_phase()

    def step_update(self) -> list[str]:
        return self.trainer.step_update()

    def start_run(self) -> None:
        """A run begins from the current state: breakpoints that hold now fire
        only when they are crossed again."""
        self.breakpoints.arm(self.trainer)

    def run(self, updates: int, deadline: float | None = None) -> RunResult:
        """Up to ``updates`` updates; stops at a breakpoint or a value that is not
        finite, and after the update that ends at or past ``deadline`` (a
        ``time.monotonic()`` value; at least one update is done)."""
        hit = None

        def stop(trainer: Trainer) -> bool:
            nonlocal hit
            hit = self.breakpoints.check(trainer)
            return hit is not None or (
                deadline is not None and time.monotonic() >= deadline
            )

        done = self.trainer.run(updates, stop)
        return RunResult(done, hit)

    # --------------------------------------------------------------- edits
    def set_parameter(self, key: ParameterKey, value: float) -> None:
        self.trainer.set_parameter(key, value)

    def set_parameters(self, params: Parameters) -> None:
        self.trainer.set_parameters(params)

    def set_learning_rate(self, lr: float) -> None:
        self.trainer.set_learning_rate(lr)

    def set_batching(self, batch_size: int | None, shuffle_seed: int | None) -> None:
        self.trainer.set_batching(batch_size, shuffle_seed)

    def check_settings(self, batch_size, shuffle_seed, split) -> None:
        """``ValueError`` unless batching and a validation split fit together
        (see :meth:`Trainer.check_settings`)."""
        self.trainer.check_settings(batch_size, shuffle_seed, split)

    def set_optimizer(self, optimizer: OptimizerSpec, state=None) -> None:
        """Another optimizer or options (``state``: install a copy of this
        optimizer state, e.g. to undo)."""
        self.trainer.set_optimizer(optimizer, state)

    def set_regularization(self, regularization: Regularization) -> None:
        self.trainer.set_regularization(regularization)

    def check_buffer_entry(self, buffer: str, key: ParameterKey, value) -> float:
        """ValueError unless :meth:`set_buffer_entry` accepts ``value``."""
        return self.trainer.check_buffer_entry(buffer, key, value)

    def set_buffer_entry(self, buffer: str, key: ParameterKey, value: float) -> None:
        self.trainer.set_buffer_entry(buffer, key, value)

    def back_one_phase(self) -> bool:
        return self.timeline.back_one_phase()

    def back_one_update(self) -> bool:
        return self.timeline.back_one_update()

    def rewind_to_step(self, step: int) -> None:
        self.timeline.rewind_to_step(step)

    def reset(self) -> None:
        self.trainer.reset()

    def load(self, session: Session) -> list[Condition]:
        """Replace the session; breakpoints that name a layer or parameter the
        new network lacks are dropped and returned. Watches end."""
        dropped = self.breakpoints.keep_fitting(session.spec)
        self._check = None
        self.quiz = None if session.quiz is None else Quiz(session.quiz)
        self.trainer.load(session)
        return dropped

    def set_rewind_memory(self, budget_bytes: int, every: int) -> None:
        """Checkpoint every ``every`` updates within ``budget_bytes``."""
        if int(every) < 1 or int(budget_bytes) < 1:
            raise ValueError("the checkpoint interval and budget must be >= 1")
        self.timeline.configure(int(budget_bytes), int(every))

    # -------------------------------------------------------------- checks
    def gradient_check(
        self,
        progress: Callable[[int, int], bool | None] | None = None,
        sample: int | None = None,
        seed: int = 0,
    ) -> GradCheckResult:
        """Check every parameter, or a random ``sample`` of them; the result is
        kept until the state changes. ``progress(done, total)`` returning False
        cancels (GradCheckCancelled)."""
        result = check_trainer(
            self.trainer, progress=progress, sample=sample, seed=seed
        )
        self._check = _Check(result, self.trainer.revision)
        self._emit("checked", result)
        return result

    def compare_losses(self, other: str) -> LossComparison:
        return compare_losses(self.trainer, other)

    # ------------------------------------------------- watches, breakpoints
    def add_watch(self, key: ParameterKey | NeuronKey) -> None:
        self.watches.add(key, self.trainer)
        self._emit("watches")

    def remove_watch(self, key: ParameterKey | NeuronKey) -> None:
        self.watches.remove(key)
        self._emit("watches")

    def add_breakpoint(self, condition: Condition) -> None:
        if not condition.fits(self.session.spec):
            raise ValueError(f"this network has no {condition.describe()}")
        self.breakpoints.add(condition)
        self._emit("breakpoints")

    def remove_breakpoint(self, condition: Condition) -> None:
        self.breakpoints.remove(condition)
        self._emit("breakpoints")

    def back_to_finite(self) -> bool:
        """After a divergence: back to the last update whose parameters and
        optimizer state are all finite. Returns whether it moved."""
        moved = False
        while (
            not self.session.params.all_finite()
            or not self.session.optimizer_state.all_finite()
        ) and self.back_one_update():
            moved = True
        return moved

    # --------------------------------------------------------------- events
    def _emit(self, kind: str, detail=None) -> None:
        self.events.emit(Event(kind, self.step, None, self.trainer, detail))
