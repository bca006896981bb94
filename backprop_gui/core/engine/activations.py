"""Activation functions: a forward map and the backward product with its Jacobian.

Every activation is used the same way by the network:

* ``forward(z)`` returns ``a = f(z)``;
* ``backward(z, a, grad_a)`` returns ``dL/dz`` given ``dL/da``.

For the element-wise functions ``backward`` is ``grad_a * f'(z)``; softmax works on a
whole row, so its backward is the Jacobian-vector product
``a * (grad_a - sum(grad_a * a))``. All of them run silently for any finite ``z``
(no overflow warnings) and stay accurate when saturated: sigmoid as ``1/(1+e^-z)``
with the exponent capped below overflow, softmax shifted by the row maximum.
"""

from __future__ import annotations

import functools

import numpy as np


@functools.lru_cache(maxsize=256)
def operand(value: float) -> np.ndarray:
    """``value`` as a read-only 0-d float64 array, for use as a ufunc operand.

    NumPy 2 converts a Python number operand on every ufunc call (~0.25 us, more
    for an int: a tenth of a whole sigmoid on a 2-neuron layer); a 0-d array gives
    the same result without the conversion. Cached: the same few constants, batch
    sizes and learning rates come back on every step."""
    array = np.array(float(value))
    array.flags.writeable = False
    return array


ZERO = operand(0.0)
ONE = operand(1.0)
_EXP_CAP = operand(709.0)


class Activation:
    """Base class; ``name`` is the identifier used in session files."""

    name: str = ""
    elementwise = True

    def forward(self, z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        """``f'(z)`` for an element-wise activation (``a = f(z)`` is given too)."""
        raise NotImplementedError

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        return grad_a * self.derivative(z, a)

    def derivative_formula(self) -> str:
        """How ``f'(z)`` is written in explanations, for example ``a(1-a)``."""
        return f"{self.name}'(z)"


class Sigmoid(Activation):
    name = "sigmoid"

    def forward(self, z):
        # 1/(1+e^-z) is accurate for every z. e^-z would overflow for z < -709.78;
        # capping the exponent at 709 gives 1/(1+e^709) ~ 1.2e-308 there instead of
        # the exact limit 0, an error far below any printed digit, and no warning.
        return ONE / (ONE + np.exp(np.minimum(-z, _EXP_CAP)))

    def derivative(self, z, a):
        return a * (ONE - a)

    def backward(self, z, a, grad_a):
        return grad_a * (a * (ONE - a))

    def derivative_formula(self):
        return "a(1-a)"


class Tanh(Activation):
    name = "tanh"

    def forward(self, z):
        return np.tanh(z)

    def derivative(self, z, a):
        return ONE - a * a

    def backward(self, z, a, grad_a):
        return grad_a * (ONE - a * a)

    def derivative_formula(self):
        return "1-a^2"


class Relu(Activation):
    name = "relu"

    def forward(self, z):
        return np.maximum(z, ZERO)

    def derivative(self, z, a):
        return (z > ZERO).astype(np.float64)

    def backward(self, z, a, grad_a):
        return grad_a * (z > ZERO)  # times True/False: the same values as 1.0/0.0

    def derivative_formula(self):
        return "1 if z>0 else 0"


class LeakyRelu(Activation):
    name = "leaky_relu"
    slope = 0.01

    def forward(self, z):
        return z * np.where(z > 0, 1.0, self.slope)

    def derivative(self, z, a):
        return np.where(z > 0, 1.0, self.slope)

    def derivative_formula(self):
        return f"1 if z>0 else {self.slope}"


class Linear(Activation):
    name = "linear"

    def forward(self, z):
        return z.copy()

    def derivative(self, z, a):
        return np.ones_like(z)

    def backward(self, z, a, grad_a):
        return grad_a.copy()

    def derivative_formula(self):
        return "1"


class Softmax(Activation):
    """Row-wise softmax; only allowed on the output layer."""

    name = "softmax"
    elementwise = False

    def forward(self, z):
        return softmax_parts(z)[0]

    def backward(self, z, a, grad_a):
        return a * (grad_a - np.sum(grad_a * a, axis=1, keepdims=True))

    def derivative_formula(self):
        return "a_j(δ_jk - a_k)"


def softmax_parts(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row-wise softmax of ``z`` with its parts: ``(softmax, z shifted by the row
    maximum, sum of exp(shifted) per row)``. The cross-entropy loss reuses the parts
    instead of computing the exponentials again."""
    # the reductions' positional form skips the Python wrappers of .max()/.sum()
    shifted = z - np.maximum.reduce(z, 1, None, None, True)
    exps = np.exp(shifted)
    total = np.add.reduce(exps, 1, None, None, True)
    return exps / total, shifted, total


ACTIVATIONS: dict[str, Activation] = {
    cls.name: cls() for cls in (Sigmoid, Tanh, Relu, LeakyRelu, Linear, Softmax)
}


def get_activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r} (known: {known})") from None
