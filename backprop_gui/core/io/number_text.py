"""Reading numbers typed by a user: C-locale syntax, finite, in range.

``0.5``, ``-3``, ``1e-3``, ``+.25`` and ``2.`` are numbers whatever the desktop's
locale; ``0,5``, ``nan``, ``inf``, ``1_000``, ``0x1p3``, non-ASCII digits and text are
not. Python's ``float()`` alone would accept several of those, so the syntax is
checked first. A nonzero number too small for a float (``1e-400``) is refused
rather than silently read as 0.
"""

from __future__ import annotations

import math
import re

from ..engine.limits import MAX_MAGNITUDE  # typed values, as data

_MANTISSA_NONZERO = re.compile(r"[1-9]")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_number(
    text: str, limit: float = MAX_MAGNITUDE, minimum: float | None = None
) -> float:
    """The float ``text`` spells, or ``ValueError`` with a message for the user.
    It lies from ``minimum`` (default ``-limit``) to ``limit``."""
    low = -limit if minimum is None else minimum
    stripped = text.strip() if isinstance(text, str) else ""
    if not stripped:
        raise ValueError("enter a number")
    if len(stripped) > 64 and _NUMBER.fullmatch(stripped):
        raise ValueError(
            f"{stripped[:20]}… has {len(stripped)} characters; a number may have 64"
        )
    if len(stripped) > 64 or not _NUMBER.fullmatch(stripped):
        shown = stripped if len(stripped) <= 20 else stripped[:20] + "…"
        hint = " (use a dot for decimals)" if "," in stripped else ""
        raise ValueError(f"{shown!r} is not a number{hint}")
    value = float(stripped)
    if not math.isfinite(value) or not low <= value <= limit:
        raise ValueError(f"{stripped} is out of range ({low:g} to {limit:g})")
    if value == 0 and _MANTISSA_NONZERO.search(stripped.split("e")[0].split("E")[0]):
        raise ValueError(
            f"{stripped} is too small for a 64-bit float: it would become 0 "
            "(the smallest is about 5e-324)"
        )
    return value


def number_from(value, limit: float = MAX_MAGNITUDE) -> float:
    """A cell edit as a float: text by :func:`parse_number`; a Python ``int`` or
    ``float`` (as ``setData`` may pass) under the same range rules."""
    if isinstance(value, str):
        return parse_number(value, limit)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{type(value).__name__} is not a number")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(
            f"the number is out of range (-{limit:g} to {limit:g})"
        ) from None
    return parse_number(repr(number), limit)


def whole_numbers(text: str, what: str) -> list[int]:
    """The whole numbers in ``text``, separated by commas or spaces: ASCII digits
    only (not "٣" or "²", which ``str.isdigit`` accepts) and at most 9 of them
    each; ValueError saying what ``what`` must be otherwise."""
    parts = text.replace(",", " ").split()
    if not all(p.isascii() and p.isdigit() and len(p) <= 9 for p in parts):
        raise ValueError(f"{what} must be whole numbers separated by commas")
    return [int(p) for p in parts]
