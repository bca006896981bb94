"""File → Import dataset CSV: choose which columns are inputs and which are targets.

The dialog shows whether a header row was detected, a preview of the first rows,
and the column choice (1-based, e.g. ``1, 2`` and ``3``), validated at once with the
same reader the command line uses; OK stays disabled while the choice is invalid.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core.io.dataset_csv import (
    CsvDataset,
    DatasetFileError,
    load_dataset_for,
    read_rows,
)
from .dialog_parts import error_label, ok_cancel

PREVIEW_ROWS = 6
#: The preview reads at most this much of the file.
PREVIEW_BYTES = 1 << 16


def _columns(text: str) -> list[int]:
    parts = [p for p in text.replace(",", " ").split() if p]
    if not parts or not all(p.isdigit() and int(p) > 0 for p in parts):
        raise ValueError("list column numbers from 1, separated by commas")
    return [int(p) - 1 for p in parts]


class ImportDatasetDialog(QDialog):
    def __init__(self, path: str, spec, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import dataset")
        self.path, self.spec = path, spec
        self.result_data: CsvDataset | None = None
        n_in, n_out = spec.layers[0], spec.layers[-1]
        self.header = QLabel()
        self.preview = QTableWidget()
        self.preview.setMaximumHeight(190)
        self.inputs = QLineEdit(", ".join(str(k + 1) for k in range(n_in)))
        self.targets = QLineEdit(", ".join(str(n_in + k + 1) for k in range(n_out)))
        for field, count in ((self.inputs, n_in), (self.targets, n_out)):
            field.setToolTip(f"{count} column number(s), from 1")
            field.textChanged.connect(self._validate)
        self.error = error_label()
        self.buttons = ok_cancel(self)
        form = QFormLayout()
        form.addRow(f"Input columns ({n_in})", self.inputs)
        form.addRow(f"Target columns ({n_out})", self.targets)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(path))
        layout.addWidget(self.header)
        layout.addWidget(self.preview)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._fill_preview()
        self._validate()

    def _fill_preview(self) -> None:
        try:
            with open(self.path, "rb") as handle:  # the first lines only
                head = handle.read(PREVIEW_BYTES).decode("utf-8-sig", "replace")
            lines = head.replace("\r\n", "\n").split("\n")[: 4 * PREVIEW_ROWS]
            rows = read_rows("\n".join(lines[:-1] or lines))[: PREVIEW_ROWS + 1]
        except (OSError, DatasetFileError):
            rows = []  # _validate shows why
        width = max((len(r) for r in rows), default=0)
        self.preview.setColumnCount(width)
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels([str(k + 1) for k in range(width)])
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(cell))

    def _validate(self) -> None:
        try:
            inputs, targets = (
                _columns(self.inputs.text()),
                _columns(self.targets.text()),
            )
            data = load_dataset_for(self.spec, self.path, inputs, targets)
        except ValueError as exc:
            self.result_data = None
            self.error.setText(str(exc).removeprefix(f"{self.path}: "))
        else:
            self.result_data = data
            self.error.setText("")
            header = (
                "header row: " + ", ".join(data.header)
                if data.header
                else "no header row"
            )
            self.header.setText(f"{len(data.inputs)} samples; {header}")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.result_data is not None
        )
