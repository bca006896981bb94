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

import csv

import numpy as np

from ..engine.limits import check_dataset_size, check_samples
from .csv_cells import DatasetFileError, DatasetLoadCancelled, looks_like_name

COMMA, NEWLINE, DOT, PLUS, MINUS = (ord(c) for c in ",\n.+-")
#: Most digits a number may have here (its mantissa stays below 2**53).
MAX_DIGITS = 15
#: Bytes parsed at a time (between progress reports).
BLOCK_BYTES = 1 << 19
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


def bulk_table(raw: bytes, progress):
    """``(header, values)`` of a file of plain numbers, read block by block, or
    None when any part needs the careful reader. Blocks are cut from ``raw``
    itself: a 100 MB file is not copied whole on the way."""
    first_end = raw.find(b"\n")
    first = raw if first_end < 0 else raw[:first_end]
    try:
        first_text = first.decode("utf-8")
    except UnicodeDecodeError:
        return None
    cells = [cell.strip() for cell in first_text.split(",")]
    header = cells if all(looks_like_name(cell) for cell in cells) else None
    if header is not None and (
        '"' in first_text
        or (len(header) == 1 and ";" in header[0])
        or max(map(len, cells)) > csv.field_size_limit()
    ):
        return None  # the careful reader refuses or unquotes these
    start = first_end + 1 if header is not None else 0
    end = len(raw)
    while end > start and raw[end - 1] == 10:  # trailing line ends
        end -= 1
    if end <= start or first_end < 0 and header is not None:
        return None
    if any(raw.find(x, start, end) >= 0 for x in (b"\n\n", b" ", b"\t")):
        return None  # blank lines or spaces: only the careful reader counts rows
    line_end = raw.find(b"\n", start, end)
    first_line = raw[start : end if line_end < 0 else line_end]
    width = len(header) if header is not None else first_line.count(b",") + 1
    rows = raw.count(b"\n", start, end) + 1
    try:
        check_samples(rows)
        check_dataset_size(rows, width)
    except ValueError as exc:
        raise DatasetFileError(str(exc)) from None
    values = np.empty((rows, width))
    done, position = 0, start
    while position < end:
        cut = raw.rfind(b"\n", position, min(position + BLOCK_BYTES, end)) + 1
        if cut <= position:  # a line longer than a block, or the last line
            cut = raw.find(b"\n", position, end) + 1 or end
        block = raw[position:cut] if cut < end else raw[position:end] + b"\n"
        parsed = parse_plain_block(block, width)
        if parsed is None:
            return None
        values[done : done + len(parsed)] = parsed
        done, position = done + len(parsed), cut
        if progress is not None and progress(position - start, end - start) is False:
            raise DatasetLoadCancelled()
    return header, values
