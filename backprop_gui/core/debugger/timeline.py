"""Rewind: back one phase, back one update, or to the state after any earlier update.

The :class:`~.journal.Journal` already holds everything needed to rebuild any
earlier state exactly (the engine is deterministic). To keep a rewind quick, a
checkpoint of the complete trainer state (parameters, the latest forward and
backward results, the previous parameters) is taken every ``every`` updates, and a
rewind replays from the nearest checkpoint before the target. Memory stays bounded:
when checkpoints exceed ``budget_bytes``, every second one of the older half is
dropped, so they are dense near the present and sparse further back.

A rewind truncates the journal: whatever is done next (a phase, an edit) starts a
new branch, and the old future is gone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.optimizers import OptimizerState
from ..engine.parameters import Parameters
from ..engine.passes import BackwardResult, ForwardResult
from ..engine.session import Session
from .journal import Journal
from .trainer import Trainer, UpdateRecord
from .update_ends import UpdateEnds

DEFAULT_EVERY = 200
DEFAULT_BUDGET = 32 * 2**20
_ARRAY_OVERHEAD = 128  # an ndarray object without its data, roughly


@dataclass
class _Checkpoint:
    phases: int
    session: Session
    forward: ForwardResult | None
    backward: BackwardResult | None
    previous: Parameters | None
    previous_state: OptimizerState | None = None
    #: Whether the forward result's rows are still the dataset's samples (no
    #: sample added or removed since it ran).
    rows_current: bool = True

    def nbytes(self) -> int:
        """Memory held: the arrays' data, plus what the Python objects around them
        take (measured: ~4.6 kB for a mazur checkpoint whose data is 350 bytes)."""
        arrays = [*self.session.params.weights, *self.session.params.biases]
        arrays += self.session.optimizer_state.buffers.values()
        if self.previous_state is not None:
            arrays += self.previous_state.buffers.values()
        # the dataset is shared (read-only) by the checkpoints and the session;
        # one that an edit or import replaced is counted by the timeline
        if self.previous is not None:
            arrays += [*self.previous.weights, *self.previous.biases]
        if self.forward is not None:
            arrays += [*self.forward.z[1:], *self.forward.a[1:]]
        if self.backward is not None:
            arrays += [*self.backward.delta[1:], *self.backward.dW, *self.backward.db]
        return sum(a.nbytes for a in arrays) + _ARRAY_OVERHEAD * len(arrays) + 1024


class Timeline:
    """Subscribe it after the journal (it reads the journal's phase count)."""

    def __init__(
        self,
        trainer: Trainer,
        journal: Journal,
        every: int = DEFAULT_EVERY,
        budget_bytes: int = DEFAULT_BUDGET,
    ) -> None:
        self.trainer, self.journal = trainer, journal
        self.every, self.budget_bytes = every, budget_bytes
        self._checkpoints: list[_Checkpoint] = []
        self._bytes = 0
        #: Phase count at the end of each update since the initial state.
        self._update_ends = UpdateEnds()
        #: Histories that follow a rewind's replay, so they end as they were
        #: when the rewind's point was first reached (not patched afterwards
        #: from a state that later edits changed): before it, each is cut back
        #: with ``replay_from(step)`` to the replay's start (an update's end or
        #: the initial state, at ``step``), then it hears the replay's events
        #: (of its ``PHASES``).
        self.replay_observers: list = []
        trainer.events.subscribe(self._on_event, phases=("update",))

    # ------------------------------------------------------------ recording
    def _on_event(self, event) -> None:
        if event.kind == "phase" and event.phase == "update":
            self._update_ends.append(self.journal.phase_count)
            if len(self._update_ends) % self.every == 0:
                self._checkpoint()
        elif event.kind in ("reset", "loaded"):
            self._checkpoints.clear()
            self._bytes = 0
            self._update_ends = UpdateEnds()
        elif event.kind == "data":
            self._thin()  # checkpoints may now be all that holds the old data

    def _checkpoint(self) -> None:
        t = self.trainer
        snapshot = t.session.copy()  # parameters copied (they change in place)
        previous = None if t.previous_params is None else t.previous_params.copy()
        checkpoint = _Checkpoint(
            self.journal.phase_count,
            snapshot,
            t.forward_result,
            t.backward_result,
            previous,
            None if t.previous_state is None else t.previous_state.copy(),
            t.forward_result is None or t.forward_result.revision >= t.rows_revision,
        )
        self._checkpoints.append(checkpoint)
        self._bytes += checkpoint.nbytes()
        self._thin()

    def _thin(self) -> None:
        """Over budget: drop every second checkpoint of the older half (always at
        least one), so they stay dense near now and grow sparse further back."""
        while len(self._checkpoints) > 1 and self.memory_bytes() > self.budget_bytes:
            older = max(2, len(self._checkpoints) // 2)
            for dropped in self._checkpoints[0:older:2]:
                self._bytes -= dropped.nbytes()
            del self._checkpoints[0:older:2]

    def configure(self, budget_bytes: int, every: int) -> None:
        """A new memory budget and checkpoint interval (thinning at once)."""
        self.budget_bytes, self.every = budget_bytes, every
        self._thin()

    @property
    def checkpoint_count(self) -> int:
        return len(self._checkpoints)

    def memory_bytes(self) -> int:
        """What the checkpoints hold now (the journal itself is tiny)."""
        return self._bytes + self._old_data_bytes()

    def _old_data_bytes(self) -> int:
        """The datasets that only checkpoints hold: those from before an edit or
        an import (each counted once; the session's data, the journal's initial
        data and imported data, which the journal replays, are held anyway). A
        rewind that needs one a thinned checkpoint held rebuilds it from the
        journal."""
        held = [
            self.trainer.session.inputs,
            self.trainer.session.targets,
            self.journal.initial.inputs,
            self.journal.initial.targets,
        ]
        for kind, detail in self.journal.entries:
            if kind == "data" and isinstance(detail[0], np.ndarray):  # an import
                held += detail[:2]
        sizes = {}
        for checkpoint in self._checkpoints:
            for array in (checkpoint.session.inputs, checkpoint.session.targets):
                if not any(array is other for other in held):
                    sizes[id(array)] = array.nbytes
        return sum(sizes.values())

    # -------------------------------------------------------------- queries
    @property
    def phases(self) -> int:
        return self.journal.phase_count

    @property
    def updates(self) -> int:
        """Updates completed since the initial state."""
        return len(self._update_ends)

    @property
    def first_step(self) -> int:
        return self.journal.initial.step

    # ------------------------------------------------------------- rewinding
    def back_one_phase(self) -> bool:
        if self.phases == 0:
            return False
        self.rewind_to_phase(self.phases - 1)
        return True

    def back_one_update(self) -> bool:
        """To the state after the previous update (or the start)."""
        if self.updates == 0 and self.phases == 0:
            return False
        ends = self._update_ends
        done_this_step = self.phases > (ends[-1] if ends else 0)
        keep = len(ends) if done_this_step else len(ends) - 1
        self.rewind_to_phase(ends[keep - 1] if keep > 0 else 0)
        return True

    def rewind_to_step(self, step: int) -> None:
        """The state right after update ``step`` (its next phase is forward)."""
        k = step - self.first_step
        if not 0 <= k <= self.updates:
            raise ValueError(
                f"step {step} is not in this history ({self.first_step}–"
                f"{self.first_step + self.updates})"
            )
        self.rewind_to_phase(self._update_ends[k - 1] if k > 0 else 0)

    def rewind_to_phase(self, phases: int) -> None:
        """The state after the first ``phases`` phases of the history."""
        if not 0 <= phases <= self.phases:
            raise ValueError(f"phase {phases} is not in this history (0–{self.phases})")
        start = self._nearest_checkpoint(phases)
        replay = self._trainer_at(start)
        for observer in self.replay_observers:
            observer.replay_from(replay.step)
            replay.events.subscribe(observer, observer.PHASES)
        self.journal.run_range(replay, start.phases if start else 0, phases)
        self.journal.truncate(phases)
        self._checkpoints = [c for c in self._checkpoints if c.phases <= phases]
        self._bytes = sum(c.nbytes() for c in self._checkpoints)
        self._update_ends.truncate(self._update_ends.count_at_most(phases))
        self.trainer.adopt(replay)

    def _nearest_checkpoint(self, phases: int) -> _Checkpoint | None:
        found = None
        for checkpoint in self._checkpoints:
            if checkpoint.phases <= phases:
                found = checkpoint
        return found

    def _trainer_at(self, checkpoint: _Checkpoint | None) -> Trainer:
        if checkpoint is None:
            return Trainer(self.journal.initial.copy())
        trainer = Trainer(checkpoint.session.copy())
        trainer.forward_result = checkpoint.forward
        trainer.backward_result = checkpoint.backward
        trainer.previous_params = (
            None if checkpoint.previous is None else checkpoint.previous.copy()
        )
        trainer.previous_state = (
            None
            if checkpoint.previous_state is None
            else checkpoint.previous_state.copy()
        )
        if checkpoint.forward is not None:  # computed with the previous parameters
            trainer.previous_revision = checkpoint.forward.revision
            if checkpoint.rows_current:  # its rows are the samples now, as then
                trainer.rows_revision = checkpoint.forward.revision
        trainer.last_phase = "update"
        if checkpoint.backward is not None and trainer.previous_params is not None:
            # taken as the update ended: what it used is the checkpoint's own
            s = trainer.session
            trainer.last_update = UpdateRecord(
                s.step, s.learning_rate, s.optimizer, checkpoint.backward,
                trainer.revision,
            )  # fmt: skip
        return trainer
