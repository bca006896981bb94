"""Train → Gradient check and Compare losses, run from the GUI."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ..core.debugger.debugger import Debugger
from ..core.debugger.gradcheck import (
    DEFAULT_SAMPLE,
    SAMPLE_SUGGESTED_ABOVE,
    GradCheckCancelled,
)
from ..core.engine.losses import LOSSES
from .progress import progress_reporter


class GradientCheckActions(QObject):
    """Signal ``message(str, bool)`` for the status bar (text, is it an error)."""

    message = Signal(str, bool)

    def __init__(self, debugger: Debugger, runner, parent: QWidget) -> None:
        super().__init__(parent)
        self.debugger, self.runner, self.parent_widget = debugger, runner, parent

    def run_check(self) -> bool:
        """Check every parameter, or for a big network a random sample if the user
        prefers (with a cancellable progress dialog); the table's Grad check
        column shows the errors of the parameters checked."""
        self.runner.pause()
        count = self.debugger.session.spec.parameter_count()
        sample = None
        if count > SAMPLE_SUGGESTED_ABOVE:
            sample = self._ask_sample(count)
            if sample == 0:
                return False
        total = count if sample is None else sample
        progress, report = progress_reporter(
            self.parent_widget, "Gradient check", "Checking gradients…", total
        )
        try:
            result = self.debugger.gradient_check(progress=report, sample=sample)
        except GradCheckCancelled:
            self.message.emit("Gradient check cancelled", False)
            return False
        finally:
            progress.reset()
        worst = ", ".join(
            f"{t.name} {t.worst_error:.1e}" for t in result.tensors if t.checked
        )
        ok = "all below 1e-6" if result.worst_error < 1e-6 else "NOT all below 1e-6"
        of = "" if result.sample is None else f" of a sample of {result.sample:,}"
        text = f"Gradient check{of}: {ok} (worst: {worst})"
        trainer = self.debugger.trainer
        if trainer.backward_result is not None and not trainer.backward_valid:
            # beside grey gradients: say which gradients it checked
            text += " of the current parameters (the table's gradients are stale)"
        self.message.emit(text, result.worst_error >= 1e-6)
        return True

    def _ask_sample(self, count: int) -> int | None:
        """For a big network: None to check all, a sample size, or 0 to cancel."""
        box = QMessageBox(self.parent_widget)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Gradient check")
        box.setText(
            f"This network has {count:,} parameters; checking each takes two "
            f"forward passes. Check a random sample of {DEFAULT_SAMPLE:,} "
            "parameters instead?"
        )
        sampled = box.addButton(
            f"Check {DEFAULT_SAMPLE:,}", QMessageBox.ButtonRole.AcceptRole
        )
        every = box.addButton(f"Check all {count:,}", QMessageBox.ButtonRole.YesRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(sampled)
        box.exec()
        clicked = box.clickedButton()
        if clicked is sampled:
            return DEFAULT_SAMPLE
        return None if clicked is every else 0

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
