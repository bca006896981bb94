"""Pieces every dialog of the app shares."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel


class ErrorLabel(QLabel):
    """Where a dialog says, in red, why its input cannot be used: wrapped, and
    the dialog grows when a message needs more lines than it has (a second line
    drawn half cut turned "1,248" into "1.248")."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setStyleSheet("color: #b91c1c;")

    def setText(self, text: str) -> None:
        super().setText(text)
        window = self.window()
        if window is self or not window.isVisible() or window.layout() is None:
            return
        # a form layout does not ask a spanning label for its height at its
        # width: the lines it needs become its minimum height
        self.setMinimumHeight(max(0, self.heightForWidth(self.width())))
        window.layout().activate()
        needed = window.sizeHint().height()
        if window.height() < needed:  # only ever taller: never undo a user's size
            window.resize(window.width(), needed)


def error_label() -> QLabel:
    """Where a dialog says, in red, why its input cannot be used."""
    return ErrorLabel()


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
