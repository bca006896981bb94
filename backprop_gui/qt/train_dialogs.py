"""The Train menu's dialogs: Breakpoints, Settings, Optimizer and Predict mode,
connected to their actions; and what a breakpoint hit selects."""

from __future__ import annotations

from .predict_mode import PredictMode


class TrainDialogs:
    def __init__(self, window) -> None:
        self.window = window
        controls = window.controls
        window.runner.breakpointHit.connect(self.on_breakpoint)
        controls.breakpoints.triggered.connect(
            lambda _checked=False: self.edit_breakpoints()
        )
        controls.settings.triggered.connect(lambda _checked=False: self.edit_settings())
        controls.optimizer.triggered.connect(
            lambda _checked=False: self.edit_optimizer()
        )
        #: Asks before each phase while Predict mode is on.
        self.predict_mode = PredictMode(window)
        controls.predict_mode = self.predict_mode
        controls.predict.triggered.connect(
            lambda _checked=False: self.predict_mode.configure()
        )

    def edit_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        self.window.runner.pause()
        dialog = SettingsDialog(self.window)
        if dialog.exec():
            dialog.apply()

    def edit_optimizer(self) -> None:
        from .optimizer_dialog import OptimizerDialog

        self.window.runner.pause()
        dialog = OptimizerDialog(self.window)
        if dialog.exec() and dialog.apply():
            session = self.window.debugger.session
            penalty = session.regularization
            self.window.show_message(
                f"Optimizer: {session.optimizer.title}"
                + (f"; penalty {penalty.describe()}" if penalty.active else "")
                + " (Ctrl+Z undoes)"
            )

    def edit_breakpoints(self) -> None:
        from .breakpoints_dialog import BreakpointsDialog

        self.window.runner.pause()
        BreakpointsDialog(
            self.window.debugger, self.window.parameters.selected_key(), self.window
        ).exec()

    def on_breakpoint(self, hit) -> None:
        """Select what the breakpoint is about, so its numbers are in view."""
        if hit.parameter is not None:
            self.window.parameters.select_parameter(hit.parameter)
        elif hit.layer is not None:
            self.window.parameters.layer.setCurrentIndex(hit.layer + 1)
