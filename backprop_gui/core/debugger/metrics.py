"""Bounded per-step metrics for plotting: loss and gradient norm per layer.

A :class:`MetricsHistory` follows a trainer's events and records, for every update,
the loss of its forward pass and the L2 norm of each layer's weight gradient. Memory
stays bounded on runs of any length: when ``capacity`` points are stored, neighbouring
pairs are merged, so each stored point then stands for a bucket of steps. A merged
point keeps the step and value of the larger loss in the pair, so spikes stay visible.
"""

from __future__ import annotations

import math

import numpy as np

from .events import Event


class MetricsHistory:
    #: The phase events it reads (``trainer.events.subscribe(history, PHASES)``).
    PHASES = ("backward",)

    def __init__(self, depth: int, capacity: int = 4096) -> None:
        if capacity < 4 or capacity % 2:
            raise ValueError("capacity must be an even number >= 4")
        self.capacity = capacity
        self.depth = depth
        self._steps = np.empty(capacity, dtype=np.int64)
        self._loss = np.empty(capacity)
        self._norms = np.empty((capacity, depth))
        self._size = 0
        #: Each stored point covers this many consecutive updates.
        self.stride = 1
        self._in_last = 0  # updates folded into the last point so far

    def __len__(self) -> int:
        return self._size

    def clear(self, depth: int | None = None) -> None:
        if depth is not None and depth != self.depth:
            self.depth = depth
            self._norms = np.empty((self.capacity, depth))
        self._size = 0
        self.stride = 1
        self._in_last = 0

    @property
    def steps(self) -> np.ndarray:
        return self._steps[: self._size]

    @property
    def loss(self) -> np.ndarray:
        return self._loss[: self._size]

    @property
    def grad_norms(self) -> np.ndarray:
        """One row per stored point, one column per layer (W1, W2, ...)."""
        return self._norms[: self._size]

    def __call__(self, event: Event) -> None:
        kind = event.kind
        if kind == "phase":
            if event.phase == "backward":
                trainer = event.state
                loss = trainer.forward_result.loss
                slot = self._slot(loss)
                if slot is not None:  # the gradient norms only when they are kept
                    norms = [l2_norm(g) for g in trainer.backward_result.dW]
                    self._write(slot, event.step, loss, norms)
        elif kind in ("reset", "loaded"):
            self.clear(event.state.session.spec.depth)
        elif kind == "rewound":
            trainer = event.state
            self.truncate(trainer.step + (1 if trainer.backward_valid else 0))

    def truncate(self, last_step: int) -> None:
        """Forget points after update ``last_step`` (after a rewind)."""
        keep = int(np.searchsorted(self._steps[: self._size], last_step, side="right"))
        if keep < self._size:
            self._size = keep
            self._in_last = self.stride  # the last kept bucket is closed

    def record(self, step: int, loss: float, norms) -> None:
        """Add one update's metrics (merging pairs of points when full)."""
        slot = self._slot(loss)
        if slot is not None:
            self._write(slot, step, loss, norms)

    def _slot(self, loss: float) -> int | None:
        """Where an update with this loss goes: the open last point's index when it
        beats that point, a new point's index, or None (the last point stays)."""
        if self._size and self._in_last < self.stride:
            self._in_last += 1  # the last point's bucket is not full yet
            return self._size - 1 if _larger(loss, self._loss[self._size - 1]) else None
        if self._size == self.capacity:
            self._merge()
        self._size += 1
        self._in_last = 1
        return self._size - 1

    def _write(self, i: int, step: int, loss: float, norms) -> None:
        self._steps[i], self._loss[i], self._norms[i] = step, loss, norms

    def _merge(self) -> None:
        """Halve the points: each pair keeps the one with the larger loss."""
        half = self.capacity // 2
        pairs = self._loss.reshape(half, 2)
        later, earlier = pairs[:, 1], pairs[:, 0]
        # _larger's rule, on whole arrays
        index = np.arange(half) * 2 + ((later > earlier) | ~np.isfinite(later))
        self._steps[:half] = self._steps[index]
        self._loss[:half] = self._loss[index]
        self._norms[:half] = self._norms[index]
        self._size = half
        self.stride *= 2


def l2_norm(g: np.ndarray) -> float:
    """The L2 norm of all of ``g``'s entries (the gradient norms plotted and
    checked by breakpoints)."""
    flat = g.reshape(-1)
    return math.sqrt(np.dot(flat, flat))


def _larger(new: float, old: float) -> bool:
    """``new`` beats ``old``: larger, or not finite (a divergence must show)."""
    return new > old or not math.isfinite(new)
