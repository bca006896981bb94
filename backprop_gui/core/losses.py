"""Loss functions, defined exactly as documented in README.md.

With ``m`` samples, ``k`` outputs, targets ``y`` and network outputs ``a``:

* ``mse``: mean over all ``m*k`` elements of ``(y - a)^2`` (PyTorch ``MSELoss``);
* ``half_sse``: ``1/2 * sum over outputs of (y - a)^2``, averaged over samples;
* ``bce``: mean over all elements of ``-(y log a + (1-y) log(1-a))`` (PyTorch
  ``BCELoss``); needs a sigmoid output and is computed from the pre-activation ``z``
  so it stays finite when ``a`` rounds to 0 or 1;
* ``cross_entropy``: mean over samples of ``-sum y log a``; needs a softmax output,
  computed from ``z`` with log-sum-exp.

``output_delta`` gives ``dL/dz`` of the output layer. For sigmoid+bce and
softmax+cross_entropy it is the fused ``(a - y) / N``; otherwise it is ``dL/da``
pushed through the activation's backward.
"""

from __future__ import annotations

import numpy as np

from .activations import Activation

LOSSES = ("mse", "half_sse", "bce", "cross_entropy")

#: Output activation each loss requires (None: any activation).
REQUIRED_OUTPUT = {
    "mse": None,
    "half_sse": None,
    "bce": "sigmoid",
    "cross_entropy": "softmax",
}


def check_loss(name: str, output_activation: str) -> None:
    """Raise ``ValueError`` with a readable reason if the pair cannot be used."""
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r} (known: {', '.join(LOSSES)})")
    required = REQUIRED_OUTPUT[name]
    if required is not None and output_activation != required:
        raise ValueError(
            f"loss {name!r} needs a {required} output layer, not {output_activation!r}"
        )


def loss_value(name: str, z: np.ndarray, a: np.ndarray, y: np.ndarray) -> float:
    """The loss of outputs ``a`` (pre-activation ``z``) against targets ``y``."""
    m = a.shape[0]
    if name == "mse":
        diff = y - a
        return float(np.mean(diff * diff))
    if name == "half_sse":
        diff = y - a
        return float(0.5 * np.sum(diff * diff) / m)
    if name == "bce":
        # -(y log s(z) + (1-y) log(1-s(z))) = max(z,0) - z*y + log(1 + e^-|z|)
        per_element = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
        return float(np.mean(per_element))
    if name == "cross_entropy":
        shifted = z - z.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        return float(-np.sum(y * log_p) / m)
    raise ValueError(f"unknown loss {name!r}")


def loss_gradient(name: str, a: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``dL/da`` for the losses that do not need the fused form."""
    m = a.shape[0]
    if name == "mse":
        return (2.0 / a.size) * (a - y)
    if name == "half_sse":
        return (a - y) / m
    raise ValueError(f"loss {name!r} has no separate dL/da here; use output_delta")


def output_delta(
    name: str, activation: Activation, z: np.ndarray, a: np.ndarray, y: np.ndarray
) -> np.ndarray:
    """``dL/dz`` of the output layer."""
    if name == "bce":
        return (a - y) / a.size
    if name == "cross_entropy":
        return (a - y) / a.shape[0]
    return activation.backward(z, a, loss_gradient(name, a, y))
