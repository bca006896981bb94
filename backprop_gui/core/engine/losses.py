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

from .activations import ZERO, Activation, operand, softmax_parts

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


def _mse_value(z, a, y) -> float:
    diff = (y - a).ravel()
    return float(np.dot(diff, diff)) / a.size


def _half_sse_value(z, a, y) -> float:
    diff = (y - a).ravel()
    return 0.5 * float(np.dot(diff, diff)) / a.shape[0]


def _bce_value(z, a, y) -> float:
    # -(y log s(z) + (1-y) log(1-s(z))) = max(z,0) - z*y + log(1 + e^-|z|)
    per_element = np.maximum(z, ZERO) - z * y + np.log1p(np.exp(-np.abs(z)))
    # the mean, without np.mean's Python wrapper: the same sum divided by the count
    return float(np.add.reduce(per_element, None)) / per_element.size


def softmax_cross_entropy(z, y) -> tuple[np.ndarray, float]:
    """The softmax of the output pre-activations ``z`` and the cross-entropy loss
    against ``y``, both from the same exponentials: ``log p = shifted - log(sum)``
    (log-sum-exp, finite however small a probability is)."""
    a, shifted, total = softmax_parts(z)
    log_p = shifted - np.log(total)
    return a, -float(np.add.reduce(y * log_p, None)) / a.shape[0]


def _cross_entropy_value(z, a, y) -> float:
    return softmax_cross_entropy(z, y)[1]


def _mse_delta(activation: Activation, z, a, y):
    return activation.backward(z, a, operand(2.0 / a.size) * (a - y))


def _mean_over(error: np.ndarray, count: int) -> np.ndarray:
    """``error / count``; a division by 1 (one sample) changes no bit: skipped."""
    return error if count == 1 else error / operand(count)


def _half_sse_delta(activation: Activation, z, a, y):
    return activation.backward(z, a, _mean_over(a - y, a.shape[0]))


def _bce_delta(activation: Activation, z, a, y):
    return _mean_over(a - y, a.size)  # fused with the sigmoid: no division by a(1-a)


def _cross_entropy_delta(activation: Activation, z, a, y):
    return _mean_over(a - y, a.shape[0])  # fused with the softmax


#: name -> f(z, a, y): the loss value.
LOSS_VALUES = {
    "mse": _mse_value,
    "half_sse": _half_sse_value,
    "bce": _bce_value,
    "cross_entropy": _cross_entropy_value,
}


def output_and_loss(name: str, activation: Activation):
    """f(z, y) -> ``(a, loss)`` for the output layer: its activation and the loss,
    computed together where they share work (softmax and cross-entropy)."""
    if name == "cross_entropy":
        return softmax_cross_entropy
    value = LOSS_VALUES[name]

    def separately(z, y):
        a = activation.forward(z)
        return a, value(z, a, y)

    return separately


#: name -> f(output activation, z, a, y): dL/dz of the output layer.
OUTPUT_DELTAS = {
    "mse": _mse_delta,
    "half_sse": _half_sse_delta,
    "bce": _bce_delta,
    "cross_entropy": _cross_entropy_delta,
}


def loss_value(name: str, z: np.ndarray, a: np.ndarray, y: np.ndarray) -> float:
    """The loss of outputs ``a`` (pre-activation ``z``) against targets ``y``."""
    return LOSS_VALUES[name](z, a, y)


def output_delta(
    name: str, activation: Activation, z: np.ndarray, a: np.ndarray, y: np.ndarray
) -> np.ndarray:
    """``dL/dz`` of the output layer."""
    return OUTPUT_DELTAS[name](activation, z, a, y)
