"""The update phase: each optimizer's rule, and the state it keeps between updates.

With ``g`` the gradient (the penalty's included), ``θ`` a trained parameter, ``t``
the update count from 1 and ``λ`` the weight decay, exactly as ``torch.optim``
documents them:

* sgd: ``θ ← θ − lr·(g + λθ)``;
* momentum: ``g ← g + λθ; b ← μ·b + g`` (``b = g`` at ``t = 1``); ``θ ← θ − lr·b``;
* nesterov: as momentum, then ``θ ← θ − lr·(g + μ·b)``;
* rmsprop: ``g ← g + λθ; v ← α·v + (1−α)·g²; θ ← θ − lr·g/(√v + ε)``;
* adam: ``g ← g + λθ; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
  θ ← θ − lr·(m/(1−β1^t)) / (√(v/(1−β2^t)) + ε)``;
* adamw: ``θ ← θ·(1 − lr·λ)``, then adam with ``λ = 0``.

The *trained* parameters are the first ``trained`` values of ``Parameters.flat``:
every weight, and the biases unless they are frozen (``train_biases: false``), which
then get no state and never move. An :class:`OptimizerState` holds the update count
and one flat buffer per quantity (``velocity``; ``v``; ``m`` and ``v``), laid out
like the trained part of ``Parameters.flat``. An update reads one state and writes
the next into another (the trainer keeps the previous one, as it keeps the previous
parameters), so nothing is copied on the way.
"""

from __future__ import annotations

import numpy as np

from .activations import operand
from .limits import MAX_STEP
from .optimizer_spec import OPTIMIZER_BUFFERS, OptimizerSpec

_all, _isfinite = np.logical_and.reduce, np.isfinite


class OptimizerState:
    """The update count and the buffers of one optimizer, for ``size`` trained
    parameters. ``count`` is the number of updates this state has seen (``t`` of
    the formulas is ``count + 1`` during the next update); plain gradient descent
    keeps no state, and its count stays 0."""

    __slots__ = ("name", "count", "buffers")

    def __init__(self, name: str, count: int, buffers: dict[str, np.ndarray]) -> None:
        self.name = name
        self.count = count
        self.buffers = buffers

    @classmethod
    def fresh(cls, name: str, size: int) -> OptimizerState:
        """No update seen: every buffer zero."""
        return cls(name, 0, {b: np.zeros(size) for b in OPTIMIZER_BUFFERS[name]})

    def copy(self) -> OptimizerState:
        return OptimizerState(
            self.name, self.count, {k: v.copy() for k, v in self.buffers.items()}
        )

    def identical(self, other: OptimizerState) -> bool:
        return (
            self.name == other.name
            and self.count == other.count
            and self.buffers.keys() == other.buffers.keys()
            and all(
                a.tobytes() == other.buffers[k].tobytes()
                for k, a in self.buffers.items()
            )
        )

    def all_finite(self) -> bool:
        return all(_all(_isfinite(a), None) for a in self.buffers.values())

    def first_non_finite(self) -> tuple[str, int] | None:
        """``(buffer, flat index)`` of the first value that is not finite, or None
        (one reduction per buffer when all is well)."""
        for name, array in self.buffers.items():
            if not _all(_isfinite(array), None):
                return name, int(np.argmax(~np.isfinite(array)))
        return None

    def check(self, size: int) -> None:
        """Raise ``ValueError`` unless this state fits ``size`` trained parameters
        and holds usable numbers (finite; ``v`` never negative)."""
        wanted = OPTIMIZER_BUFFERS[self.name]
        if tuple(self.buffers) != wanted:
            raise ValueError(
                f"the {self.name} optimizer keeps "
                f"{', '.join(wanted) or 'no buffers'}, not "
                f"{', '.join(self.buffers) or 'none'}"
            )
        if (
            isinstance(self.count, bool)
            or not isinstance(self.count, int)
            or not 0 <= self.count <= MAX_STEP
        ):
            raise ValueError(
                f"the optimizer's update count must be a whole number from 0 to "
                f"{MAX_STEP:,}, not {self.count!r}"
            )
        for name, array in self.buffers.items():
            if array.shape != (size,):
                raise ValueError(
                    f"optimizer buffer {name} holds {array.size} values; the "
                    f"network trains {size}"
                )
            if not _all(_isfinite(array), None):
                raise ValueError(f"optimizer buffer {name} holds a non-finite value")
            if name == "v" and (array < 0).any():
                raise ValueError("optimizer buffer v (a mean of squares) must be >= 0")
            if name == "velocity" and self.count == 0 and array.any():
                raise ValueError(
                    "the velocity before the first update must be 0: the first "
                    "update sets it to the gradient (b = g at t = 1)"
                )


def adam_terms(spec: OptimizerSpec, lr: float, state: OptimizerState):
    """``(m̂, v̂, step)`` of an adam or adamw state: the bias-corrected moments
    and ``lr·m̂/(√v̂ + ε)``, the step its last update took (before AdamW's
    decay). All zero before the first update."""
    m, v = state.buffers["m"], state.buffers["v"]
    t = state.count
    if t == 0:
        zero = np.zeros_like(m)
        return zero, zero.copy(), zero.copy()
    beta1, beta2 = spec.betas
    with np.errstate(all="ignore"):  # extreme values are shown as they are
        m_hat = m / (1.0 - beta1**t)
        v_hat = v / (1.0 - beta2**t)
        return m_hat, v_hat, lr * m_hat / (np.sqrt(v_hat) + spec.eps)


def _decayed(g, theta, weight_decay: float):
    """``g + λθ`` (coupled weight decay), or ``g`` itself when ``λ = 0``."""
    if weight_decay:
        return g + operand(weight_decay) * theta
    return g


def _sgd(o, lr, theta, g, old, new, out) -> None:
    np.subtract(theta, operand(lr) * _decayed(g, theta, o.weight_decay), out)


def _velocity(o, theta, g, old, new):
    g = _decayed(g, theta, o.weight_decay)
    b = new.buffers["velocity"]
    if old.count == 0:
        np.copyto(b, g)
    else:
        np.multiply(operand(o.momentum), old.buffers["velocity"], b)
        np.add(b, g, b)
    return g, b


def _momentum(o, lr, theta, g, old, new, out) -> None:
    _g, b = _velocity(o, theta, g, old, new)
    np.subtract(theta, operand(lr) * b, out)


def _nesterov(o, lr, theta, g, old, new, out) -> None:
    g, b = _velocity(o, theta, g, old, new)
    np.subtract(theta, operand(lr) * (g + operand(o.momentum) * b), out)


def _rmsprop(o, lr, theta, g, old, new, out) -> None:
    g = _decayed(g, theta, o.weight_decay)
    v = new.buffers["v"]
    np.multiply(operand(o.alpha), old.buffers["v"], v)
    v += operand(1.0 - o.alpha) * (g * g)
    np.subtract(theta, operand(lr) * g / (np.sqrt(v) + operand(o.eps)), out)


def _adam_step(o, lr, theta, g, old, new, out) -> None:
    # the formula's operations in its order (so bitwise what it gives), in place
    # on two temporaries
    t = old.count + 1
    beta1, beta2 = o.betas
    m, v = new.buffers["m"], new.buffers["v"]
    np.multiply(operand(beta1), old.buffers["m"], m)
    step = np.multiply(operand(1.0 - beta1), g)
    m += step
    np.multiply(operand(beta2), old.buffers["v"], v)
    denominator = np.multiply(g, g)
    denominator *= operand(1.0 - beta2)
    v += denominator
    np.divide(m, 1.0 - beta1**t, step)  # m̂
    np.divide(v, 1.0 - beta2**t, denominator)  # v̂
    np.sqrt(denominator, denominator)
    denominator += operand(o.eps)
    step *= operand(lr)
    step /= denominator
    np.subtract(theta, step, out)


def _adam(o, lr, theta, g, old, new, out) -> None:
    _adam_step(o, lr, theta, _decayed(g, theta, o.weight_decay), old, new, out)


def _adamw(o, lr, theta, g, old, new, out) -> None:
    if o.weight_decay:
        theta = theta * operand(1.0 - lr * o.weight_decay)
    _adam_step(o, lr, theta, g, old, new, out)


_RULES = {
    "sgd": _sgd,
    "momentum": _momentum,
    "nesterov": _nesterov,
    "rmsprop": _rmsprop,
    "adam": _adam,
    "adamw": _adamw,
}


def optimizer_update(
    spec: OptimizerSpec,
    lr: float,
    theta: np.ndarray,
    g: np.ndarray,
    old: OptimizerState,
    new: OptimizerState,
    out: np.ndarray,
) -> None:
    """One update of the trained values ``theta`` with gradients ``g`` (flat, same
    length): the new values go to ``out`` (may be ``theta``), the new state to
    ``new`` (not ``old``: it is read while ``new`` is written)."""
    _RULES[spec.name](spec, lr, theta, g, old, new, out)
    # plain gradient descent keeps no state: its count stays 0
    new.count = old.count + 1 if spec.buffers else old.count
