"""Which columns of a dataset CSV are inputs, targets or the class label, and
the dataset they make (:class:`~.dataset_csv.CsvDataset`)."""

from __future__ import annotations

import numpy as np

from ..engine.classes import class_indices, class_targets, order_classes
from ..engine.session import DatasetInfo
from .csv_cells import DatasetFileError


def dataset_of(
    table, n_inputs, n_targets, input_columns, target_columns, classes, make
):
    """``make(inputs, targets, header, input names, sha256, DatasetInfo)`` of
    ``table`` with these columns (``DatasetFileError`` names what does not fit)."""
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
            # the sample (its number in the Dataset dock): blank lines may
            # make it another line of the file
            where = "" if row is None else f"sample {row + 1}, "
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
    return make(
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


def label_finder(label_column):
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
