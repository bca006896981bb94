"""Which parameter each row of the parameter table holds.

Rows come layer by layer: the weights feeding layer 1 (source-major, so
``W[l][i, j]`` is row ``start + i * width + j``), its biases, then layer 2, and so
on. Empty blocks (no biases) take no rows.
"""

from __future__ import annotations

import bisect

from ..core.engine.keys import ParameterKey


class ParameterRowLayout:
    """The rows of a network's parameters (the weights and biases arrays)."""

    def __init__(self, weights, biases) -> None:
        #: ``starts[k]`` is the first row of block k = (kind, l, shape)
        self.starts: list[int] = []
        self.blocks: list[tuple[str, int, tuple]] = []
        row = 0
        for l, (w, b) in enumerate(zip(weights, biases)):
            for kind, array in (("W", w), ("b", b)):
                if array.size:
                    self.starts.append(row)
                    self.blocks.append((kind, l, array.shape))
                    row += array.size
        self.rows = row

    def locate(self, row: int) -> ParameterKey:
        """The parameter of a row."""
        k = bisect.bisect_right(self.starts, row) - 1
        kind, l, shape = self.blocks[k]
        offset = row - self.starts[k]
        if kind == "W":
            return ParameterKey.weight(l, *divmod(offset, shape[1]))
        return ParameterKey.bias(l, offset)

    def row_of(self, key: ParameterKey) -> int:
        """The row of a parameter (KeyError if the network has none such)."""
        for start, (kind, layer, shape) in zip(self.starts, self.blocks):
            if kind == key.kind and layer == key.layer:
                if key.kind == "W":
                    return start + key.source * shape[1] + key.target
                return start + key.target
        raise KeyError(key)

    def layer_of_row(self, row: int) -> int:
        return self.blocks[bisect.bisect_right(self.starts, row) - 1][1]
