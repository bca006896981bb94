"""Parameter values of a network: weights and biases, and how they are drawn.

``weights[l]`` (0-based) has shape ``(layers[l], layers[l + 1])``:
``weights[l][i, j]`` joins neuron ``i`` of layer ``l`` to neuron ``j`` of layer
``l + 1``. ``biases[l]`` feeds layer ``l + 1`` and has one value per neuron
(``per_neuron``), one value (``shared``) or none (``none``).
"""

from __future__ import annotations

import math

import numpy as np

from .keys import ParameterKey
from .spec import InitSpec, NetworkSpec

_all, _isfinite = np.logical_and.reduce, np.isfinite


def parameter_shapes(spec: NetworkSpec) -> tuple[list[tuple], list[tuple]]:
    """The shapes of ``spec``'s weights and biases, in the order of
    ``Parameters.flat``: ``(weight shapes, bias shapes)``."""
    weights = [(spec.layers[l], spec.layers[l + 1]) for l in range(spec.depth)]
    biases = [(spec.bias_size(l + 1),) for l in range(spec.depth)]
    return weights, biases


def flat_layout(shapes: list[tuple]) -> list[tuple[int, int, tuple | None]]:
    """Where arrays of the given shapes lie in one flat buffer, consecutively:
    ``(start, stop, shape)`` each, ``shape`` None for a vector (a slice already is
    one: no reshape needed)."""
    layout, start = [], 0
    for shape in shapes:
        stop = start + math.prod(shape)
        layout.append((start, stop, None if len(shape) == 1 else shape))
        start = stop
    return layout


def views_at(flat: np.ndarray, layout: list[tuple]) -> list[np.ndarray]:
    """Views into ``flat`` laid out by :func:`flat_layout`."""
    return [
        flat[start:stop] if shape is None else flat[start:stop].reshape(shape)
        for start, stop, shape in layout
    ]


def flat_views(flat: np.ndarray, shapes: list[tuple]) -> list[np.ndarray]:
    """Consecutive arrays of the given shapes, each a view into ``flat``."""
    return views_at(flat, flat_layout(shapes))


class Parameters:
    """The weights and biases of a network.

    All values live in one float64 buffer, ``flat``: every weight matrix in
    order, then every bias vector. ``weights`` and ``biases`` are views into it, so
    whole-network work (the update, a copy, the finiteness check after every
    update of a run) is one NumPy call however many layers there are. Change values
    through the views (``weights[l][i, j] = v``); never rebind the list items.
    """

    __slots__ = ("flat", "weights", "biases")

    def __init__(self, weights: list, biases: list) -> None:
        arrays = [np.asarray(a, dtype=np.float64) for a in (*weights, *biases)]
        self._view(np.empty(sum(a.size for a in arrays)), arrays, len(weights))
        for view, array in zip((*self.weights, *self.biases), arrays):
            view[...] = array

    def _view(self, flat: np.ndarray, like: list, n_weights: int) -> None:
        """Take ``flat`` as the buffer, split like the arrays of ``like``."""
        views = flat_views(flat, [a.shape for a in like])
        self.flat = flat
        self.weights, self.biases = views[:n_weights], views[n_weights:]

    def shapes(self) -> list[tuple]:
        """The shapes of the weights, then of the biases (the layout of ``flat``)."""
        return [a.shape for a in (*self.weights, *self.biases)]

    def __repr__(self) -> str:
        return f"Parameters(shapes={self.shapes()})"

    def copy(self) -> Parameters:
        new = Parameters.__new__(Parameters)
        new._view(self.flat.copy(), [*self.weights, *self.biases], len(self.weights))
        return new

    def assign(self, other: Parameters) -> None:
        """Copy ``other``'s values into these arrays (keeps the array objects)."""
        if other.shapes() != self.shapes():
            raise ValueError("parameters of another shape")
        np.copyto(self.flat, other.flat)

    def identical(self, other: Parameters) -> bool:
        """Bitwise equality (NaN payloads and the sign of zero included)."""
        return (
            self.shapes() == other.shapes()
            and self.flat.tobytes() == other.flat.tobytes()
        )

    def all_finite(self) -> bool:
        return bool(_all(_isfinite(self.flat), None))

    def tensors(self):
        """Yield ``(name, layer, array)`` for every tensor: ``W1``, ``b1``, ...
        where ``layer`` is the 1-based layer the tensor feeds."""
        for l, (w, b) in enumerate(zip(self.weights, self.biases), start=1):
            yield f"W{l}", l, w
            if b.size:
                yield f"b{l}", l, b

    def key_at(self, index: int) -> ParameterKey:
        """The parameter at position ``index`` of ``flat``."""
        start = 0
        for kind, arrays in (("W", self.weights), ("b", self.biases)):
            for l, tensor in enumerate(arrays, start=1):
                if 0 <= index - start < tensor.size:
                    where = np.unravel_index(index - start, tensor.shape)
                    name = f"{kind}{l}"
                    return ParameterKey.of_tensor(name, tuple(int(i) for i in where))
                start += tensor.size
        raise IndexError(index)

    def first_non_finite(self) -> ParameterKey | None:
        """The first value that is not finite, in the order of :meth:`tensors`, or
        None when every value is finite (then it costs one reduction)."""
        if self.all_finite():
            return None
        for name, _layer, tensor in self.tensors():
            bad = ~np.isfinite(tensor)
            if bad.any():
                where = np.unravel_index(int(np.argmax(bad)), tensor.shape)
                return ParameterKey.of_tensor(name, tuple(int(i) for i in where))
        return None


def check_shapes(spec: NetworkSpec, params: Parameters) -> None:
    """Raise ``ValueError`` if ``params`` does not fit ``spec``."""
    if len(params.weights) != spec.depth or len(params.biases) != spec.depth:
        raise ValueError(
            f"expected {spec.depth} weight and bias layers, got "
            f"{len(params.weights)} and {len(params.biases)}"
        )
    weight_shapes, bias_shapes = parameter_shapes(spec)
    for l, (want, want_b) in enumerate(zip(weight_shapes, bias_shapes)):
        if params.weights[l].shape != want:
            raise ValueError(
                f"weights[{l}] has shape {params.weights[l].shape}, expected {want}"
            )
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


class BufferViews:
    """Per-parameter values laid out like the trained part of
    ``Parameters.flat`` (an optimizer buffer), seen as ``weights`` and ``biases``
    lists like :class:`Parameters` (frozen biases: empty), so that a
    ``ParameterKey`` reads and writes them."""

    __slots__ = ("weights", "biases")

    def __init__(self, weights: list, biases: list) -> None:
        self.weights, self.biases = weights, biases


def buffer_views(buffer: np.ndarray, spec: NetworkSpec) -> BufferViews:
    """Views into ``buffer`` (one optimizer buffer of a network of ``spec``)."""
    weight_shapes, bias_shapes = parameter_shapes(spec)
    if spec.trained_count() < spec.parameter_count():  # frozen biases: none
        views = views_at(buffer, flat_layout(weight_shapes))
        return BufferViews(views, [np.empty(0) for _ in bias_shapes])
    views = views_at(buffer, flat_layout(weight_shapes + bias_shapes))
    return BufferViews(views[: spec.depth], views[spec.depth :])
