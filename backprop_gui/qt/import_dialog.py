"""File → Import dataset CSV: what each column is, and how the data are prepared.

The dialog shows whether a header row was detected and a preview of the first
rows. The user chooses the input and target columns (1-based, e.g. ``1, 2`` and
``3``), or a class label column whose classes become the targets (every other
column then being an input unless chosen otherwise); whether to standardize the
inputs; and whether the session should refer to the file rather than hold a copy
of its numbers (the default for large files). A file up to :data:`LIVE_BYTES` is
read at every change with the reader the command line uses, so OK is enabled only
for a choice that works; a larger one is checked against its first rows, and read
after OK with a cancellable progress dialog.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core.io.csv_cells import separator_problem, split_header
from ..core.io.dataset_csv import (
    CsvDataset,
    DatasetFileError,
    load_dataset_for,
    read_rows,
)
from ..core.io.number_text import parse_number, whole_numbers
from .dialog_parts import error_label, ok_cancel

PREVIEW_ROWS = 6
#: The preview reads at most this much of the file.
PREVIEW_BYTES = 1 << 16
#: Files up to this size are read in full at every change of the choice.
LIVE_BYTES = 4 << 20
#: Files from this size are referred to rather than copied, unless unticked.
REFER_BYTES = 8 << 20
NO_LABEL = "(none: targets are columns)"


def _columns(text: str) -> list[int]:
    try:
        numbers = whole_numbers(text, "column numbers")
    except ValueError:
        numbers = []
    if not numbers or 0 in numbers:
        raise ValueError("list column numbers from 1, separated by commas")
    return [n - 1 for n in numbers]


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class ImportChoice:
    """The arguments of ``load_dataset_for`` the dialog's widgets say, and
    whether the session refers to the file."""

    input_columns: list[int] | None
    target_columns: list[int] | None
    label_column: int | None
    standardize: bool
    refer: bool

    def load(self, spec, path, progress=None) -> CsvDataset:
        return load_dataset_for(
            spec,
            path,
            self.input_columns,
            self.target_columns,
            self.label_column,
            self.standardize,
            progress=progress,
        )


class ImportDatasetDialog(QDialog):
    def __init__(self, path: str, spec, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import dataset")
        self.path, self.spec = path, spec
        #: The data read at the latest change (files up to LIVE_BYTES), else None.
        self.result_data: CsvDataset | None = None
        try:
            self.size = os.path.getsize(path)
        except OSError:
            self.size = 0
        n_in, n_out = spec.layers[0], spec.layers[-1]
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.preview = QTableWidget()
        self.preview.setMaximumHeight(190)
        self.label = QComboBox()
        self.label.setToolTip(
            "A column of class names or numbers: its classes, sorted, become the "
            f"targets (one-hot for {n_out} outputs, 0/1 for one output)"
        )
        self.inputs = QLineEdit(", ".join(str(k + 1) for k in range(n_in)))
        self.targets = QLineEdit(", ".join(str(n_in + k + 1) for k in range(n_out)))
        for field, count in ((self.inputs, n_in), (self.targets, n_out)):
            field.setToolTip(f"{count} column number(s), from 1")
            field.textChanged.connect(self._validate)
        self.standardize = QCheckBox("Standardize inputs (mean 0, std 1 per column)")
        self.standardize.setToolTip(
            "Subtract each input column's mean and divide by its standard deviation; "
            "the session stores both, and the table shows the scaled numbers"
        )
        self.refer = QCheckBox("Refer to this file instead of copying its numbers")
        self.refer.setToolTip(
            "A saved session then names the file (relative path and SHA-256) and "
            "reads it when opened; it refuses a file that changed"
        )
        self.refer.setChecked(self.size >= REFER_BYTES)
        self.standardize.toggled.connect(self._validate)
        self.error = error_label()
        self.buttons = ok_cancel(self)
        form = QFormLayout()
        form.addRow("Class label column", self.label)
        form.addRow(f"Input columns ({n_in})", self.inputs)
        form.addRow(f"Target columns ({n_out})", self.targets)
        form.addRow("", self.standardize)
        form.addRow("", self.refer)
        layout = QVBoxLayout(self)
        size = (
            f"{self.size / 2**20:.1f} MB"
            if self.size >= 2**20
            else f"{self.size / 1024:.1f} kB"
        )
        path_label = QLabel(f"{path} ({size})")
        path_label.setWordWrap(True)
        layout.addWidget(path_label)
        layout.addWidget(self.header)
        layout.addWidget(self.preview)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._names: list[str] | None = None
        self._width = 0
        self._fill_preview()
        self.label.currentIndexChanged.connect(self._label_chosen)
        text_column = self._text_column()
        if text_column is not None:  # a column of names: the class labels, surely
            self.label.setCurrentIndex(text_column + 1)
        else:
            self._validate()
        self._fit_width()

    def _fit_width(self) -> None:
        """Wide enough to show every column of the preview, within 80% of the
        screen (it opened 450 px wide, hiding the last columns)."""
        table = self.preview
        table.resizeColumnsToContents()
        wanted = (
            table.verticalHeader().width()
            + table.horizontalHeader().length()
            + 2 * table.frameWidth()
            + table.verticalScrollBar().sizeHint().width()
            + 2 * self.layout().contentsMargins().left()
        )
        screen = self.screen().availableGeometry().width()
        width = min(max(self.sizeHint().width(), wanted), int(0.8 * screen))
        self.resize(width, self.sizeHint().height())

    def _fill_preview(self) -> None:
        try:
            with open(self.path, "rb") as handle:  # the first lines only
                head = handle.read(PREVIEW_BYTES).decode("utf-8-sig", "replace")
            lines = head.replace("\r\n", "\n").split("\n")[: 4 * PREVIEW_ROWS]
            rows = read_rows("\n".join(lines[:-1] or lines))[: PREVIEW_ROWS + 1]
        except (OSError, DatasetFileError):
            rows = []  # _validate shows why
        #: why the file is not comma-separated (None: it is)
        self._separator = separator_problem(rows[0]) if rows else None
        self._names, body = split_header(rows)
        self._width = width = max((len(r) for r in rows), default=0)
        self.preview.setColumnCount(width)
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels([str(k + 1) for k in range(width)])
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(cell))
        self.label.addItem(NO_LABEL, None)
        for c in range(width):
            name = self._names[c] if self._names and c < len(self._names) else ""
            self.label.addItem(f"{c + 1}: {name}" if name else str(c + 1), c + 1)

    def _text_column(self) -> int | None:
        """The one column of the preview whose cells are not all numbers."""
        rows = [
            [self.preview.item(r, c) for c in range(self._width)]
            for r in range(1 if self._names else 0, self.preview.rowCount())
        ]
        text = {
            c
            for row in rows
            for c, item in enumerate(row)
            if item is not None and not _is_number(item.text())
        }
        return text.pop() if len(text) == 1 else None

    def _label_chosen(self) -> None:
        label = self.label.currentData()
        self.targets.setEnabled(label is None)
        if label is None:
            n_in, n_out = self.spec.layers[0], self.spec.layers[-1]
            self.targets.setText(", ".join(str(n_in + k + 1) for k in range(n_out)))
        else:
            self.targets.setText("(the label's classes)")
            others = [str(c + 1) for c in range(self._width) if c != label - 1]
            self.inputs.blockSignals(True)
            self.inputs.setText(", ".join(others))
            self.inputs.blockSignals(False)
        self._validate()

    def choice(self) -> ImportChoice:
        """The widgets' choice (``ValueError`` for unreadable column lists)."""
        label = self.label.currentData()
        return ImportChoice(
            _columns(self.inputs.text()),
            None if label is not None else _columns(self.targets.text()),
            label,
            self.standardize.isChecked(),
            self.refer.isChecked(),
        )

    def _validate(self) -> None:
        self.result_data = None
        try:
            if self._separator:
                raise ValueError(self._separator)
            choice = self.choice()
            if self.size <= LIVE_BYTES:
                self.result_data = choice.load(self.spec, self.path)
            else:
                self._check_against_preview(choice)
        except ValueError as exc:
            ok = False
            self.error.setText(str(exc).removeprefix(f"{self.path}: "))
        else:
            ok = True
            self.error.setText("")
        self.header.setText(self._summary())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _check_against_preview(self, choice: ImportChoice) -> None:
        """The quick checks for a file read only after OK."""
        n_in, n_out = self.spec.layers[0], self.spec.layers[-1]
        used = choice.input_columns + (choice.target_columns or [])
        for c in used + ([choice.label_column - 1] if choice.label_column else []):
            if not 0 <= c < self._width:
                raise ValueError(
                    f"column {c + 1} does not exist ({self._width} columns)"
                )
        if len(choice.input_columns) != n_in:
            raise ValueError(f"choose {n_in} input column(s)")
        if choice.target_columns is not None and len(choice.target_columns) != n_out:
            raise ValueError(f"choose {n_out} target column(s)")
        if choice.label_column and choice.label_column - 1 in choice.input_columns:
            raise ValueError(f"column {choice.label_column} is the label")

    def _summary(self) -> str:
        header = (
            "header row: " + ", ".join(self._names[:12])
            + (" …" if len(self._names) > 12 else "")
            if self._names
            else "no header row"
        )  # fmt: skip
        data = self.result_data
        if data is None:
            return header
        text = f"{len(data.inputs)} samples; {header}"
        if data.info.classes is not None:
            names = ", ".join(map(str, data.info.classes[:10]))
            more = " …" if len(data.info.classes) > 10 else ""
            text += f"\nclasses: {names}{more}"
        for note in data.notes:
            text += f"\n{note}"
        return text
