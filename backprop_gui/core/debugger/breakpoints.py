"""Breakpoints: conditions checked after every update of a run.

A :class:`Breakpoints` set always stops on a loss or parameter that is not finite,
and on any condition added to it:

* ``loss_below`` / ``loss_above``: the loss of the parameters the update just
  made (on the next batch: what the next forward pass computes) crossed a value,
  so a run pauses at the state whose loss crossed, not one update later;
* ``grad_norm_above`` / ``grad_norm_below``: a layer's weight-gradient norm (any
  layer, or ``layer`` only) exploded or vanished;
* ``sign_change`` / ``change_above``: a chosen parameter (a
  :class:`~..engine.keys.ParameterKey`) changed sign, or by more than a value, in
  one update;
* ``step_above``: the effective step of any parameter (what the update moved
  it, ``|θ_before − θ_after|``, whatever the optimizer) exceeded a value; the hit
  names the parameter that moved most;
* ``at_step``: the run reached update ``step``.

``check(trainer)`` returns a :class:`Hit` saying which condition fired and where
(the parameter or layer involved), or None; use it as ``Trainer.run``'s
``should_stop``.

Conditions on a state (the loss, a gradient norm, the step) fire when the state
*crosses* into them: a check remembers which held at the previous check, and
:meth:`Breakpoints.arm` takes the state a run starts from. So a loss that is already
below the value does not stop every Run after one update. Conditions on one update
(a sign change, a change above a value) and values that are not finite fire every
time they hold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..engine.keys import ParameterKey
from .metrics import l2_norm

#: Conditions on one update: they fire whenever they hold, not only on crossing.
PER_UPDATE = ("sign_change", "change_above", "step_above")
CONDITIONS = (
    "loss_below",
    "loss_above",
    "grad_norm_above",
    "grad_norm_below",
    "sign_change",
    "change_above",
    "step_above",
    "at_step",
)


@dataclass(frozen=True)
class Condition:
    kind: str
    value: float | None = None
    layer: int | None = None  # 0-based weight index, for gradient norms
    parameter: ParameterKey | None = None

    def __post_init__(self) -> None:
        if self.kind not in CONDITIONS:
            raise ValueError(f"unknown breakpoint {self.kind!r}")
        needs_value = self.kind != "sign_change"
        if needs_value and (self.value is None or not math.isfinite(self.value)):
            raise ValueError(f"breakpoint {self.kind} needs a finite value")
        if self.kind == "step_above" and self.parameter is not None:
            raise ValueError(
                "step_above watches every parameter; for one, use change_above"
            )
        if self.kind in ("sign_change", "change_above") and self.parameter is None:
            raise ValueError(f"breakpoint {self.kind} needs a parameter")
        if self.parameter is not None and not isinstance(self.parameter, ParameterKey):
            raise TypeError(
                f"a breakpoint's parameter is a ParameterKey, not {self.parameter!r}"
            )

    def fits(self, spec) -> bool:
        """Whether the layer or parameter it names exists in a network of
        ``spec``."""
        if self.layer is not None and not 0 <= self.layer < spec.depth:
            return False
        return self.parameter is None or self.parameter.exists_in(spec)

    def describe(self) -> str:
        labels = {
            "loss_below": "loss <",
            "loss_above": "loss >",
            "grad_norm_above": "gradient norm >",
            "grad_norm_below": "gradient norm <",
            "change_above": "change >",
            "step_above": "effective step >",
            "at_step": "step",
        }
        if self.kind == "sign_change":
            what = "sign change"
        else:
            what = f"{labels[self.kind]} {self.value:g}"
        if self.layer is not None:
            what += f" in W{self.layer + 1}"
        if self.parameter is not None:
            what += f" of {self.parameter.label()}"
        return what


@dataclass
class Hit:
    #: What fired, for the user: "loss < 0.01 at step 120".
    message: str
    #: The parameter involved, if any.
    parameter: ParameterKey | None = None
    #: The layer involved (0-based weight index), if any.
    layer: int | None = None


@dataclass
class Breakpoints:
    conditions: list[Condition] = field(default_factory=list)
    #: State conditions that held at the last check (they fire on crossing).
    _holding: set = field(default_factory=set, repr=False)

    def add(self, condition: Condition) -> None:
        self.conditions.append(condition)

    def remove(self, condition: Condition) -> None:
        self.conditions.remove(condition)
        self._holding.discard(condition)

    def keep_fitting(self, spec) -> list[Condition]:
        """Drop the conditions that name a layer or parameter a network of
        ``spec`` does not have (after another network was loaded); returns
        them."""
        kept, dropped = [], []
        for condition in self.conditions:
            (kept if condition.fits(spec) else dropped).append(condition)
        self.conditions = kept
        self._holding.clear()
        return dropped

    def arm(self, trainer) -> None:
        """Take the state a run starts from: state conditions that hold now fire
        only once they stopped holding and cross again."""
        self._holding = {
            c
            for c in self.conditions
            if c.kind not in PER_UPDATE and _check(c, trainer) is not None
        }

    def check(self, trainer) -> Hit | None:
        """After an update: the first condition that fires (non-finite first)."""
        step = trainer.step
        what = trainer.non_finite()
        if what is not None:
            found = trainer.params.first_non_finite()
            if found is None and trainer.non_finite_buffer() is not None:
                found = trainer.non_finite_buffer()[1]
            return Hit(f"{what} is not finite at step {step}", found)
        if not self.conditions:
            return None
        fired = None
        holding = set()
        for condition in self.conditions:
            hit = _check(condition, trainer)
            if hit is None:
                continue
            if condition.kind not in PER_UPDATE:
                holding.add(condition)
                if condition in self._holding:
                    continue  # held before: not a crossing
            if fired is None:
                hit.message += f" at step {step}"
                fired = hit
        self._holding = holding
        return fired

    __call__ = check


def _check(c: Condition, trainer) -> Hit | None:
    """A Hit when ``c`` holds for the trainer's latest update, else None (also
    when there are no results to judge yet)."""
    kind = c.kind
    if kind == "at_step":
        return Hit(c.describe()) if trainer.step >= c.value else None
    if kind in ("loss_below", "loss_above"):
        # the loss of the parameters now (on the next batch): the state that
        # crossed, not the one before the update (the latest forward pass's).
        # The next forward phase takes this very pass: it costs nothing more
        loss = trainer.current_loss()
        crossed = loss < c.value if kind == "loss_below" else loss > c.value
        return Hit(f"{c.describe()} (loss {loss:.6g})") if crossed else None
    if kind in ("grad_norm_above", "grad_norm_below"):
        if trainer.backward_result is None:
            return None
        gradients = trainer.backward_result.dW
        layers = range(len(gradients)) if c.layer is None else [c.layer]
        for l in layers:
            norm = l2_norm(gradients[l])
            if norm > c.value if kind == "grad_norm_above" else norm < c.value:
                return Hit(f"{c.describe()} (‖dW{l + 1}‖ = {norm:.6g})", layer=l)
        return None
    if trainer.previous_params is None:
        return None
    if kind == "step_above":
        moved = np.abs(trainer.previous_params.flat - trainer.params.flat)
        index = int(np.argmax(moved))
        if not moved[index] > c.value:
            return None
        key = trainer.params.key_at(index)
        label = trainer.session.spec.label(key)
        return Hit(f"{c.describe()} ({label} moved by {moved[index]:.6g})", key)
    before = c.parameter.read(trainer.previous_params)
    now = c.parameter.read(trainer.params)
    if kind == "sign_change":
        fired = before != 0.0 and np.sign(before) != np.sign(now)
    else:  # change_above
        fired = abs(now - before) > c.value
    if fired:
        return Hit(f"{c.describe()} ({before:.6g} → {now:.6g})", parameter=c.parameter)
    return None
