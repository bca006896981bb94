"""Exact text for float64 values, fast: the very strings ``repr`` gives.

The trace writes every number of every phase, and Python's ``repr`` of a float
(David Gay's shortest round-trip digits) costs ~0.6 us. orjson writes the same
shortest round-trip digits with the Ryu algorithm in ~0.04 us, and lays them out as
``repr`` does except in three cases:

* a one-digit negative exponent: ``repr`` pads it (``e-07``), orjson does not
  (``e-7``);
* from 1e-5 up to 1e-4 ``repr`` uses an exponent (``1.5e-05``), orjson does not
  (``0.000015``);
* NaN and the infinities, which orjson writes as ``null``: these go through
  ``repr`` itself.

``tests/core/test_float_text.py`` checks the result against ``repr`` on any float.
"""

from __future__ import annotations

import numpy as np
import orjson

_NUMPY = orjson.OPT_SERIALIZE_NUMPY
_FIVE = "0.0000"  # how orjson starts a number from 1e-5 up to 1e-4


def reprs(values: list) -> list[str]:
    """``repr`` of every number in ``values`` (float64 arrays of any shape, none
    empty, and floats), in order, each array read row by row."""
    try:
        text = orjson.dumps(values, option=_NUMPY).decode()
    except TypeError:  # a view that is not C-contiguous
        values = [np.ascontiguousarray(v) for v in values]
        text = orjson.dumps(values, option=_NUMPY).decode()
    text = text.replace("[", "").replace("]", "")
    if not text:
        return []
    strings = text.split(",")
    if "e-" in text or _FIVE in text:
        # "in" tests are several times cheaper than slicing each string; _as_repr
        # returns the numbers they pick needlessly (e-10, 10.00001) as they are
        strings = [_as_repr(x) if "e-" in x or _FIVE in x else x for x in strings]
    if "null" in text:  # NaN or an infinity: rare
        flat = np.concatenate(values, axis=None)
        for i in np.flatnonzero(~np.isfinite(flat)).tolist():
            strings[i] = repr(float(flat[i]))
    return strings


def _as_repr(number: str) -> str:
    """orjson's ``d.dde-7`` or ``0.0000ddd`` laid out as repr does: ``d.dde-07``,
    ``d.dde-05`` (anything else is returned as it is)."""
    if number[-2] == "-":  # a one-digit negative exponent (orjson writes 1.0, not 1)
        return number.replace("e-", "e-0")
    sign, five, digits = number.partition(_FIVE)
    if not five or sign not in ("", "-") or "e" in digits:
        return number  # a two-digit exponent, or 0.0000 inside as in 10.00001
    if len(digits) == 1:
        return f"{sign}{digits}e-05"
    return f"{sign}{digits[0]}.{digits[1:]}e-05"
