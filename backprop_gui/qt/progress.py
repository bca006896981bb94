"""A cancellable progress dialog for long work done in the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog


def progress_reporter(parent, title: str, text: str, total: int):
    """``(dialog, report)``: ``report(done, total)`` updates the window-modal dialog
    (shown only if the work lasts over 0.4 s), keeps the window responsive, and
    returns False once the user cancelled, which the core's loops take as "stop"."""
    dialog = QProgressDialog(text, "Cancel", 0, max(total, 1), parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)

    def report(done: int, total: int) -> bool:
        if total != dialog.maximum() and total > 0:  # the work counts in its units
            dialog.setMaximum(total)
        dialog.setValue(done)
        QApplication.processEvents()
        return not dialog.wasCanceled()

    return dialog, report
