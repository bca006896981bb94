"""The backpropagation math: one forward pass and one backward pass.

Layer indices: layer 0 holds the inputs, layers ``1..L`` are computed. In the result
objects ``z``, ``a`` and ``delta`` are lists of length ``L + 1`` indexed by layer
(``z[0]`` and ``delta[0]`` are ``None``, ``a[0]`` is the input batch); ``dW`` and ``db``
are indexed like ``Parameters.weights``: ``dW[l - 1]`` is the gradient of the weights
feeding layer ``l``. Rows of ``z``/``a``/``delta`` are samples, columns are neurons.

A :class:`Plan` is a network spec resolved once (activation objects, loss functions,
bias handling), so that each pass does only the math; the trainer keeps one.
The passes may overflow on diverging values (a state the debugger must show, not an
error); callers that must stay silent run them under ``np.errstate(all="ignore")``,
as the trainer does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import operand
from .losses import OUTPUT_DELTAS, output_and_loss
from .parameters import Parameters, flat_layout, parameter_shapes, views_at
from .spec import NetworkSpec


@dataclass(slots=True)
class ForwardResult:
    z: list
    a: list
    loss: float
    #: Row indices (into the dataset) of the samples in this batch.
    samples: np.ndarray
    #: The targets of the batch the loss was computed against (``a[0]`` holds
    #: the inputs), so that a result explains itself after the data changed.
    y: np.ndarray
    #: Which state of the parameters and data this was computed from; set by the
    #: trainer (see ``Trainer.revision``), 0 for a pass made outside one.
    revision: int = 0


@dataclass(slots=True)
class BackwardResult:
    delta: list
    dW: list
    db: list
    #: All gradients in one buffer laid out like ``Parameters.flat`` (``dW`` and
    #: ``db`` are views into it).
    flat: np.ndarray
    #: The forward pass these deltas and gradients were computed from.
    forward: ForwardResult


# bias gradients, written into ``out`` (positional arguments: ufunc keywords cost
# on tiny arrays)
def _per_neuron_bias_gradient(delta: np.ndarray, out: np.ndarray) -> None:
    np.add.reduce(delta, 0, None, out)


def _shared_bias_gradient(delta: np.ndarray, out: np.ndarray) -> None:
    # every neuron of the layer adds the shared bias: its gradient is the sum of all
    # of the layer's deltas
    np.add.reduce(delta.ravel(), 0, None, out, True)


def _no_bias_gradient(delta: np.ndarray, out: np.ndarray) -> None:
    pass


BIAS_GRADIENTS = {
    "per_neuron": _per_neuron_bias_gradient,
    "shared": _shared_bias_gradient,
    "none": _no_bias_gradient,
}


class Plan:
    """The passes of one network spec, with every choice made up front."""

    __slots__ = ("depth", "activations", "output_and_loss", "output_delta",
                 "with_bias", "bias_gradient", "train_biases", "layout",
                 "n_weights", "size")  # fmt: skip

    def __init__(self, spec: NetworkSpec) -> None:
        self.depth = spec.depth
        self.activations = spec.activation_functions
        self.output_and_loss = output_and_loss(spec.loss, self.activations[-1])
        self.output_delta = OUTPUT_DELTAS[spec.loss]
        self.with_bias = spec.bias_mode != "none"
        self.bias_gradient = BIAS_GRADIENTS[spec.bias_mode]
        self.train_biases = spec.train_biases and self.with_bias
        #: The layout of ``Parameters.flat`` (and of the gradients' flat buffer).
        weight_shapes, bias_shapes = parameter_shapes(spec)
        self.layout = flat_layout(weight_shapes + bias_shapes)
        self.n_weights = self.layout[self.depth - 1][1]  # where the last W ends
        self.size = self.layout[-1][1]

    def forward(self, params: Parameters, x, y, samples) -> ForwardResult:
        z_list: list = [None]
        a_list: list = [x]
        a = x
        weights, biases, last = params.weights, params.biases, self.depth - 1
        for l, activation in enumerate(self.activations):
            z = a @ weights[l]
            if self.with_bias:
                z += biases[l]
            if l == last:
                a, loss = self.output_and_loss(z, y)
            else:
                a = activation.forward(z)
            z_list.append(z)
            a_list.append(a)
        return ForwardResult(z_list, a_list, loss, samples, y)

    def backward(self, params: Parameters, fwd: ForwardResult, y) -> BackwardResult:
        depth, z, a = self.depth, fwd.z, fwd.a
        delta: list = [None] * (depth + 1)
        flat = np.empty(self.size)
        views = views_at(flat, self.layout)
        dW, db = views[:depth], views[depth:]
        activations = self.activations
        d = self.output_delta(activations[-1], z[depth], a[depth], y)
        delta[depth] = d
        for l in range(depth, 0, -1):
            np.matmul(a[l - 1].T, d, dW[l - 1])
            self.bias_gradient(d, db[l - 1])
            if l > 1:
                grad_a = d @ params.weights[l - 1].T
                d = activations[l - 2].backward(z[l - 1], a[l - 1], grad_a)
                delta[l - 1] = d
        return BackwardResult(delta, dW, db, flat, fwd)

    def update(
        self, params: Parameters, grads: BackwardResult, lr: float, out: Parameters
    ) -> Parameters:
        """Plain gradient descent ``W - lr * dW`` (and biases if trained) written
        into ``out``'s arrays (which may be ``params`` itself); returns ``out``.
        One NumPy call for the whole network, on the flat buffers."""
        if self.train_biases or not self.with_bias:
            np.subtract(params.flat, operand(lr) * grads.flat, out.flat)
        else:
            n = self.n_weights
            np.subtract(params.flat[:n], operand(lr) * grads.flat[:n], out.flat[:n])
            if out is not params:
                np.copyto(out.flat[n:], params.flat[n:])
        return out


def forward(
    spec: NetworkSpec,
    params: Parameters,
    x: np.ndarray,
    y: np.ndarray,
    samples: np.ndarray | None = None,
) -> ForwardResult:
    """Propagate the batch ``x`` and compute the loss against ``y``."""
    if samples is None:
        samples = np.arange(x.shape[0])
    return Plan(spec).forward(params, x, y, samples)


def backward(
    spec: NetworkSpec, params: Parameters, fwd: ForwardResult, y: np.ndarray
) -> BackwardResult:
    """Deltas (dL/dz) of every layer and the gradients of every parameter."""
    return Plan(spec).backward(params, fwd, y)
