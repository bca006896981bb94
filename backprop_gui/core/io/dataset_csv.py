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

from ..engine.input_scaling import InputScaling
from ..engine.input_scaling import standardize as standardized
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
from .csv_columns import dataset_of, label_finder
from .csv_numbers import bulk_table

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
        label_of = None if label_column is None else label_finder(label_column)
        bulk = None if b"\r" in text_bytes else bulk_table(text_bytes, progress)
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
        return dataset_of(
            table,
            n_inputs,
            n_targets,
            input_columns,
            target_columns,
            classes,
            CsvDataset,
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
        data.inputs, scaling, note = standardized(data.inputs, data.input_names)
        data.notes += [note] if note else []
    elif isinstance(standardize, InputScaling):
        scaling = standardize
        data.inputs = scaling.apply(data.inputs)
    try:
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


def save_dataset_csv(inputs: np.ndarray, targets: np.ndarray, path) -> None:
    """Write a header (x1.., y1..) and one row per sample, exact values, atomically."""
    header = [f"x{k + 1}" for k in range(inputs.shape[1])]
    header += [f"y{k + 1}" for k in range(targets.shape[1])]
    with atomic_write(path, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for x, y in zip(inputs.tolist(), targets.tolist()):
            writer.writerow([repr(v) for v in x + y])
