"""The phase count at the end of each update since a timeline's initial state,
stored compactly (see :class:`UpdateEnds`)."""

from __future__ import annotations


class UpdateEnds:
    """The phase count at the end of each update, as runs of equal steps: a run
    adds 3 phases per update, so a million updates take a few numbers, not 8 MB.

    Supports ``len``, indexing (``ends[k]``, ``ends[-1]``), ``append``,
    ``truncate(keep)`` and ``count_at_most(phases)``."""

    def __init__(self) -> None:
        # [first index, first end, step between ends, length]
        self._runs: list[list[int]] = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def append(self, end: int) -> None:
        runs = self._runs
        last = runs[-1] if runs else None
        if last is not None and last[3] == 1:
            last[2], last[3] = end - last[1], 2
        elif last is not None and end - (last[1] + last[2] * (last[3] - 1)) == last[2]:
            last[3] += 1
        else:
            runs.append([self._length, end, 0, 1])
        self._length += 1

    def _run_of(self, k: int) -> list[int]:
        runs, lo, hi = self._runs, 0, len(self._runs) - 1
        while lo < hi:  # the last run starting at or before k
            mid = (lo + hi + 1) // 2
            if runs[mid][0] <= k:
                lo = mid
            else:
                hi = mid - 1
        return runs[lo]

    def __getitem__(self, k: int) -> int:
        if k < 0:
            k += self._length
        if not 0 <= k < self._length:
            raise IndexError(k)
        first, end, step, _n = self._run_of(k)
        return end + step * (k - first)

    def truncate(self, keep: int) -> None:
        """Forget the ends after the first ``keep``."""
        keep = max(0, min(keep, self._length))
        while self._runs and self._runs[-1][0] >= keep:
            self._runs.pop()
        if self._runs:
            last = self._runs[-1]
            last[3] = min(last[3], keep - last[0])
        self._length = keep

    def count_at_most(self, phases: int) -> int:
        """How many ends are <= ``phases`` (the ends increase)."""
        lo, hi = 0, self._length
        while lo < hi:
            mid = (lo + hi) // 2
            if self[mid] <= phases:
                lo = mid + 1
            else:
                hi = mid
        return lo
