"""Datasets from and to CSV files.

Reading: comma-separated UTF-8 text (a UTF-8 byte-order mark, as Excel writes it, is
accepted; lines end in LF, CRLF or, throughout a file, CR), an optional header row
(detected: a first row whose cells are all names, see :func:`looks_like_name`),
one sample per row. By default the first ``n_inputs`` columns are inputs and
the next ``n_targets`` the targets; chosen columns can be given instead, or a class
label column (text or numbers) whose classes become the targets
(:mod:`..engine.classes`), every other column then being an input. Numbers use
C-locale syntax (``0.5``, ``1e-3``); ``nan``, ``inf``, ``0,5`` and text are refused.
Every problem raises :class:`DatasetFileError` naming the file, the row and the
column, and nothing is returned half-read.

Files of plain numbers are read in bulk (:mod:`.csv_numbers`, about as fast as
pandas); anything else cell by cell (:mod:`.csv_cells`). Dataset files may be up to
:data:`MAX_FILE_BYTES` (1 GiB), a limit of their own, apart from session files'.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..engine.classes import class_indices, class_targets, order_classes
from ..engine.input_scaling import InputScaling, constant_columns_note
from ..engine.limits import check_dataset_size, check_samples
from ..engine.session import DatasetInfo, check_data
from .atomic_write import atomic_write
from .bounded_read import read_limited
from .csv_cells import (
    DatasetFileError,
    DatasetLoadCancelled,
    cell_table,
    looks_like_name,
    read_rows,
)
from .csv_numbers import parse_plain_block

__all__ = [
    "MAX_FILE_BYTES",
    "CsvDataset",
    "DatasetFileError",
    "DatasetLoadCancelled",
    "load_dataset_csv",
    "load_dataset_for",
    "looks_like_name",
    "read_rows",
    "read_table",
    "save_dataset_csv",
]

#: Dataset CSVs larger than this are refused before they are parsed.
MAX_FILE_BYTES = 2**30
#: Bytes the bulk reader parses at a time (between progress reports).
BLOCK_BYTES = 1 << 19


@dataclass
class Table:
    """A CSV file's cells: numbers, and the label column's text if one was named."""

    header: list[str] | None
    values: np.ndarray
    #: The label column's cells (text, or the numbers when all cells are), or None.
    labels: list[str] | np.ndarray | None
    #: 0-based index of the label column, or None.
    label_index: int | None
    #: Hex SHA-256 of the file's bytes.
    sha256: str


@dataclass
class CsvDataset:
    inputs: np.ndarray
    targets: np.ndarray
    #: Column names from the header row, or None when the file has none.
    header: list[str] | None
    #: The header names of the input columns, in input order (None: no header).
    input_names: list[str] | None = None
    #: Hex SHA-256 of the file's bytes.
    sha256: str = ""
    #: What the data mean: classes, input scaling, and the file as their source.
    info: DatasetInfo = field(default_factory=DatasetInfo)
    #: Things the user should know (constant columns left unscaled).
    notes: list[str] = field(default_factory=list)


def read_table(path, label_column=None, progress=None, sha256=None) -> Table:
    """The cells of dataset CSV ``path`` (see the module docstring);
    ``progress(done, total)`` may return False to cancel
    (:class:`DatasetLoadCancelled`). With ``sha256``, a file with other bytes is
    refused before it is parsed."""
    path = Path(path)
    expected = sha256
    try:
        raw = _read_bytes(path)
        sha256 = hashlib.sha256(raw).hexdigest()
        if expected is not None and sha256 != expected.lower():
            raise DatasetFileError(
                f"has changed since the session was saved (its SHA-256 is "
                f"{sha256[:12]}…, the session expects {expected[:12]}…)"
            )
        text_bytes = _line_end_bytes(raw.removeprefix(b"\xef\xbb\xbf"))
        label_of = None if label_column is None else _label_finder(label_column)
        bulk = None if b"\r" in text_bytes else _bulk_table(text_bytes, progress)
        if bulk is not None:
            header, values = bulk
            label = None if label_of is None else label_of(header, values.shape[1])
            labels = None if label is None else values[:, label].copy()
        else:
            text = _decode(text_bytes)
            header, values, labels = cell_table(text, label_of, progress)
            label = None if label_of is None else label_of(header, values.shape[1])
    except DatasetFileError as exc:
        raise DatasetFileError(f"{path}: {exc}") from None
    return Table(header, values, labels, label, sha256)


def load_dataset_csv(
    path,
    n_inputs: int,
    n_targets: int,
    input_columns: list[int] | None = None,
    target_columns: list[int] | None = None,
    label_column=None,
    classes: list | None = None,
    progress=None,
    sha256: str | None = None,
) -> CsvDataset:
    """Inputs and targets from ``path``: the given 0-based columns, or the
    default layout, or with ``label_column`` (a header name or a 1-based number)
    the targets of its classes (``classes`` fixes their order, as a session that
    refers to the file does; ``sha256`` the bytes it must have)."""
    table = read_table(path, label_column, progress, sha256)
    try:
        return _dataset_of(
            table, n_inputs, n_targets, input_columns, target_columns, classes
        )
    except DatasetFileError as exc:
        raise DatasetFileError(f"{path}: {exc}") from None


def load_dataset_for(
    spec,
    path,
    input_columns=None,
    target_columns=None,
    label_column=None,
    standardize: bool | InputScaling = False,
    classes: list | None = None,
    progress=None,
    sha256: str | None = None,
) -> CsvDataset:
    """A dataset CSV read for the network ``spec`` and checked against it (shapes,
    bce targets in [0, 1]); every refusal names the file. ``standardize``: True
    to fit an input scaling, or the scaling to apply. The result's ``info.source``
    describes the file for a session that refers to it."""
    data = load_dataset_csv(
        path,
        spec.layers[0],
        spec.layers[-1],
        input_columns,
        target_columns,
        label_column,
        classes,
        progress,
        sha256,
    )
    scaling = None
    if standardize is True:
        scaling, constant = InputScaling.fit(data.inputs)
        note = constant_columns_note(constant, data.input_names)
        data.notes += [note] if note else []
    elif isinstance(standardize, InputScaling):
        scaling = standardize
    try:
        if scaling is not None:
            data.inputs = scaling.apply(data.inputs)
        check_data(spec, data.inputs, data.targets)
    except ValueError as exc:
        raise DatasetFileError(f"{path}: {exc}") from None
    source = {"csv": str(Path(path).resolve()), "sha256": data.sha256}
    if label_column is not None:
        source["label_column"] = label_column
    if input_columns is not None:
        source["input_columns"] = [c + 1 for c in input_columns]
    if target_columns is not None and label_column is None:
        source["target_columns"] = [c + 1 for c in target_columns]
    data.info = DatasetInfo(data.info.classes, scaling, source)
    return data


def _dataset_of(table, n_inputs, n_targets, input_columns, target_columns, classes):
    values, width = table.values, table.values.shape[1]
    values.flags.writeable = False  # the inputs may be a view of it
    classes_found = None
    if table.label_index is not None:
        label = table.label_index
        if target_columns is not None:
            raise DatasetFileError(
                "a label column gives the targets: choose no target columns"
            )
        if input_columns is None:
            input_columns = [c for c in range(width) if c != label]
            if len(input_columns) != n_inputs:
                raise DatasetFileError(
                    f"has {len(input_columns)} input columns besides the label; "
                    f"the network takes {n_inputs} inputs"
                )
        _check_columns(input_columns, n_inputs, width, "input")
        if label in input_columns:
            raise DatasetFileError(
                f"column {label + 1} is the label; it cannot be an input"
            )
        try:
            classes_found = order_classes(table.labels) if classes is None else classes
            targets = class_targets(
                class_indices(table.labels, classes_found),
                len(classes_found),
                n_targets,
            )
        except ValueError as exc:
            row = _first_bad_label(table.labels, classes_found)
            where = "" if row is None else f"row {row + (2 if table.header else 1)}, "
            raise DatasetFileError(f"{where}label column {label + 1}: {exc}") from None
        inputs = _columns_of(values, input_columns)
    else:
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
        inputs = _columns_of(values, input_columns)
        targets = _columns_of(values, target_columns)
    names = None if table.header is None else [table.header[c] for c in input_columns]
    return CsvDataset(
        inputs, targets, table.header, names, table.sha256, DatasetInfo(classes_found)
    )


def _columns_of(values: np.ndarray, columns: list[int]) -> np.ndarray:
    """``values[:, columns]``, read-only; a view when the columns are a run (784
    columns out of 785: gathering or copying them would cost as much as reading
    the numbers; matrix products take the view as it is)."""
    first = columns[0]
    if columns == list(range(first, first + len(columns))):
        view = values[:, first : first + len(columns)]
    else:
        view = values[:, columns]
    view.flags.writeable = False
    return view


def _first_bad_label(labels, classes) -> int | None:
    """The 0-based data row of the first label that is refused on its own."""
    if isinstance(labels, np.ndarray):
        return None
    for r, cell in enumerate(labels):
        try:
            if classes is None:
                order_classes([cell])
            else:
                class_indices([cell], classes)
        except ValueError:
            return r
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        raw = read_limited(path, MAX_FILE_BYTES, "dataset files")
    except ValueError as exc:
        raise DatasetFileError(str(exc)) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DatasetFileError("file is UTF-16 text; save it as UTF-8 CSV")
    if b"\x00" in raw:
        raise DatasetFileError("not a text file (it contains NUL bytes)")
    return raw


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DatasetFileError("not UTF-8 text; save it as UTF-8 CSV") from None


def _line_end_bytes(raw: bytes) -> bytes:
    """LF line ends; a stray CR is left for the careful reader to name."""
    if b"\r" not in raw:
        return raw
    return raw.replace(b"\r\n", b"\n") if b"\n" in raw else raw.replace(b"\r", b"\n")


def _label_finder(label_column):
    """A function (header, width) -> 0-based index of ``label_column``: a
    1-based number (int or digits) or a header name."""
    text = label_column.strip() if isinstance(label_column, str) else ""
    if text.isascii() and text.isdigit():
        label_column = int(text)

    def find(header, width) -> int:
        if isinstance(label_column, int) and not isinstance(label_column, bool):
            if not 1 <= label_column <= width:
                raise DatasetFileError(
                    f"label column {label_column} does not exist ({width} columns)"
                )
            return label_column - 1
        if header is None:
            raise DatasetFileError(
                f"has no header row, so no column is named {label_column!r}; "
                "give the label column's number (from 1). (A header row needs a "
                "name in every column: a comma at the end of a line makes an "
                "empty one.)"
            )
        found = [c for c, name in enumerate(header) if name == label_column]
        if not found:
            raise DatasetFileError(
                f"has no column named {label_column!r} (columns: {', '.join(header)})"
            )
        if len(found) > 1:
            raise DatasetFileError(
                f"columns {found[0] + 1} and {found[1] + 1} are both named "
                f"{label_column!r}; give the label column's number"
            )
        return found[0]

    return find


def _bulk_table(raw: bytes, progress):
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


def _check_columns(columns, wanted: int, width: int, what: str) -> None:
    if columns is None or len(columns) != wanted:
        raise DatasetFileError(f"choose {wanted} {what} column(s)")
    if len(set(columns)) != len(columns):
        twice = next(c for c in columns if columns.count(c) > 1)
        raise DatasetFileError(f"{what} column {twice + 1} is chosen twice")
    for c in columns:
        if not 0 <= c < width:
            raise DatasetFileError(
                f"{what} column {c + 1} does not exist ({width} columns)"
            )


def save_dataset_csv(inputs: np.ndarray, targets: np.ndarray, path) -> None:
    """Write a header (x1.., y1..) and one row per sample, exact values, atomically."""
    header = [f"x{k + 1}" for k in range(inputs.shape[1])]
    header += [f"y{k + 1}" for k in range(targets.shape[1])]
    with atomic_write(path, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for x, y in zip(inputs.tolist(), targets.tolist()):
            writer.writerow([repr(v) for v in x + y])
