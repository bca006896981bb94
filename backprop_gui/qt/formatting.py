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


def parameter_name(kind: str, l: int, i: int | None, j: int, shared: bool) -> str:
    """``W1[1→2]`` or ``b2[1]`` with 1-based layer and neuron numbers; ``l`` is the
    0-based weight index as in files."""
    if kind == "W":
        return f"W{l + 1}[{i + 1}→{j + 1}]"
    return f"b{l + 1}" if shared else f"b{l + 1}[{j + 1}]"


def layer_title(layer: int, depth: int) -> str:
    if layer == 0:
        return "input"
    if layer == depth:
        return "output"
    return f"hidden {layer}" if depth > 2 else "hidden"
