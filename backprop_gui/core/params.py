"""Parameter values of a network: weights and biases, and how they are drawn.

``weights[l]`` (0-based) has shape ``(layers[l], layers[l + 1])``:
``weights[l][i, j]`` joins neuron ``i`` of layer ``l`` to neuron ``j`` of layer
``l + 1``. ``biases[l]`` feeds layer ``l + 1`` and has one value per neuron
(``per_neuron``), one value (``shared``) or none (``none``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .spec import InitSpec, NetworkSpec

_all, _isfinite = np.logical_and.reduce, np.isfinite


@dataclass
class Parameters:
    weights: list[np.ndarray]
    biases: list[np.ndarray]

    def copy(self) -> Parameters:
        return Parameters(
            [w.copy() for w in self.weights], [b.copy() for b in self.biases]
        )

    def assign(self, other: Parameters) -> None:
        """Copy ``other``'s values into these arrays (keeps the array objects)."""
        for mine, theirs in zip(
            self.weights + self.biases, other.weights + other.biases
        ):
            np.copyto(mine, theirs)

    def identical(self, other: Parameters) -> bool:
        """Bitwise equality (NaN payloads and the sign of zero included)."""
        mine, theirs = self.weights + self.biases, other.weights + other.biases
        return len(mine) == len(theirs) and all(
            a.shape == b.shape and a.tobytes() == b.tobytes()
            for a, b in zip(mine, theirs)
        )

    def all_finite(self) -> bool:
        # ufuncs called directly: this runs after every update of a run
        return all(_all(_isfinite(t), None) for t in self.weights + self.biases)

    def tensors(self):
        """Yield ``(name, layer, array)`` for every tensor: ``W1``, ``b1``, ...
        where ``layer`` is the 1-based layer the tensor feeds."""
        for l, (w, b) in enumerate(zip(self.weights, self.biases), start=1):
            yield f"W{l}", l, w
            if b.size:
                yield f"b{l}", l, b


def check_shapes(spec: NetworkSpec, params: Parameters) -> None:
    """Raise ``ValueError`` if ``params`` does not fit ``spec``."""
    if len(params.weights) != spec.depth or len(params.biases) != spec.depth:
        raise ValueError(
            f"expected {spec.depth} weight and bias layers, got "
            f"{len(params.weights)} and {len(params.biases)}"
        )
    for l in range(spec.depth):
        want = (spec.layers[l], spec.layers[l + 1])
        if params.weights[l].shape != want:
            raise ValueError(
                f"weights[{l}] has shape {params.weights[l].shape}, expected {want}"
            )
        want_b = (spec.bias_size(l + 1),)
        if params.biases[l].shape != want_b:
            raise ValueError(
                f"biases[{l}] has {params.biases[l].size} values, expected {want_b[0]}"
            )


def initialise(spec: NetworkSpec, init: InitSpec) -> Parameters:
    """Draw parameters layer by layer from one ``default_rng(init.seed)`` stream."""
    rng = np.random.default_rng(init.seed)
    weights = []
    for fan_in, fan_out in zip(spec.layers[:-1], spec.layers[1:]):
        shape = (fan_in, fan_out)
        if init.scheme == "uniform":
            w = rng.uniform(init.low, init.high, shape)
        elif init.scheme == "normal":
            w = rng.normal(0.0, init.std, shape)
        elif init.scheme == "xavier":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            w = rng.uniform(-limit, limit, shape)
        else:  # he
            w = rng.normal(0.0, np.sqrt(2.0 / fan_in), shape)
        weights.append(np.ascontiguousarray(w, dtype=np.float64))
    biases = [
        np.full(spec.bias_size(l), init.bias, dtype=np.float64)
        for l in range(1, spec.depth + 1)
    ]
    return Parameters(weights, biases)
