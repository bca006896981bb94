"""The text of one phase's rows in the trace CSV (see :mod:`.trace`), built once
per phase and shape and filled with each step's numbers."""

from __future__ import annotations

import numpy as np


class PhaseRows:
    """The rows of one phase for given shapes, as a %-format of the numbers.

    ``for_samples(samples)`` gives the text with ``\0`` for the step and ``%s``
    for each number: rows of per-sample blocks (z, a, delta) carry the samples'
    dataset indices, filled into a skeleton once per batch (a full batch in order
    reuses its text)."""

    __slots__ = ("lines", "_skeleton", "_columns", "_samples", "_text")

    def __init__(self, blocks: list) -> None:
        parts, self._columns = [], []
        for head, value, per_sample in blocks:
            # "%%s" becomes the number's "%s" once the sample indices are filled in
            if isinstance(value, float):  # the loss: no layer, row or column
                parts.append(f"\0,{head}%%s\n")
            elif value.ndim == 1:
                parts.extend(f"\0,{head},{c},%%s\n" for c in range(value.shape[0]))
            else:  # a per-sample row is the sample's index, filled in per batch
                rows, cols = value.shape
                names = ["%d"] * rows if per_sample else range(rows)
                parts.extend(
                    f"\0,{head}{r},{c},%%s\n" for r in names for c in range(cols)
                )
                if per_sample:
                    self._columns.append(cols)
        self.lines = len(parts)
        self._skeleton = "".join(parts)
        self._samples = self._text = None

    def for_samples(self, samples) -> str:
        if self._text is None or (self._columns and samples is not self._samples):
            indices = [np.repeat(samples, cols) for cols in self._columns]
            labels = np.concatenate(indices).tolist() if indices else []
            self._text = self._skeleton % tuple(labels)
            self._samples = samples
        return self._text
