"""Train → Gradient check and Compare losses, run from the GUI."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ..core.debugger.debugger import Debugger
from ..core.debugger.gradcheck import GradCheckCancelled
from ..core.engine.losses import LOSSES
from .progress import progress_reporter


class GradientCheckActions(QObject):
    """Signal ``message(str, bool)`` for the status bar (text, is it an error)."""

    message = Signal(str, bool)

    def __init__(self, debugger: Debugger, runner, parent: QWidget) -> None:
        super().__init__(parent)
        self.debugger, self.runner, self.parent_widget = debugger, runner, parent

    def run_check(self) -> bool:
        """Check every parameter (with a cancellable progress dialog for big
        networks); the table's Grad check column shows the errors."""
        self.runner.pause()
        total = self.debugger.session.spec.parameter_count()
        progress, report = progress_reporter(
            self.parent_widget, "Gradient check", "Checking gradients…", total
        )
        try:
            result = self.debugger.gradient_check(progress=report)
        except GradCheckCancelled:
            self.message.emit("Gradient check cancelled", False)
            return False
        finally:
            progress.reset()
        worst = ", ".join(f"{t.name} {t.worst_error:.1e}" for t in result.tensors)
        ok = "all below 1e-6" if result.worst_error < 1e-6 else "NOT all below 1e-6"
        self.message.emit(
            f"Gradient check: {ok} (worst: {worst})", result.worst_error >= 1e-6
        )
        return True

    def ask_and_compare(self) -> str | None:
        """Ask which loss to compare with, then compare (the menu item)."""
        self.runner.pause()
        loss = self.debugger.session.spec.loss
        choices = [other for other in LOSSES if other != loss]
        other, ok = QInputDialog.getItem(
            self.parent_widget,
            "Compare losses",
            f"Numeric gradient of which loss, against the backprop gradient of {loss}?",
            choices,
            0,
            False,
        )
        return self.compare(other) if ok else None

    def compare(self, other: str) -> str | None:
        """Numeric gradients of loss ``other`` against this session's gradients,
        shown in a dialog; returns the summary."""
        loss = self.debugger.session.spec.loss
        try:
            comparison = self.debugger.compare_losses(other)
        except ValueError as exc:
            QMessageBox.warning(self.parent_widget, "Compare losses", str(exc))
            self.message.emit(f"Compare losses: {exc}", True)
            return None
        rows = []
        for name, ratio in comparison.ratios():
            values = " ".join(f"{r:.6g}" for r in ratio.ravel())
            rows.append(f"<tr><td>{name}</td><td>{html.escape(values)}</td></tr>")
        text = (
            f"<p><b>{html.escape(comparison.summary())}</b></p>"
            f"<p>numeric d({other})/dp ÷ backprop d({loss})/dp, per tensor "
            "(nan where the gradient is exactly 0):</p>"
            f"<table>{''.join(rows)}</table>"
        )
        QMessageBox.information(self.parent_widget, "Compare losses", text)
        self.message.emit(comparison.summary(), False)
        return comparison.summary()
