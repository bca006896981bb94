"""The backpropagation math: one forward pass and one backward pass.

Layer indices: layer 0 holds the inputs, layers ``1..L`` are computed. In the result
objects ``z``, ``a`` and ``delta`` are lists of length ``L + 1`` indexed by layer
(``z[0]`` and ``delta[0]`` are ``None``, ``a[0]`` is the input batch); ``dW`` and ``db``
are indexed like ``Parameters.weights``: ``dW[l - 1]`` is the gradient of the weights
feeding layer ``l``. Rows of ``z``/``a``/``delta`` are samples, columns are neurons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import get_activation
from .losses import loss_value, output_delta
from .params import Parameters
from .spec import NetworkSpec


@dataclass
class ForwardResult:
    z: list
    a: list
    loss: float
    #: Row indices (into the dataset) of the samples in this batch.
    samples: np.ndarray


@dataclass
class BackwardResult:
    delta: list
    dW: list
    db: list


def forward(
    spec: NetworkSpec,
    params: Parameters,
    x: np.ndarray,
    y: np.ndarray,
    samples: np.ndarray | None = None,
) -> ForwardResult:
    """Propagate the batch ``x`` and compute the loss against ``y``."""
    activations = [get_activation(name) for name in spec.activations]
    z_list: list = [None]
    a_list: list = [x]
    a = x
    with np.errstate(all="ignore"):
        for l in range(spec.depth):
            z = a @ params.weights[l]
            if spec.bias_mode != "none":
                z += params.biases[l]
            a = activations[l].forward(z)
            z_list.append(z)
            a_list.append(a)
        loss = loss_value(spec.loss, z_list[-1], a, y)
    if samples is None:
        samples = np.arange(x.shape[0])
    return ForwardResult(z_list, a_list, loss, samples)


def backward(
    spec: NetworkSpec, params: Parameters, fwd: ForwardResult, y: np.ndarray
) -> BackwardResult:
    """Deltas (dL/dz) of every layer and the gradients of every parameter."""
    activations = [get_activation(name) for name in spec.activations]
    depth = spec.depth
    delta: list = [None] * (depth + 1)
    dW: list = [None] * depth
    db: list = [None] * depth
    with np.errstate(all="ignore"):
        delta[depth] = output_delta(
            spec.loss, activations[-1], fwd.z[depth], fwd.a[depth], y
        )
        for l in range(depth, 0, -1):
            d = delta[l]
            dW[l - 1] = fwd.a[l - 1].T @ d
            db[l - 1] = bias_gradient(spec.bias_mode, d)
            if l > 1:
                grad_a = d @ params.weights[l - 1].T
                delta[l - 1] = activations[l - 2].backward(
                    fwd.z[l - 1], fwd.a[l - 1], grad_a
                )
    return BackwardResult(delta, dW, db)


def bias_gradient(bias_mode: str, delta: np.ndarray) -> np.ndarray:
    """dL/db: per neuron the column sums of delta; a shared bias gets the sum of
    all of the layer's deltas (every neuron adds it)."""
    if bias_mode == "per_neuron":
        return delta.sum(axis=0)
    if bias_mode == "shared":
        return np.array([delta.sum()])
    return np.empty(0)


def apply_update(
    spec: NetworkSpec, params: Parameters, grads: BackwardResult, lr: float
) -> None:
    """Plain gradient descent, in place: ``W -= lr * dW`` (and biases if trained)."""
    with np.errstate(all="ignore"):
        for l in range(spec.depth):
            params.weights[l] -= lr * grads.dW[l]
            if spec.train_biases and spec.bias_mode != "none":
                params.biases[l] -= lr * grads.db[l]
