"""Train → Gradient check and Compare losses, run from the GUI."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMessageBox

from ..core.debugger.gradcheck import GradCheckCancelled, check_trainer, compare_losses
from ..core.engine.losses import LOSSES
from .progress import progress_reporter


class GradientCheckActions(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    def run_check(self) -> bool:
        """Check every parameter (with a cancellable progress dialog for big
        networks) and show the errors in the table's Grad check column."""
        window = self.window
        window.runner.pause()
        trainer = window.bridge.trainer
        total = trainer.session.spec.parameter_count()
        progress, report = progress_reporter(
            window, "Gradient check", "Checking gradients…", total
        )

        try:
            result = check_trainer(trainer, progress=report)
        except GradCheckCancelled:
            window.show_message("Gradient check cancelled")
            return False
        finally:
            progress.reset()
        window.param_model.set_gradient_check(result)
        worst = ", ".join(f"{t.name} {t.worst_error:.1e}" for t in result.tensors)
        ok = "all below 1e-6" if result.worst_error < 1e-6 else "NOT all below 1e-6"
        window.show_message(
            f"Gradient check: {ok} (worst: {worst})", result.worst_error >= 1e-6
        )
        return True

    def compare(self, other: str | None = None) -> str | None:
        """Numeric gradients of another loss against this session's gradients."""
        window = self.window
        spec = window.bridge.session.spec
        if other is None:
            choices = [loss for loss in LOSSES if loss != spec.loss]
            other, ok = QInputDialog.getItem(
                window,
                "Compare losses",
                f"Numeric gradient of which loss, against the backprop gradient of "
                f"{spec.loss}?",
                choices,
                0,
                False,
            )
            if not ok:
                return None
        try:
            comparison = compare_losses(window.bridge.trainer, other)
        except ValueError as exc:
            QMessageBox.warning(window, "Compare losses", str(exc))
            return None
        rows = []
        for name, ratio in comparison.ratios():
            values = " ".join(f"{r:.6g}" for r in ratio.ravel())
            rows.append(f"<tr><td>{name}</td><td>{html.escape(values)}</td></tr>")
        rows = []
        for name, ratio in comparison.ratios():
            values = " ".join(f"{r:.6g}" for r in ratio.ravel())
            rows.append(f"<tr><td>{name}</td><td>{html.escape(values)}</td></tr>")
        text = (
            f"<p><b>{html.escape(comparison.summary())}</b></p>"
            f"<p>numeric d({other})/dp ÷ backprop d({spec.loss})/dp, per tensor "
            "(nan where the gradient is exactly 0):</p>"
            f"<table>{''.join(rows)}</table>"
        )
        QMessageBox.information(window, "Compare losses", text)
        return comparison.summary()
