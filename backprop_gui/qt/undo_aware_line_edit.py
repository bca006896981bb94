"""A line edit that leaves Undo and Redo to the window when it has nothing of its
own to undo.

A focused QLineEdit claims the Undo and Redo keys for its own text history, so
Ctrl+Z in the learning-rate box after pressing Enter did nothing: the box had
nothing to undo and the window's Undo never saw the key. This box claims them only
while its own text has something to undo or redo.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit


class UndoAwareLineEdit(QLineEdit):
    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            if event.matches(QKeySequence.StandardKey.Undo) and not (
                self.isUndoAvailable()
            ):
                event.ignore()  # the window's Undo gets the key
                return False
            if _is_redo(event) and not self.isRedoAvailable():
                event.ignore()
                return False
        return super().event(event)


def _is_redo(event) -> bool:
    if event.matches(QKeySequence.StandardKey.Redo):
        return True
    pressed = QKeySequence(event.keyCombination())
    return pressed.matches(QKeySequence("Ctrl+Shift+Z")) == (
        QKeySequence.SequenceMatch.ExactMatch
    )
