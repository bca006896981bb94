"""Reading a block of CSV lines of plain decimal numbers in bulk, with NumPy.

A dataset such as MNIST as CSV holds tens of millions of cells; reading them one by
one in Python takes about a minute. Here the bytes themselves are the array: the
separators give each number's extent, and a number's digits, weighted by powers of
ten, sum to its mantissa ``m``. The value is ``m / 10**k`` for ``k`` digits after
the dot: with ``m < 2**53`` and ``k <= 22`` both are exact doubles, so the one
division rounds correctly (Clinger's fast path) and gives bitwise what ``float()``
gives for the same text.

A block is read this way only when every cell is ``[+-]digits[.digits]`` (or
``[+-].digits``) with at most 15 digits, and every line has the same number of
cells; anything else (exponents, spaces, empty cells, quotes, text) returns None and
the caller reads the block the careful way, which names any problem.
"""

from __future__ import annotations

import numpy as np

COMMA, NEWLINE, DOT, PLUS, MINUS = (ord(c) for c in ",\n.+-")
#: Most digits a number may have here (its mantissa stays below 2**53).
MAX_DIGITS = 15
_POWERS = 10.0 ** np.arange(MAX_DIGITS + 1)
_DIGITS_AND_SEPARATORS = b"0123456789,\n"


def parse_plain_block(block: bytes, width: int) -> np.ndarray | None:
    """The ``rows x width`` values of ``block`` (whole lines, each ending in LF),
    or None when the block needs the careful reader (see the module docstring)."""
    if not block.endswith(b"\n"):
        return None
    rest = block.translate(None, _DIGITS_AND_SEPARATORS)  # signs and dots, if any
    if rest.translate(None, b".+-"):
        return None
    buf = np.frombuffer(block, dtype=np.uint8)
    ends = np.flatnonzero((buf == COMMA) | (buf == NEWLINE))
    n = ends.size
    if n % width or not np.array_equal(
        ends[width - 1 :: width], np.flatnonzero(buf == NEWLINE)
    ):
        return None  # a line with another number of cells
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    lengths = ends - starts
    if lengths.min() < 1:
        return None  # an empty cell or a blank line
    first = buf[starts]
    signed = rest.count(b"+") + rest.count(b"-")
    if signed and signed != np.count_nonzero((first == PLUS) | (first == MINUS)):
        return None  # a sign inside a number
    # one character: a digit (most cells of an image dataset are "0")
    values = (first - np.uint8(48)).astype(np.float64)
    if ((lengths == 1) & (values >= 10)).any():
        return None
    longer = np.flatnonzero(lengths > 1)
    if longer.size:
        plain = not rest  # digits only
        read = (_read_whole if plain else _read_numbers)(
            buf, starts[longer], lengths[longer]
        )
        if read is None:
            return None
        values[longer] = read
    return values.reshape(n // width, width)


def _read_whole(buf, starts, lengths) -> np.ndarray | None:
    """Numbers of digits only (the caller saw no sign and no dot)."""
    longest = int(lengths.max())
    if longest > MAX_DIGITS:
        return None
    mantissa = (buf[starts] - np.uint8(48)).astype(np.int64)
    last = buf.size - 1
    for k in range(1, longest):  # Horner's rule, one character of every cell a pass
        more = k < lengths
        char = buf[np.minimum(starts + k, last)] - np.uint8(48)
        mantissa = np.where(more, mantissa * 10 + char, mantissa)
    return mantissa.astype(np.float64)


def _read_numbers(buf, starts, lengths) -> np.ndarray | None:
    """The numbers of several characters at ``starts``, or None."""
    longest = int(lengths.max())
    if longest > MAX_DIGITS + 2:  # more digits than a sign and a dot allow
        return None
    mantissa = np.zeros(starts.size, dtype=np.int64)
    digits = np.zeros(starts.size, dtype=np.int8)
    decimals = np.zeros(starts.size, dtype=np.int8)
    dots = np.zeros(starts.size, dtype=np.int8)
    last = buf.size - 1
    for k in range(longest):  # Horner's rule, one character of every cell a pass
        inside = k < lengths
        char = buf[np.minimum(starts + k, last)]
        value = char - np.uint8(48)  # digits become 0..9, others >= 10
        digit = inside & (value < 10)
        mantissa = np.where(digit, mantissa * 10 + value, mantissa)
        digits += digit
        decimals += digit & (dots > 0)
        dots += inside & (char == DOT)
    if digits.min() < 1 or digits.max() > MAX_DIGITS or dots.max() > 1:
        return None
    values = mantissa / _POWERS[decimals]
    values[buf[starts] == MINUS] *= -1.0
    return values
