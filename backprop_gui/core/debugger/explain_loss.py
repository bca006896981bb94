"""Explain the loss: its definition, sample 1's terms with their numbers, the mean,
and the penalty (the key ``("loss",)``; used by Explain, Predict mode and the
worked example)."""

from __future__ import annotations

import math

from ..engine.losses import loss_value

LOSS_RULES = {
    "mse": "L = (1/(m·k)) · Σ over samples and outputs of (y − a)²",
    "half_sse": "L = (1/m) · Σ over samples of ½ · Σ over outputs of (y − a)²",
    "bce": "L = (1/(m·k)) · Σ of −(y·log a + (1 − y)·log(1 − a))",
    "cross_entropy": "L = (1/m) · Σ over samples of −Σ over outputs of y·log a",
}
#: Output terms written out for sample 1 (then "…").
TERMS = 4


def _f(x: float) -> str:
    return f"{x:.12g}"


def _p(x: float) -> str:
    """A factor: negative numbers in brackets, so ``× (-0.5)`` reads right."""
    return f"({_f(x)})" if x < 0 or (x == 0 and math.copysign(1, x) < 0) else _f(x)


def loss_lines(spec, fwd) -> list[str]:
    """The loss of a forward result, written out with its numbers."""
    a, y, z = fwd.a[-1], fwd.y, fwd.z[-1]
    m, k = a.shape
    shown = min(k, TERMS)
    more = f" + … ({k - shown} more)" if k > shown else ""
    lines = [LOSS_RULES[spec.loss]]
    # sample 1's share, from the engine's own loss on that row: the mean over
    # its k outputs for mse and bce, written here as their sum
    per_output = spec.loss in ("mse", "bce")
    value = loss_value(spec.loss, z[:1], a[:1], y[:1]) * (k if per_output else 1)
    if spec.loss in ("mse", "half_sse"):
        terms = " + ".join(f"({_f(y[0, j])} − {_f(a[0, j])})²" for j in range(shown))
        half = "½ × " if spec.loss == "half_sse" else ""
        lines.append(f"sample 1: {half}({terms}{more}) = {_f(value)}")
    elif spec.loss == "bce":
        terms = " + ".join(
            f"−({_p(y[0, j])} × log {_f(a[0, j])} + {_p(1 - y[0, j])} × "
            f"log {_f(1 - a[0, j])})"
            for j in range(shown)
        )
        lines.append(f"sample 1: {terms}{more} = {_f(value)}")
    else:
        terms = " + ".join(f"{_p(y[0, j])} × log {_f(a[0, j])}" for j in range(shown))
        lines.append(f"sample 1: −({terms}{more}) = {_f(value)}")
    counts = f"m = {m} sample{'s' * (m != 1)}, k = {k} output{'s' * (k != 1)}"
    lines.append(f"L = {_f(fwd.data_loss)}   ({counts})")
    if fwd.penalty is not None:
        lines += [
            f"penalty = l1·Σ|w| + (l2/2)·Σw² = {_f(fwd.penalty)}",
            f"L + penalty = {_f(fwd.data_loss)} + {_f(fwd.penalty)} = {_f(fwd.loss)}",
        ]
    return lines


def explain_loss(trainer):
    """The latest forward pass's loss (stale when it is not the current state's)."""
    from .explain import Explanation

    fwd = trainer.forward_result
    if fwd is None:
        raise ValueError("run a forward pass first")
    spec = trainer.session.spec
    lines = loss_lines(spec, fwd)
    e = Explanation(f"The loss ({spec.loss})", lines, float(fwd.loss))
    e.links = [
        (f"a of output neuron {j + 1}, sample 1", ("a", spec.depth, j, 0))
        for j in range(min(spec.layers[-1], 12))
    ]
    if not trainer.forward_valid:
        e.stale = (
            "stale: numbers of an earlier forward pass; the parameters, data, "
            "batching or penalty have changed since"
        )
    return e
