"""Train → Optimizer: the update rule, its options and the weight penalty of the
session (undoable; saved with the session)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from .commands import SetOptimizerCommand
from .dialog_parts import error_label, ok_cancel
from .optimizer_form import OptimizerForm

NOTE = (
    "The optimizer's buffers are columns of the parameter table. Options of the "
    "same optimizer keep its state; momentum ↔ Nesterov and Adam ↔ AdamW keep "
    "their buffers; another optimizer starts from zero."
)


class OptimizerDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Optimizer")
        self.window = window
        session = window.debugger.session
        form = QFormLayout()
        self.form = OptimizerForm(form, session.optimizer, session.regularization, self)
        self.error = error_label()
        note = QLabel(NOTE)
        note.setWordWrap(True)
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.form.changed.connect(self._validate)
        self._validate()

    def _validate(self) -> None:
        try:
            self.form.value()
        except ValueError as exc:
            self.error.setText(str(exc))  # no capitals: "ε" must stay ε
            ok = False
        else:
            self.error.setText("")
            ok = True
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def apply(self) -> bool:
        """Make the dialog's choice current (after OK); False if it is invalid or
        nothing changed."""
        try:
            optimizer, regularization = self.form.value()
        except ValueError:
            return False
        session = self.window.debugger.session
        if (optimizer, regularization) == (
            session.optimizer,
            session.regularization,
        ):
            return False
        self.window.undo_stack.push(
            SetOptimizerCommand(self.window.debugger, optimizer, regularization)
        )
        return True
