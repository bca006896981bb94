"""Train → Breakpoints: the conditions that pause a run, listed, added and removed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from ..core.debugger.breakpoints import Condition
from ..core.engine.keys import ParameterKey
from ..core.io.number_text import parse_number
from .dialog_parts import error_label

CHOICES = (
    ("loss below", "loss_below"),
    ("loss above", "loss_above"),
    ("gradient norm above (exploding)", "grad_norm_above"),
    ("gradient norm below (vanishing)", "grad_norm_below"),
    ("selected parameter changes sign", "sign_change"),
    ("selected parameter changes by more than", "change_above"),
    ("any parameter's effective step above", "step_above"),
    ("step reached", "at_step"),
)


class BreakpointsDialog(QDialog):
    """Adds and removes the debugger's breakpoints. ``selected`` is the
    ParameterKey of the table's current row, or None."""

    def __init__(self, debugger, selected: ParameterKey | None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Breakpoints")
        self.debugger, self.selected = debugger, selected
        self.list = QListWidget()
        self.kind = QComboBox()
        for label, kind in CHOICES:
            self.kind.addItem(label, kind)
        self.value = QLineEdit()
        self.value.setPlaceholderText("a number, e.g. 0.01")
        self.layer = QComboBox()
        self.layer.addItem("any layer", None)
        for l in range(debugger.session.spec.depth):
            self.layer.addItem(f"W{l + 1}", l)
        self.error = error_label()
        add, remove = QPushButton("Add"), QPushButton("Remove selected")
        add.clicked.connect(self.add)
        remove.clicked.connect(self.remove)
        form = QFormLayout()
        form.addRow("Pause when", self.kind)
        form.addRow("Value", self.value)
        form.addRow("Layer", self.layer)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("A run always pauses on a loss or parameter that is not finite.")
        )
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for condition in self.debugger.breakpoints.conditions:
            self.list.addItem(condition.describe())

    def add(self) -> bool:
        kind = self.kind.currentData()
        try:
            value = None if kind == "sign_change" else parse_number(self.value.text())
            parameter = None
            if kind in ("sign_change", "change_above"):
                if self.selected is None:
                    raise ValueError("select a parameter in the table first")
                parameter = self.selected
            layer = self.layer.currentData() if kind.startswith("grad_norm") else None
            condition = Condition(kind, value, layer, parameter)
            self.debugger.add_breakpoint(condition)
        except ValueError as exc:
            self.error.setText(str(exc)[:1].upper() + str(exc)[1:])
            return False
        self.error.setText("")
        self._fill()
        return True

    def remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            conditions = self.debugger.breakpoints.conditions
            self.debugger.remove_breakpoint(conditions[row])
            self._fill()
