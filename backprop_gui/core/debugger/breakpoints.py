"""Breakpoints: conditions checked after every update of a run.

A :class:`Breakpoints` set always stops on a loss or parameter that is not finite,
and on any condition added to it:

* ``loss_below`` / ``loss_above``: the loss of the update just made crossed a value;
* ``grad_norm_above`` / ``grad_norm_below``: a layer's weight-gradient norm (any
  layer, or ``layer`` only) exploded or vanished;
* ``sign_change`` / ``change_above``: a chosen parameter (``("W", l, i, j)`` or
  ``("b", l, j)``, 0-based) changed sign, or by more than a value, in one update;
* ``at_step``: the run reached update ``step``.

``check(trainer)`` returns a :class:`Hit` saying which condition fired and where
(the parameter or layer involved), or None; use it as ``Trainer.run``'s
``should_stop``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .metrics import l2_norm

CONDITIONS = (
    "loss_below",
    "loss_above",
    "grad_norm_above",
    "grad_norm_below",
    "sign_change",
    "change_above",
    "at_step",
)


@dataclass(frozen=True)
class Condition:
    kind: str
    value: float | None = None
    layer: int | None = None  # 0-based weight index, for gradient norms
    parameter: tuple | None = None  # ("W", l, i, j) or ("b", l, j)

    def __post_init__(self) -> None:
        if self.kind not in CONDITIONS:
            raise ValueError(f"unknown breakpoint {self.kind!r}")
        needs_value = self.kind != "sign_change"
        if needs_value and (self.value is None or not math.isfinite(self.value)):
            raise ValueError(f"breakpoint {self.kind} needs a finite value")
        if self.kind in ("sign_change", "change_above") and self.parameter is None:
            raise ValueError(f"breakpoint {self.kind} needs a parameter")

    def describe(self) -> str:
        labels = {
            "loss_below": "loss <",
            "loss_above": "loss >",
            "grad_norm_above": "gradient norm >",
            "grad_norm_below": "gradient norm <",
            "change_above": "change >",
            "at_step": "step",
        }
        if self.kind == "sign_change":
            what = "sign change"
        else:
            what = f"{labels[self.kind]} {self.value:g}"
        if self.layer is not None:
            what += f" in W{self.layer + 1}"
        if self.parameter is not None:
            what += f" of {_name(self.parameter)}"
        return what


@dataclass
class Hit:
    #: What fired, for the user: "loss < 0.01 at step 120".
    message: str
    #: The parameter involved (``("W", l, i, j)`` / ``("b", l, j)``), if any.
    parameter: tuple | None = None
    #: The layer involved (0-based weight index), if any.
    layer: int | None = None


@dataclass
class Breakpoints:
    conditions: list[Condition] = field(default_factory=list)

    def add(self, condition: Condition) -> None:
        self.conditions.append(condition)

    def remove(self, condition: Condition) -> None:
        self.conditions.remove(condition)

    def check(self, trainer) -> Hit | None:
        """After an update: the first condition that holds (non-finite first)."""
        step = trainer.step
        what = trainer.non_finite()
        if what is not None:
            return Hit(
                f"{what} is not finite at step {step}", _first_non_finite(trainer)
            )
        for condition in self.conditions:
            hit = _check(condition, trainer)
            if hit is not None:
                hit.message += f" at step {step}"
                return hit
        return None

    __call__ = check


def _check(c: Condition, trainer) -> Hit | None:
    kind = c.kind
    if kind == "at_step":
        return Hit(c.describe()) if trainer.step >= c.value else None
    if kind in ("loss_below", "loss_above"):
        loss = trainer.forward_result.loss
        crossed = loss < c.value if kind == "loss_below" else loss > c.value
        return Hit(f"{c.describe()} (loss {loss:.6g})") if crossed else None
    if kind in ("grad_norm_above", "grad_norm_below"):
        layers = (
            range(len(trainer.backward_result.dW)) if c.layer is None else [c.layer]
        )
        for l in layers:
            norm = l2_norm(trainer.backward_result.dW[l])
            if norm > c.value if kind == "grad_norm_above" else norm < c.value:
                return Hit(f"{c.describe()} (‖dW{l + 1}‖ = {norm:.6g})", layer=l)
        return None
    before = _value(trainer.previous_params, c.parameter)
    now = _value(trainer.params, c.parameter)
    if kind == "sign_change":
        fired = before != 0.0 and np.sign(before) != np.sign(now)
    else:
        fired = abs(now - before) > c.value
    if fired:
        return Hit(f"{c.describe()} ({before:.6g} → {now:.6g})", parameter=c.parameter)
    return None


def _first_non_finite(trainer) -> tuple | None:
    """The key of the first parameter that is not finite, if any."""
    found = trainer.params.first_non_finite()
    if found is None:
        return None
    name, where = found
    return (name[0], int(name[1:]) - 1, *where)


def _value(params, parameter: tuple) -> float:
    if parameter[0] == "W":
        _, l, i, j = parameter
        return float(params.weights[l][i, j])
    _, l, j = parameter
    return float(params.biases[l][j])


def _name(parameter: tuple) -> str:
    if parameter[0] == "W":
        _, l, i, j = parameter
        return f"W{l + 1}[{i + 1}→{j + 1}]"
    return f"b{parameter[1] + 1}[{parameter[2] + 1}]"
