"""How numbers and parameters are written in the views.

One rule everywhere (tables, graph labels, tooltips, Explain, the status bar): a
number is written with Python's ``g`` format and a fixed number of significant
digits (12 for values, as the seeds print them; 17 in tooltips and edit boxes,
which is exact). Where the space is too narrow, :func:`fit_number` drops mantissa
digits, never the sign or the exponent: ``-4.10523659644e+94`` becomes
``-4.1052e+94``, then ``-4e+94``; ``0.1234567`` becomes ``0.1235``.
"""

from __future__ import annotations

import math
from collections.abc import Callable


def fmt(value: float | None, digits: int = 12) -> str:
    """A number with ``digits`` significant digits (enough to compare with the
    seeds, which print 12 decimals); empty for None."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return f"{value:.{digits}g}"


def fit_number(value: float, fits: Callable[[str], bool], digits: int = 12) -> str:
    """``value`` with as many significant digits, up to ``digits``, as ``fits``
    allows; at least one digit, with its sign and exponent, even if that does not
    fit (a cut number would lie)."""
    if not math.isfinite(value):
        return str(value)
    for d in range(digits, 1, -1):
        text = f"{value:.{d}g}"
        if fits(text):
            return text
    return f"{value:.1g}"


def layer_title(layer: int, depth: int) -> str:
    if layer == 0:
        return "input"
    if layer == depth:
        return "output"
    return f"hidden {layer}" if depth > 2 else "hidden"


def now_word(trainer) -> str:
    """How the numbers of the next forward pass are introduced beside the stale
    ones: "now" when it runs on the same samples, "next batch" when on others
    (a mini-batch's loss is not comparable with the one before it)."""
    return "now" if trainer.next_pass_same_samples() else "next batch"


def penalty_changed(trainer) -> bool:
    """Whether a weight penalty was set or dropped since the latest forward
    pass: its loss and the current values' are then not the same quantity."""
    fwd = trainer.forward_result
    active = trainer.session.regularization.active
    return fwd is not None and (fwd.penalty is not None) != active


def loss_now(trainer, digits: int, note: bool = True) -> str:
    """The loss the current values give, beside a stale pass's: "now 0.3040",
    "next batch 0.3040", with "with penalty" or "without penalty" (unless not
    ``note``) when :func:`penalty_changed`."""
    text = f"{now_word(trainer)} {fmt(trainer.preview().loss, digits)}"
    if note and penalty_changed(trainer):
        active = trainer.session.regularization.active
        text += " with penalty" if active else " without penalty"
    return text
