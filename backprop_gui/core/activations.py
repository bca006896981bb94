"""Activation functions: a forward map and the backward product with its Jacobian.

Every activation is used the same way by the network:

* ``forward(z, out)`` writes ``a = f(z)`` into ``out`` and returns it;
* ``backward(z, a, grad_a)`` returns ``dL/dz`` given ``dL/da``.

For the element-wise functions ``backward`` is ``grad_a * f'(z)``; softmax works on a
whole row, so its backward is the Jacobian-vector product
``a * (grad_a - sum(grad_a * a))``. All of them run silently for any finite ``z``
(no overflow warnings) and stay accurate when saturated: sigmoid as ``1/(1+e^-z)``
with the exponent capped below overflow, softmax shifted by the row maximum.
"""

from __future__ import annotations

import numpy as np


class Activation:
    """Base class; ``name`` is the identifier used in session files."""

    name: str = ""
    elementwise = True

    def forward(self, z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
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

    def forward(self, z, out=None):
        # 1/(1+e^-z) is accurate for every z. e^-z would overflow for z < -709.78;
        # capping the exponent at 709 gives 1/(1+e^709) ~ 1.2e-308 there instead of
        # the exact limit 0, an error far below any printed digit, and no warning.
        if out is None:  # small arrays: plain expressions beat out= arguments
            return 1.0 / (1.0 + np.exp(np.minimum(-z, 709.0)))
        np.minimum(np.negative(z, out=out), 709.0, out=out)
        np.exp(out, out=out)
        out += 1.0
        return np.divide(1.0, out, out=out)

    def derivative(self, z, a):
        return a * (1.0 - a)

    def backward(self, z, a, grad_a):
        return grad_a * (a * (1.0 - a))

    def derivative_formula(self):
        return "a(1-a)"


class Tanh(Activation):
    name = "tanh"

    def forward(self, z, out=None):
        return np.tanh(z, out=out)

    def derivative(self, z, a):
        return 1.0 - a * a

    def derivative_formula(self):
        return "1-a^2"


class Relu(Activation):
    name = "relu"

    def forward(self, z, out=None):
        return np.maximum(z, 0.0, out=out)

    def derivative(self, z, a):
        return (z > 0).astype(np.float64)

    def derivative_formula(self):
        return "1 if z>0 else 0"


class LeakyRelu(Activation):
    name = "leaky_relu"
    slope = 0.01

    def forward(self, z, out=None):
        return np.multiply(z, np.where(z > 0, 1.0, self.slope), out=out)

    def derivative(self, z, a):
        return np.where(z > 0, 1.0, self.slope)

    def derivative_formula(self):
        return f"1 if z>0 else {self.slope}"


class Linear(Activation):
    name = "linear"

    def forward(self, z, out=None):
        if out is None:
            return z.copy()
        np.copyto(out, z)
        return out

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

    def forward(self, z, out=None):
        shifted = z - z.max(axis=1, keepdims=True)
        out = np.exp(shifted, out=out)
        out /= out.sum(axis=1, keepdims=True)
        return out

    def backward(self, z, a, grad_a):
        return a * (grad_a - np.sum(grad_a * a, axis=1, keepdims=True))

    def derivative_formula(self):
        return "a_j(δ_jk - a_k)"


ACTIVATIONS: dict[str, Activation] = {
    cls.name: cls() for cls in (Sigmoid, Tanh, Relu, LeakyRelu, Linear, Softmax)
}


def get_activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r} (known: {known})") from None
