"""How numbers and parameters are written in the views."""

from __future__ import annotations

import math


def fmt(value: float | None, digits: int = 12) -> str:
    """A number with ``digits`` significant digits (enough to compare with the
    seeds, which print 12 decimals); empty for None."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return f"{value:.{digits}g}"


def layer_title(layer: int, depth: int) -> str:
    if layer == 0:
        return "input"
    if layer == depth:
        return "output"
    return f"hidden {layer}" if depth > 2 else "hidden"
