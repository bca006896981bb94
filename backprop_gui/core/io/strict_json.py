"""JSON as the app reads it: strict, bounded, and with messages that name the key.

On top of the standard ``json`` parser (nothing in a file is ever executed):

* nesting deeper than :data:`MAX_DEPTH` is refused before parsing (the parser
  recurses; a few thousand ``[`` would raise ``RecursionError``);
* a key that appears twice in one object is refused (which one would count?);
* ``NaN``, ``Infinity`` and numbers beyond float range are refused, and so are
  nonzero numbers that would underflow to 0 (``1e-400``);
* integers longer than :data:`MAX_INT_DIGITS` digits are refused with the key that
  holds them (Python's own message would mention ``sys.set_int_max_str_digits``);
* text must be valid Unicode: a lone surrogate (``"\\ud800"``) cannot be shown,
  printed or written back as UTF-8.

Every refusal is a ``ValueError`` whose message says where: ``"learning_rate"``,
``"init" > "seed"``, ``"inputs"[3][1]``.
"""

from __future__ import annotations

import json
import math
import re

import numpy as np

from .shown_text import one_line

#: Deepest nesting of lists and objects accepted (session files need 4).
MAX_DEPTH = 32
#: Longest integer accepted (2^128 has 39 digits).
MAX_INT_DIGITS = 40

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: A number that may be too long for an int or too large for a float.
_RISKY_NUMBER = re.compile(rb"[0-9]{%d,}|[eE][+-]?[0-9]{3,}" % (MAX_INT_DIGITS + 1))
# An unclosed string runs to the end of the text in one match (else every later
# quote would start a new scan to the end: quadratic time on a hostile file).
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*(?:"|\Z)', re.DOTALL)


class _TooLarge:
    """Stands for a number that cannot be used until its place is known."""

    def __init__(self, problem: str) -> None:
        self.problem = problem


def loads(text: str):
    """Parse ``text`` with the rules above (``ValueError`` names the problem)."""
    outside_strings = _check_depth(text)
    refused = []  # numbers that cannot be used, found while parsing
    # Python's own number parsing is exact; the hooks are needed only where a
    # number may be too long or overflow (they cost a call per number).
    careful = _RISKY_NUMBER.search(outside_strings) is not None

    def number(parse):
        def hook(token):
            value = parse(token)
            if isinstance(value, _TooLarge):
                refused.append(value)
            return value

        return hook

    try:
        data = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=number(_float) if careful else None,
            parse_int=number(_int) if careful else None,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc})") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise ValueError("lists or objects are nested too deeply") from None
    # Walking a big file costs seconds: only when there is something to find
    # (text decoded from UTF-8 holds a surrogate only through a \u escape).
    if refused or _SURROGATE_ESCAPE.search(text):
        _check_values(data)
    return data


def _check_depth(text: str) -> bytes:
    """Refuse deep nesting; returns the text without its strings."""
    raw = _STRINGS.sub(b"", text.encode("utf-8", "surrogatepass"))
    codes = np.frombuffer(raw, dtype=np.uint8)
    steps = np.zeros(codes.shape, dtype=np.int8)
    steps[(codes == ord("[")) | (codes == ord("{"))] = 1
    steps[(codes == ord("]")) | (codes == ord("}"))] = -1
    if steps.size and int(np.cumsum(steps, dtype=np.int64).max()) > MAX_DEPTH:
        raise ValueError(
            f"lists or objects are nested more than {MAX_DEPTH} deep; a session "
            "file needs 4"
        )
    return raw


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed; every number must be finite")


def _float(text: str):
    value = float(text)
    if not math.isfinite(value):
        return _TooLarge(f"number {_shown(text, 20)} is too large for a 64-bit float")
    if value == 0 and re.search(r"[1-9]", re.split(r"[eE]", text)[0]):
        return _TooLarge(
            f"number {_shown(text, 20)} is too small for a 64-bit float: it would "
            "become 0"
        )
    return value


def _int(text: str):
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        return _TooLarge(f"a whole number with {digits} digits is too large")
    return int(text)


def _object(pairs: list) -> dict:
    result = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f'key "{_shown(key)}" appears twice in one object')
        result[key] = value
    return result


def _check_values(data) -> None:
    """Find too-long integers and invalid text anywhere, naming their place."""
    stack = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if not _valid_text(key):
                    raise ValueError(f"{where(path)}: a key is not valid Unicode text")
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, i)) for i, item in enumerate(value))
        elif isinstance(value, _TooLarge):
            raise ValueError(f"{where(path)}: {value.problem}")
        elif isinstance(value, str) and not _valid_text(value):
            raise ValueError(
                f"{where(path)}: text holds a lone surrogate ({_shown(value)}), "
                "which is not valid Unicode"
            )


def _valid_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(text: str, width: int = 40) -> str:
    return one_line(text, width)


def where(path: tuple) -> str:
    """``("init", "seed")`` as ``"init" > "seed"``, list indices as ``[3]``."""
    if not path:
        return "the file"
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += (" > " if out else "") + f'"{_shown(part)}"'
    return out
