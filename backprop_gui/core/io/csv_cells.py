"""The careful dataset CSV reader: the csv module and one cell at a time.

It reads what the bulk reader (:mod:`.csv_numbers`) declines: quoted cells, spaces,
exponents, a text label column, and every broken file, whose problem it names by
row and column. Both readers give bitwise the same numbers for a file both accept.
"""

from __future__ import annotations

import csv
import io
import itertools

import numpy as np

from ..engine.limits import check_dataset_size
from .number_text import parse_number

#: Rows read between two progress reports.
PROGRESS_ROWS = 5000


class DatasetFileError(ValueError):
    """A dataset CSV that cannot be used; the message says why."""


class DatasetLoadCancelled(Exception):
    """The progress callback asked to stop reading."""


def read_rows(text: str) -> list[list[str]]:
    """The non-blank rows of CSV ``text``. Line endings may be LF, CRLF or (in a
    file without any LF) CR alone; a CR elsewhere, or a cell longer than the csv
    module's limit, is a :class:`DatasetFileError` naming the line."""
    return [row for _line, row in _numbered_rows(text)]


def line_ends(text: str) -> str:
    """``text`` with LF line ends (see :func:`read_rows`)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n") if "\n" in text else text.replace("\r", "\n")
        if "\r" in text:
            line = text.count("\n", 0, text.index("\r")) + 1
            raise DatasetFileError(
                f"line {line} holds a carriage return (CR) that does not end the "
                "line; save the file with LF or CRLF line endings"
            )
    return text


def looks_like_name(cell: str) -> bool:
    """Whether a cell of the first row is a column name: text that starts with
    neither a digit, a sign nor a dot and that no number parser would take
    (``nan``, ``inf``). A first row with a broken number (``1_000``, ``0x1``,
    ``1e400``, an empty cell) is a data row with an error, not a header."""
    cell = cell.strip()
    if not cell or cell[0] in "0123456789+-.":
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def split_header(rows: list[list[str]]):
    """``(header or None, data rows)``: the first row is a header when all its
    cells are names."""
    if rows and all(looks_like_name(cell) for cell in rows[0]):
        return [c.strip() for c in rows[0]], rows[1:]
    return None, rows


def separator_problem(row: list[str]) -> str | None:
    """Why a first row of one cell is not CSV: a file separated by semicolons
    (a spreadsheet in a decimal-comma locale) or tabs (TSV). None otherwise."""
    if len(row) == 1:
        for separator, name in ((";", "';'"), ("\t", "tabs")):
            if separator in row[0]:
                return f"uses {name} to separate values; use commas"
    return None


def cell_table(text: str, label_of=None, progress=None):
    """``(header, values, labels)`` of CSV ``text``, cell by cell. ``label_of``
    (header, width -> column index or None) names a label column, whose cells are
    kept as text in ``labels`` (its values are NaN); ``progress(done, total)`` is
    called every :data:`PROGRESS_ROWS` rows and may return False to cancel. Rows
    are read as a stream into blocks of numbers, so memory stays a few times the
    numbers' size, not the much larger size of a list of every cell."""
    total_lines = text.count("\n") + 1
    rows = _numbered_rows(text)
    first = next(rows, None)
    if first is None:  # only separators: ",,\n,,"
        raise DatasetFileError("file is empty")
    header, first_data = split_header([first[1]])
    first_data = (first[0], first_data[0]) if first_data else next(rows, None)
    if first_data is None:
        raise DatasetFileError("has a header row but no data rows")
    first_data_line, first_data = first_data
    width = len(header) if header is not None else len(first_data)
    problem = separator_problem(header or first_data)
    if problem:
        raise DatasetFileError(problem)
    label = None if label_of is None else label_of(header, width)
    blocks, labels = [], []
    block = np.empty((PROGRESS_ROWS, width))
    r = -1
    numbered = itertools.chain([(first_data_line, first_data)], rows)
    for r, (line, row) in enumerate(numbered):
        at = r % PROGRESS_ROWS
        if at == 0 and r:
            blocks.append(block)
            block = np.empty((PROGRESS_ROWS, width))
            _check_size(r + 1, width)
            if progress is not None and progress(r, total_lines) is False:
                raise DatasetLoadCancelled()
        if len(row) != width:
            raise DatasetFileError(
                f"row {line} has {len(row)} values, expected {width}"
            )
        for c, cell in enumerate(row):
            if c == label:
                labels.append(cell)
                block[at, c] = np.nan
                continue
            try:
                block[at, c] = parse_number(cell)
            except ValueError as exc:
                raise DatasetFileError(f"row {line}, column {c + 1}: {exc}") from None
    count = r + 1
    _check_size(count, width)
    blocks.append(block[: count - PROGRESS_ROWS * len(blocks)])
    values = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
    return header, values, (labels if label is not None else None)


def _check_size(rows: int, width: int) -> None:
    try:
        check_dataset_size(rows, width)
    except ValueError as exc:
        raise DatasetFileError(str(exc)) from None


def _numbered_rows(text: str):
    """``(line, row)`` for each non-blank row: the file's line it starts on, as
    an editor numbers it (blank lines count)."""
    reader = csv.reader(io.StringIO(line_ends(text)))
    line = 1
    try:
        for row in reader:
            if any(c.strip() for c in row):
                yield line, row
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _csv_problem(exc, reader.line_num) from None


def _csv_problem(exc: csv.Error, line: int) -> DatasetFileError:
    if "field larger" in str(exc):
        return DatasetFileError(
            f"line {line}: a cell is longer than {csv.field_size_limit():,} characters"
        )
    return DatasetFileError(f"line {line}: not valid CSV ({exc})")
