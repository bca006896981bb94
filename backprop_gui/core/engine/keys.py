"""Names of single parameters: one key type and one way to write it for people.

A :class:`ParameterKey` is ``("W", l, i, j)`` for the weight ``weights[l][i, j]``
(from neuron ``i`` of layer ``l`` to neuron ``j`` of layer ``l + 1``) or
``("b", l, None, j)`` for the bias ``biases[l][j]`` (``j`` is 0 for a shared bias).
Indices are 0-based as in files and the API; :meth:`ParameterKey.label` writes them
1-based, as every view does: ``W1[1→2]``, ``b2[1]``, or ``b2`` for a shared bias.
"""

from __future__ import annotations

from typing import NamedTuple


class ParameterKey(NamedTuple):
    kind: str  # "W" or "b"
    layer: int  # 0-based: the weight matrix or bias vector feeding layer + 1
    source: int | None  # i for a weight, None for a bias
    target: int  # j

    @classmethod
    def weight(cls, l: int, i: int, j: int) -> ParameterKey:
        return cls("W", int(l), int(i), int(j))

    @classmethod
    def bias(cls, l: int, j: int) -> ParameterKey:
        return cls("b", int(l), None, int(j))

    @property
    def index(self) -> tuple[int, ...]:
        """The index into the layer's array: ``(i, j)`` or ``(j,)``."""
        return (self.source, self.target) if self.kind == "W" else (self.target,)

    def array_in(self, params):
        """The weight matrix or bias vector of ``params`` (a ``Parameters`` or
        anything with ``weights``/``biases`` lists) that holds this parameter."""
        return (params.weights if self.kind == "W" else params.biases)[self.layer]

    def read(self, params) -> float:
        return float(self.array_in(params)[self.index])

    def exists_in(self, spec) -> bool:
        """Whether a network of ``spec`` has this parameter."""
        if not 0 <= self.layer < spec.depth or self.target < 0:
            return False
        if self.kind == "W":
            return (
                self.source is not None
                and 0 <= self.source < spec.layers[self.layer]
                and self.target < spec.layers[self.layer + 1]
            )
        return self.target < spec.bias_size(self.layer + 1)

    def label(self, shared: bool = False) -> str:
        """``W1[1→2]`` or ``b2[1]`` (``b2`` for a bias shared by the layer)."""
        if self.kind == "W":
            return f"W{self.layer + 1}[{self.source + 1}→{self.target + 1}]"
        if shared:
            return f"b{self.layer + 1}"
        return f"b{self.layer + 1}[{self.target + 1}]"

    @classmethod
    def of_tensor(cls, name: str, index: tuple) -> ParameterKey:
        """From a tensor name (``W1``, ``b2``: 1-based) and a 0-based index."""
        l = int(name[1:]) - 1
        if name[0] == "W":
            return cls.weight(l, *index)
        return cls.bias(l, index[0])


class NeuronKey(NamedTuple):
    """A neuron: ``layer`` 0 is the input layer, ``neuron`` 0-based."""

    layer: int
    neuron: int

    def exists_in(self, spec) -> bool:
        return (
            0 <= self.layer <= spec.depth and 0 <= self.neuron < spec.layers[self.layer]
        )

    def label(self, shared: bool = False) -> str:
        return f"a of neuron {self.neuron + 1} in layer {self.layer}"
