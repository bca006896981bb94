"""Reading typed values out of a parsed JSON object: the checks every part of a
session file shares (keys that look misspelled, whole numbers, strings, flags,
tables of finite numbers), each refusal a ``ValueError`` naming the key."""

from __future__ import annotations

import difflib

import numpy as np

from . import strict_json


def check_keys(data: dict, known: set, where: str, keep_unknown=False) -> None:
    """Refuse a key that looks like a known one misspelled (``Learning_Rate``,
    ``learning-rate``, ``lerning_rate``): it would otherwise be ignored while the
    default is used. Other unknown keys are refused, or (top level,
    ``keep_unknown``) kept and written back unchanged."""
    for key in data:
        if key in known:
            continue
        folded = key.strip().lower().replace("-", "_").replace(" ", "_")
        close = [k for k in known if k == folded] or difflib.get_close_matches(
            folded, sorted(known), n=1, cutoff=0.8
        )
        shown = strict_json.where((key,))
        place = f"{where}: " if where else ""
        if close:
            raise ValueError(f'{place}unknown key {shown} (did you mean "{close[0]}"?)')
        if not keep_unknown:
            raise ValueError(
                f"{place}unknown key {shown} (known: {', '.join(sorted(known))})"
            )


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def string_field(data, key, default=None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f'"{key}" must be a string')
    return value


def boolean_field(data, key, default) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ValueError(f'"{key}" must be true or false')
    return value


def number_field(data, key, default) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f'"{key}" must be a number')
    return float(value)


def optional_int_field(data, key):
    value = data.get(key)
    if value is not None and not is_int(value):
        raise ValueError(f'"{key}" must be a whole number or null')
    return value


def number_table(value, name: str, width: int | None = None) -> np.ndarray:
    """A list of equally long lists of finite numbers, as a float64 array."""
    if not isinstance(value, list) or not value:
        raise ValueError(f'"{name}" must be a non-empty list of rows')
    for r, row in enumerate(value):
        if not isinstance(row, list):
            raise ValueError(f'"{name}" row {r} must be a list of numbers')
        if width is None:
            width = len(row)
        if len(row) != width:
            raise ValueError(
                f'"{name}" row {r} has {len(row)} values, expected {width}'
            )
        for v in row:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ValueError(f'"{name}" row {r} holds {v!r}, which is not a number')
    try:
        array = np.array(value, dtype=np.float64)
    except OverflowError:
        array = np.array([np.inf])
    if not np.isfinite(array).all():
        raise ValueError(f'"{name}" holds a number too large for a 64-bit float')
    return array
