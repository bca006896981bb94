"""What the File menu's action groups share: the window, a status-bar signal,
actions with shortcuts, and error dialogs."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox


class WindowActions(QObject):
    """Signal ``message(str, bool)`` for the status bar (text, is it an error)."""

    message = Signal(str, bool)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    @property
    def bridge(self):
        return self.window.bridge

    def _action(self, text: str, shortcut: str, slot) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        return action

    def _error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)
        self.message.emit(text, True)


def reason(exc: BaseException) -> str:
    """The short reason of an OS error ("Permission denied"), else its text."""
    return getattr(exc, "strerror", None) or str(exc)
