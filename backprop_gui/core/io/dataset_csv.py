"""Datasets from and to CSV files.

Reading: comma-separated UTF-8 text (a UTF-8 byte-order mark, as Excel writes it, is
accepted; lines end in LF, CRLF or, throughout a file, CR), an optional header row
(detected: a first row whose cells are all names, see :func:`looks_like_name`),
one sample per row. By default the first ``n_inputs`` columns are inputs and
the next ``n_targets`` the targets; chosen columns can be given instead. Numbers use
C-locale syntax (``0.5``, ``1e-3``); ``nan``, ``inf``, ``0,5`` and text are refused.
Every problem raises :class:`DatasetFileError` naming the file, the row and the
column, and nothing is returned half-read.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..engine.limits import MAX_SAMPLES, check_dataset_size, check_samples
from ..engine.session import check_data
from .atomic_write import atomic_write
from .bounded_read import read_limited
from .number_text import MAX_MAGNITUDE, parse_number

MAX_FILE_BYTES = 32 * 1024 * 1024


class DatasetFileError(ValueError):
    """A dataset CSV that cannot be used; the message says why."""


@dataclass
class CsvDataset:
    inputs: np.ndarray
    targets: np.ndarray
    #: Column names from the header row, or None when the file has none.
    header: list[str] | None


def load_dataset_csv(
    path,
    n_inputs: int,
    n_targets: int,
    input_columns: list[int] | None = None,
    target_columns: list[int] | None = None,
) -> CsvDataset:
    """Read inputs and targets from ``path`` (see the module docstring)."""
    path = Path(path)
    try:
        return _parse(
            read_text(path), n_inputs, n_targets, input_columns, target_columns
        )
    except DatasetFileError as exc:
        raise DatasetFileError(f"{path}: {exc}") from None


def load_dataset_for(spec, path, input_columns=None, target_columns=None) -> CsvDataset:
    """A dataset CSV read for the network ``spec`` and checked against it (shapes,
    bce targets in [0, 1]); every refusal names the file."""
    data = load_dataset_csv(
        path, spec.layers[0], spec.layers[-1], input_columns, target_columns
    )
    try:
        check_data(spec, data.inputs, data.targets)
    except ValueError as exc:
        raise DatasetFileError(f"{path}: {exc}") from None
    return data


def read_text(path: Path) -> str:
    """The file's text (size-limited, regular files only, UTF-8); a
    :class:`DatasetFileError` says why not."""
    try:
        raw = read_limited(path, MAX_FILE_BYTES, "dataset files")
    except ValueError as exc:
        raise DatasetFileError(str(exc)) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DatasetFileError("file is UTF-16 text; save it as UTF-8 CSV")
    if b"\x00" in raw:
        raise DatasetFileError("not a text file (it contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DatasetFileError("not UTF-8 text; save it as UTF-8 CSV") from None


def read_rows(text: str) -> list[list[str]]:
    """The non-blank rows of CSV ``text``. Line endings may be LF, CRLF or (in a
    file without any LF) CR alone; a CR elsewhere, or a cell longer than the csv
    module's limit, is a :class:`DatasetFileError` naming the line."""
    reader = csv.reader(io.StringIO(_line_ends(text)))
    try:
        return [row for row in reader if any(c.strip() for c in row)]
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise DatasetFileError(
                f"line {reader.line_num}: a cell is longer than "
                f"{csv.field_size_limit():,} characters"
            ) from None
        raise DatasetFileError(
            f"line {reader.line_num}: not valid CSV ({exc})"
        ) from None


def _line_ends(text: str) -> str:
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


def _parse(text, n_inputs, n_targets, input_columns, target_columns) -> CsvDataset:
    text = _line_ends(text)
    try:
        check_samples(_non_blank_lines(text) - 1)  # the first may be a header
    except ValueError as exc:
        raise DatasetFileError(str(exc)) from None
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        raise DatasetFileError("file is empty")
    plain = None if '"' in text else _plain_table(lines)
    header, values = plain if plain is not None else _csv_table(text)
    width = values.shape[1]
    if input_columns is None and target_columns is None:
        if width != n_inputs + n_targets:
            raise DatasetFileError(
                f"has {width} columns; the network needs {n_inputs} input and "
                f"{n_targets} target columns ({n_inputs + n_targets})"
            )
        input_columns = list(range(n_inputs))
        target_columns = list(range(n_inputs, width))
    _check_columns(input_columns, n_inputs, width, "input")
    _check_columns(target_columns, n_targets, width, "target")
    return CsvDataset(values[:, input_columns], values[:, target_columns], header)


def _non_blank_lines(text: str) -> int:
    """Lines holding more than spaces, counted without splitting the text."""
    lines = text.count("\n") + 1
    if lines <= MAX_SAMPLES + 1:
        return lines  # few enough either way
    return lines - len(_BLANK_LINE.findall(text))


_BLANK_LINE = re.compile(r"^[ \t]*$", re.MULTILINE)
#: Characters a plain table of numbers may hold (anything else, such as a
#: letter or a quote, goes through the csv module and the cell-by-cell rules).
_PLAIN = str.maketrans("", "", "0123456789+-.eE \t,\n")


def _plain_table(lines: list[str]):
    """``(header, values)`` of a file of plain numbers read in bulk (about five
    times faster than cell by cell), or None when anything needs the careful
    path: quotes, text, ragged rows, long cells, or numbers out of range. Both
    paths accept exactly the same files; the careful one names the problem."""
    first = [cell.strip() for cell in lines[0].split(",")]
    header = first if all(looks_like_name(cell) for cell in first) else None
    body = lines[1:] if header is not None else lines
    if not body:
        return None
    width = body[0].count(",") + 1
    if header is not None and (
        len(header) != width
        or (width == 1 and ";" in header[0])
        or max(map(len, lines[0].split(","))) > csv.field_size_limit()
    ):
        return None  # the careful path refuses these, and says why
    joined = "\n".join(body)
    if joined.translate(_PLAIN) or any(line.count(",") != width - 1 for line in body):
        return None
    cells = joined.replace("\n", ",").split(",")
    if max(map(len, cells)) > 64:
        return None
    try:
        check_dataset_size(len(body), width)
        with np.errstate(all="ignore"):
            values = np.array(cells, dtype=np.float64).reshape(len(body), width)
    except ValueError:
        return None
    if not (np.abs(values) <= MAX_MAGNITUDE).all():  # also catches inf
        return None
    if ("e-" in joined or "E-" in joined) and (values == 0).any():
        return None  # a nonzero number may have underflowed to 0
    return header, values


def _csv_table(text: str):
    """``(header, values)`` through the csv module, cell by cell."""
    rows = read_rows(text)
    if not rows:  # only separators: ",,\n,,"
        raise DatasetFileError("file is empty")
    header = None
    if all(looks_like_name(cell) for cell in rows[0]):
        header, rows = [c.strip() for c in rows[0]], rows[1:]
        if not rows:
            raise DatasetFileError("has a header row but no data rows")
    width = len(header) if header is not None else len(rows[0])
    if width == 1 and ";" in (header or rows[0])[0]:
        raise DatasetFileError("uses ';' to separate values; use commas")
    try:
        check_dataset_size(len(rows), width)
    except ValueError as exc:
        raise DatasetFileError(str(exc)) from None
    values = np.empty((len(rows), width))
    first_line = 2 if header is not None else 1
    for r, row in enumerate(rows):
        line = first_line + r
        if len(row) != width:
            raise DatasetFileError(
                f"row {line} has {len(row)} values, expected {width}"
            )
        for c, cell in enumerate(row):
            try:
                values[r, c] = parse_number(cell)
            except ValueError as exc:
                raise DatasetFileError(f"row {line}, column {c + 1}: {exc}") from None
    return header, values


def _check_columns(columns, wanted: int, width: int, what: str) -> None:
    if columns is None or len(columns) != wanted:
        raise DatasetFileError(f"choose {wanted} {what} column(s)")
    for c in columns:
        if not 0 <= c < width:
            raise DatasetFileError(
                f"{what} column {c + 1} does not exist ({width} columns)"
            )


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


def save_dataset_csv(inputs: np.ndarray, targets: np.ndarray, path) -> None:
    """Write a header (x1.., y1..) and one row per sample, exact values, atomically."""
    header = [f"x{k + 1}" for k in range(inputs.shape[1])]
    header += [f"y{k + 1}" for k in range(targets.shape[1])]
    with atomic_write(path, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for x, y in zip(inputs.tolist(), targets.tolist()):
            writer.writerow([repr(v) for v in x + y])
