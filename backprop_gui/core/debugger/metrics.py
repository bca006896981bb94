"""Bounded per-update metrics for plotting: the loss and each layer's gradient norm.

With a weight penalty the loss is recorded with its two parts, the data loss and
the penalty (NaN without one). For a classification the accuracy on the update's
batch is recorded too, and with a validation split the validation data loss and
accuracy of the same parameters, once per epoch (every update in full batch).

A :class:`MetricsHistory` follows a trainer's events. The loss of an update is
recorded when its forward pass runs (a forward run again after an edit replaces
it), the L2 norm of each layer's weight gradient when its backward pass runs.

Memory stays bounded on runs of any length: when ``capacity`` points are stored,
neighbouring pairs are merged, so each stored point then stands for a bucket of
updates; a merged point keeps the update with the larger loss, so spikes stay
visible. The full level is kept before it is merged (one per doubling, so about
``log2(updates / capacity)`` of them): after a rewind the history goes back to the
finest level that still covers the present, so a rewind from update 100,000 to
update 1,234 shows every one of those 1,234 losses again.
"""

from __future__ import annotations

import math

import numpy as np

from ..engine.batching import batches_per_epoch
from .evaluation import batch_accuracy, score_rows
from .events import Event
from .metrics_level import Level as _Level


class MetricsHistory:
    #: The phase events it reads (``trainer.events.subscribe(history, PHASES)``).
    PHASES = ("forward", "backward")

    def __init__(self, depth: int, capacity: int = 4096) -> None:
        if capacity < 4 or capacity % 2:
            raise ValueError("capacity must be an even number >= 4")
        self.capacity = capacity
        self.depth = depth
        self._levels = [_Level(capacity, depth, 1)]

    @property
    def _open(self) -> _Level:
        return self._levels[-1]

    def __len__(self) -> int:
        return self._open.size

    @property
    def stride(self) -> int:
        """Each stored point covers this many consecutive updates."""
        return self._open.stride

    def clear(self, depth: int | None = None) -> None:
        if depth is not None:
            self.depth = depth
        self._levels = [_Level(self.capacity, self.depth, 1)]

    @property
    def steps(self) -> np.ndarray:
        return self._open.steps[: self._open.size]

    @property
    def loss(self) -> np.ndarray:
        return self._open.loss[: self._open.size]

    @property
    def data_loss(self) -> np.ndarray:
        """The loss without the penalty (NaN where there was no penalty)."""
        return self._open.parts[: self._open.size, 0]

    @property
    def penalty(self) -> np.ndarray:
        """The weight penalty part of the loss (NaN where there was none)."""
        return self._open.parts[: self._open.size, 1]

    @property
    def batch_accuracy(self) -> np.ndarray:
        """Accuracy on each update's batch (NaN without classes)."""
        return self._open.scores[: self._open.size, 0]

    @property
    def validation_loss(self) -> np.ndarray:
        """Validation data loss before each update (NaN where not evaluated)."""
        return self._open.scores[: self._open.size, 1]

    @property
    def validation_accuracy(self) -> np.ndarray:
        """Validation accuracy before each update (NaN where not evaluated)."""
        return self._open.scores[: self._open.size, 2]

    @property
    def grad_norms(self) -> np.ndarray:
        """One row per stored point, one column per layer (W1, W2, ...); NaN where
        the update's backward pass has not run."""
        return self._open.norms[: self._open.size]

    def __call__(self, event: Event) -> None:
        kind = event.kind
        if kind == "phase":
            trainer = event.trainer
            if event.phase == "forward":
                fwd = trainer.forward_result
                before = self._last_validation()
                if fwd.penalty is None:
                    self.record_loss(event.step, fwd.loss)
                else:
                    self.record_loss(event.step, fwd.loss, fwd.data_loss, fwd.penalty)
                scores = _scores(trainer, fwd)
                level = self._open
                if self._keeps(event.step):
                    if (
                        before is not None
                        and before[0] == (id(level), level.size)
                        and before[2] != event.step
                    ):
                        # the update took over another update's point of its
                        # bucket: a validation score of the bucket stays when
                        # this update has none (not when the point was this
                        # update's own, from its forward before an edit)
                        if math.isnan(scores[1]):
                            scores = (scores[0], *before[1])
                    level.scores[level.size - 1] = scores
                elif not math.isnan(scores[1]) and before is None:
                    # an epoch's validation score goes to its bucket's point
                    level.scores[level.size - 1, 1:] = scores[1:]
            elif event.phase == "backward" and self._keeps(event.step):
                self._open.norms[self._open.size - 1] = [
                    l2_norm(g) for g in trainer.backward_result.dW
                ]
        elif kind in ("reset", "loaded"):
            self.clear(event.trainer.session.spec.depth)
        # a rewind: the timeline replayed its way here with this history
        # listening (see :meth:`replay_from`), so nothing is left to do

    def replay_from(self, step: int) -> None:
        """A rewind's replay starts at the end of update ``step`` (or the
        initial state): forget what came after; the replay's events record it
        again exactly as the first time."""
        self.truncate(step)

    def _last_validation(self):
        """``((level id, size), (validation loss, accuracy), step)`` of the last
        point when it holds a validation score, else None."""
        level = self._open
        last = level.size - 1
        if not level.size or math.isnan(level.scores[last, 1]):
            return None
        return (id(level), level.size), tuple(level.scores[last, 1:]), level.steps[last]

    def truncate(self, last_step: int) -> None:
        """Forget points after update ``last_step`` (after a rewind), going back to
        the finest level that covers every update up to it."""
        for k, level in enumerate(self._levels):
            covers = k == len(self._levels) - 1 or (
                level.size and level.steps[level.size - 1] >= last_step
            )
            if covers:
                del self._levels[k + 1 :]
                level.truncate(last_step)
                return

    def record(self, step: int, loss: float, norms) -> None:
        """Add one update's metrics (merging pairs of points when full)."""
        self.record_loss(step, loss)
        if self._keeps(step):
            self._open.norms[self._open.size - 1] = norms

    def _keeps(self, step: int) -> bool:
        """Whether the last point is update ``step``'s (its loss won its bucket):
        then that update's gradient norms go with it."""
        level = self._open
        return bool(level.size) and level.steps[level.size - 1] == step

    def record_loss(
        self, step: int, loss: float, data_loss=math.nan, penalty=math.nan
    ) -> None:
        level = self._open
        if self._keeps(step):
            # the same update's forward again (after an edit): its loss now
            self._write(level, level.size - 1, step, loss, data_loss, penalty)
            return
        if level.size and step == level.last:
            # its forward again (after an edit): the bucket has counted it
            if _larger(loss, level.loss[level.size - 1]):
                self._write(level, level.size - 1, step, loss, data_loss, penalty)
            return
        level.last = step
        if level.size and level.in_last < level.stride:
            level.in_last += 1  # the last point's bucket is not full yet
            if _larger(loss, level.loss[level.size - 1]):
                self._write(level, level.size - 1, step, loss, data_loss, penalty)
            return
        if level.size == self.capacity:
            level = level.merged()  # the full level stays, for rewinds
            self._levels.append(level)
        if not level.size:
            level.first = step
        level.size += 1
        level.in_last, level.carry = 1 + level.carry, 0
        self._write(level, level.size - 1, step, loss, data_loss, penalty)

    @staticmethod
    def _write(level: _Level, i, step, loss, data_loss, penalty) -> None:
        level.steps[i], level.loss[i] = step, loss
        level.parts[i] = data_loss, penalty
        level.norms[i] = np.nan
        level.scores[i] = np.nan


def _scores(trainer, fwd) -> tuple[float, float, float]:
    """Batch accuracy, validation loss and accuracy for a forward pass's point."""
    session = trainer.session
    classes = session.classes
    accuracy = math.nan if classes is None else batch_accuracy(fwd)
    rows = trainer.validation_rows()
    if not rows.size:
        return accuracy, math.nan, math.nan
    every = batches_per_epoch(session.n_training, session.batch_size)
    if (trainer.step % every) != 0:
        return accuracy, math.nan, math.nan
    scores = score_rows(
        trainer.evaluation_plan,
        trainer.params,
        session,
        rows,
        None if classes is None else len(classes),
    )
    return (
        accuracy,
        scores.loss,
        math.nan if scores.accuracy is None else scores.accuracy,
    )


def l2_norm(g: np.ndarray) -> float:
    """The L2 norm of all of ``g``'s entries (the gradient norms plotted and
    checked by breakpoints)."""
    flat = g.reshape(-1)
    return math.sqrt(np.dot(flat, flat))


def _larger(new: float, old: float) -> bool:
    """``new`` beats ``old``: larger, or not finite (a divergence must show)."""
    return new > old or not math.isfinite(new)
