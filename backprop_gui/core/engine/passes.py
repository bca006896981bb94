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
from .optimizer_spec import OptimizerSpec, Regularization
from .optimizers import OptimizerState, optimizer_update
from .parameters import Parameters, flat_layout, parameter_shapes, views_at
from .spec import NetworkSpec

NO_PENALTY = Regularization()


@dataclass(slots=True)
class ForwardResult:
    z: list
    a: list
    #: The loss minimised: ``data_loss + penalty``.
    loss: float
    #: Row indices (into the dataset) of the samples in this batch.
    samples: np.ndarray
    #: The targets of the batch the loss was computed against (``a[0]`` holds
    #: the inputs), so that a result explains itself after the data changed.
    y: np.ndarray
    #: Which state of the parameters and data this was computed from; set by the
    #: trainer (see ``Trainer.revision``), 0 for a pass made outside one.
    revision: int = 0
    #: The loss of the outputs against the targets, without the penalty.
    data_loss: float = 0.0
    #: The weight penalty ``l1·Σ|w| + (l2/2)·Σw²``; None without regularization.
    penalty: float | None = None


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
    #: The penalty whose gradient ``l1·sign(w) + l2·w`` dW includes.
    regularization: Regularization = NO_PENALTY


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
                 "n_weights", "size", "trained", "regularization",
                 "penalized")  # fmt: skip

    def __init__(
        self, spec: NetworkSpec, regularization: Regularization = NO_PENALTY
    ) -> None:
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
        #: How many values of ``flat``, from the start, an update changes: all, or
        #: the weights only when the biases are frozen.
        self.trained = spec.trained_count()
        self.regularization = regularization
        #: Whether the penalty is on (asked twice per update: the property
        #: costs more than the rest of a 2-2-2 pass's bookkeeping)
        self.penalized = regularization.active

    def penalty(self, params: Parameters) -> float:
        """``l1·Σ|w| + (l2/2)·Σw²`` over the weights (not the biases)."""
        r, w = self.regularization, params.flat[: self.n_weights]
        total = 0.0
        if r.l1:
            total += r.l1 * float(np.add.reduce(np.abs(w), None))
        if r.l2:
            total += 0.5 * r.l2 * float(np.dot(w, w))
        return total

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
        if not self.penalized:
            return ForwardResult(z_list, a_list, loss, samples, y, 0, loss)
        penalty = self.penalty(params)
        return ForwardResult(
            z_list, a_list, loss + penalty, samples, y, 0, loss, penalty
        )

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
        r = self.regularization
        if self.penalized:  # the penalty's gradient, on the weights only
            w, dw = params.flat[: self.n_weights], flat[: self.n_weights]
            if not r.l2:
                dw += operand(r.l1) * np.sign(w)
            elif not r.l1:
                dw += operand(r.l2) * w
            else:  # the formula's sum first, then added (one rounding of dW)
                dw += operand(r.l1) * np.sign(w) + operand(r.l2) * w
        return BackwardResult(delta, dW, db, flat, fwd, r)

    def update(
        self,
        params: Parameters,
        grads: BackwardResult,
        lr: float,
        out: Parameters,
        optimizer: OptimizerSpec | None = None,
        state: tuple[OptimizerState, OptimizerState] | None = None,
    ) -> Parameters:
        """One update written into ``out``'s arrays (which may be ``params``
        itself); returns ``out``. Without ``optimizer``, plain gradient descent
        ``θ − lr·g``; otherwise its rule (see :mod:`.optimizers`) reading the
        state ``state[0]`` and writing the next into ``state[1]``. Frozen biases
        are copied unchanged. One NumPy call per step of the rule, on the flat
        buffers."""
        n = self.trained
        if optimizer is None or optimizer.name == "sgd" and not optimizer.weight_decay:
            if n == self.size:  # all of it: no slices (a third of a tiny update)
                np.subtract(params.flat, operand(lr) * grads.flat, out.flat)
            else:
                np.subtract(params.flat[:n], operand(lr) * grads.flat[:n], out.flat[:n])
        else:
            old, new = state
            optimizer_update(
                optimizer, lr, params.flat[:n], grads.flat[:n], old, new, out.flat[:n]
            )
        if n < self.size and out is not params:
            np.copyto(out.flat[n:], params.flat[n:])
        return out


def forward(
    spec: NetworkSpec,
    params: Parameters,
    x: np.ndarray,
    y: np.ndarray,
    samples: np.ndarray | None = None,
    regularization: Regularization = NO_PENALTY,
) -> ForwardResult:
    """Propagate the batch ``x`` and compute the loss against ``y``."""
    if samples is None:
        samples = np.arange(x.shape[0])
    return Plan(spec, regularization).forward(params, x, y, samples)


def backward(
    spec: NetworkSpec,
    params: Parameters,
    fwd: ForwardResult,
    y: np.ndarray,
    regularization: Regularization = NO_PENALTY,
) -> BackwardResult:
    """Deltas (dL/dz) of every layer and the gradients of every parameter."""
    return Plan(spec, regularization).backward(params, fwd, y)
