"""One resolution of the metrics history (see :mod:`.metrics`): points that each
stand for a bucket of ``stride`` consecutive updates, merged in pairs into the
next coarser level when full."""

from __future__ import annotations

import numpy as np


class Level:
    """Points at one resolution: each covers ``stride`` consecutive updates."""

    def __init__(self, capacity: int, depth: int, stride: int) -> None:
        self.steps = np.empty(capacity, dtype=np.int64)
        self.loss = np.empty(capacity)
        #: the loss's parts, NaN without a penalty
        self.parts = np.full((capacity, 2), np.nan)
        self.norms = np.full((capacity, depth), np.nan)
        #: batch accuracy, validation loss, validation accuracy (NaN: none)
        self.scores = np.full((capacity, 3), np.nan)
        self.size = 0
        self.stride = stride
        self.in_last = 0  # updates folded into the last point so far
        #: the first update of point 0's bucket: bucket k holds the updates
        #: first + k·stride onwards (updates are recorded one after another)
        self.first: int | None = None
        #: updates of the next point's bucket that a rewind cut away with the
        #: point that held them (it stays aligned to its bucket)
        self.carry = 0
        #: the update recorded last (its forward may run again after an edit)
        self.last: int | None = None

    def merged(self) -> Level:
        """The next coarser level: each pair keeps the point with the larger loss."""
        capacity, depth = self.norms.shape
        half = capacity // 2
        coarser = Level(capacity, depth, self.stride * 2)
        pairs = self.loss.reshape(half, 2)
        later, earlier = pairs[:, 1], pairs[:, 0]
        # _larger's rule, on whole arrays
        index = np.arange(half) * 2 + ((later > earlier) | ~np.isfinite(later))
        coarser.steps[:half] = self.steps[index]
        coarser.loss[:half] = self.loss[index]
        coarser.parts[:half] = self.parts[index]
        coarser.norms[:half] = self.norms[index]
        coarser.scores[:half] = self.scores[index]
        # a pair's validation score stays, whichever point kept the bucket
        partner = self.scores[index ^ 1, 1:]
        missing = np.isnan(coarser.scores[:half, 1])
        coarser.scores[:half, 1:][missing] = partner[missing]
        coarser.size, coarser.in_last = half, coarser.stride
        coarser.first, coarser.last = self.first, self.last
        return coarser

    def truncate(self, last_step: int) -> None:
        """Keep the updates up to ``last_step``: the points whose update is
        not after it; the bucket of ``last_step`` stays open for the updates
        after it (counting those it holds already), so new points fall into
        the buckets they would have the first time."""
        keep = int(np.searchsorted(self.steps[: self.size], last_step, side="right"))
        self.size = keep
        self.carry = 0
        self.last = None if self.last is None else min(self.last, last_step)
        if self.first is None or last_step < self.first:
            self.size, self.in_last, self.first = 0, 0, None
            return
        bucket, offset = divmod(last_step - self.first, self.stride)
        if keep == bucket + 1:  # the point of last_step's bucket stays
            self.in_last = offset + 1
        else:  # it held a later update: cut, with the ones before it
            self.in_last = self.stride
            self.carry = (offset + 1) % self.stride
