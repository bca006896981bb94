"""What the File menu's action groups share: the debugger, the run controller and
undo stack they use, a status-bar signal, actions with shortcuts, and error dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from .bridge import DebuggerBridge
from .runner import RunController


class WindowActions(QObject):
    """Signal ``message(str, bool)`` for the status bar (text, is it an error)."""

    message = Signal(str, bool)

    def __init__(
        self,
        bridge: DebuggerBridge,
        runner: RunController,
        undo_stack: QUndoStack,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.bridge, self.debugger = bridge, bridge.debugger
        self.runner, self.undo_stack = runner, undo_stack
        #: Dialogs open over this widget (the main window).
        self.parent_widget = parent

    def _action(
        self, text: str, shortcut: str, slot, tip: str = "", icon=None
    ) -> QAction:
        """An action calling ``slot()`` (never with ``triggered``'s ``checked``;
        None: the owner connects it), its shortcut named in the tooltip."""
        action = QAction(text, self.parent_widget)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({keys})" if keys else tip)
        if icon is not None:
            action.setIcon(icon)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        return action

    def _error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent_widget, title, text)
        self.message.emit(text, True)


def reason(exc: BaseException) -> str:
    """The short reason of an OS error ("Permission denied"), else its text."""
    return getattr(exc, "strerror", None) or str(exc)
