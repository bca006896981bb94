"""The Train menu's actions: Next phase, Step, Run/Pause, Reset, rewinding, and the
learning rate and speed boxes of the toolbar.

The actions carry the keyboard shortcuts (shown in the Train menu and in tooltips);
the main window puts them in its toolbar and menu. Every action calls a debugger
command.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QStyle, QWidget

from ..core.io.number_text import parse_number
from .bridge import DebuggerBridge
from .commands import SetLearningRateCommand
from .formatting import fmt
from .runner import SPEEDS, RunController
from .undo_aware_line_edit import UndoAwareLineEdit
from .window_actions import WindowActions

RUN_TIP = "Train continuously until paused"


class TrainingActions(WindowActions):
    """The Train menu; signal ``message(str, bool)`` for the status bar."""

    def __init__(
        self,
        bridge: DebuggerBridge,
        runner: RunController,
        undo_stack: QUndoStack,
        window: QWidget,
    ) -> None:
        super().__init__(bridge, runner, undo_stack, window)
        debugger = self.debugger
        style = window.style()

        def icon(name: str):
            return style.standardIcon(getattr(QStyle.StandardPixmap, name))

        action = self._action
        self.next_phase = action(
            "Next &phase",
            "F10",
            self._next_phase,
            "Run the next phase: forward, backward or update",
            icon("SP_MediaSeekForward"),
        )
        self.step = action(
            "&Step (one update)",
            "F11",
            self._step,
            "Run the remaining phases of one whole update",
            icon("SP_MediaSkipForward"),
        )
        self._play_icon = icon("SP_MediaPlay")
        self._pause_icon = icon("SP_MediaPause")
        self.run = action("&Run", "F5", self._toggle_run, RUN_TIP, self._play_icon)
        self.reset = action(
            "R&eset",
            "Ctrl+R",
            self._reset,
            "Back to the initial parameters",
            icon("SP_MediaSkipBackward"),
        )
        self.back_phase = action(
            "Step &back",
            "Shift+F10",
            lambda: self._rewind(debugger.back_one_phase),
            "Undo the last phase: back to the state before it ran (rewind)",
            icon("SP_MediaSeekBackward"),
        )
        self.back_update = action(
            "Back one &update",
            "Shift+F11",
            lambda: self._rewind(debugger.back_one_update),
            "Back to the state after the previous update (rewind)",
        )
        self.go_to_step = action(
            "&Go to step…",
            "Ctrl+G",
            self._go_to_step,
            "Rewind to the state after any earlier update",
        )
        # their dialogs belong to the window, which connects them
        self.breakpoints = action(
            "&Breakpoints…", "Ctrl+B", None, "Conditions that pause a run"
        )
        self.settings = action(
            "Se&ttings…",
            "Ctrl+,",
            None,
            "Batching, rewind memory and autosave",
        )
        self.optimizer = action(
            "&Optimizer…",
            "Ctrl+Shift+O",
            None,
            "The update rule (SGD, momentum, Nesterov, RMSprop, Adam, AdamW), its "
            "options and an L1/L2 penalty",
        )
        self.predict = action(
            "Pre&dict mode…",
            "Ctrl+Shift+Q",
            None,
            "A quiz: predict the numbers of each phase before it runs, then see "
            "them marked",
        )
        #: Set by the window: asks before each phase while Predict mode is on.
        self.predict_mode = None
        self.gradient_check = action(
            "&Gradient check",
            "Ctrl+Shift+G",
            None,
            "Compare backprop with central finite differences for every parameter",
        )
        self.compare_losses = action(
            "&Compare losses…",
            "",
            None,
            "Numeric gradients of another loss against this loss's backprop gradients",
        )
        runner.runningChanged.connect(self._on_running)

        self.learning_rate = UndoAwareLineEdit()
        self.learning_rate.setMaximumWidth(90)
        self.learning_rate.setToolTip("Learning rate: a number >= 0 (Enter to apply)")
        self.learning_rate.editingFinished.connect(self._apply_learning_rate)
        self.speed = QComboBox()
        self.speed.setToolTip(
            "How fast Run trains: updates per second (Fastest: as many as this "
            "computer computes while the views stay responsive)"
        )
        for label, value in SPEEDS:
            self.speed.addItem(label, value)
        self.speed.setCurrentIndex(len(SPEEDS) - 1)
        self.speed.currentIndexChanged.connect(
            lambda k: runner.set_speed(self.speed.itemData(k))
        )
        bridge.settingsChanged.connect(lambda _detail: self._show_learning_rate())
        # Run is off in Predict mode (a file with a quiz starts it on loading)
        bridge.quizChanged.connect(self._on_quiz)
        bridge.sessionLoaded.connect(self._on_quiz)
        bridge.sessionLoaded.connect(self._show_learning_rate)
        self._show_learning_rate()

    def _on_quiz(self) -> None:
        predicting = self.bridge.debugger.quiz is not None
        self.run.setEnabled(not predicting or self.runner.running)
        self.run.setToolTip(
            "Run is off in Predict mode: predict each phase (F10, F11)"
            if predicting
            else f"{RUN_TIP} (F5)"
        )

    def _predicting(self) -> bool:
        return self.predict_mode is not None and self.predict_mode.active

    def _toggle_run(self) -> None:
        if self._predicting() and not self.runner.running:
            self.message.emit(
                "Run is off in Predict mode: predict each phase (F10, F11)", True
            )
            return
        self.runner.toggle()

    def _next_phase(self) -> None:
        self.runner.pause()
        if self._predicting():
            self.predict_mode.next_phase()
            return
        phase = self.debugger.next_phase()
        update = self._update_of(phase)
        text = {
            "forward": f"Forward pass of update {update} done",
            "backward": f"Backward pass of update {update} done",
            "update": f"Update {update} done: new weights and biases",
        }[phase]
        self.message.emit(text, False)

    def _update_of(self, phase: str) -> int:
        step = self.debugger.step
        return step if phase == "update" else step + 1

    def _step(self) -> None:
        self.runner.pause()
        if self._predicting():  # each phase of the update asks in turn
            while True:
                phase = self.debugger.trainer.next_phase
                if not self.predict_mode.next_phase() or phase == "update":
                    return
        with self.bridge.one_refresh():
            self.debugger.step_update()
        self.message.emit(f"Completed update {self.debugger.step}", False)

    def _reset(self) -> None:
        self.runner.pause()
        self.debugger.reset()
        self.message.emit("Reset to the initial parameters", False)

    def _rewind(self, how) -> None:
        self.runner.pause()
        if not how():
            self.message.emit("Nothing to go back to: this is the start", False)
            return
        trainer = self.debugger.trainer
        self.message.emit(
            f"Back at step {trainer.step}, next phase {trainer.next_phase}", False
        )

    def _go_to_step(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        self.runner.pause()
        first, last = self.debugger.history_steps()
        # any whole number can be typed: a spin box capped at the last step
        # dropped a digit it refused ("201" became 20, a rewind cannot be
        # undone); one out of the history is refused with a message instead
        step, ok = QInputDialog.getInt(
            self.parent(),
            "Go to step",
            f"Rewind to the state after update ({first}–{last}):",
            self.debugger.step,
            0,
            2**31 - 1,
        )
        if not ok:
            return
        if not first <= step <= last:
            self.message.emit(
                f"Step {step} is not in this history ({first}–{last}); nothing changed",
                True,
            )
            return
        self._rewind(lambda: self.debugger.rewind_to_step(step) or True)

    def _on_running(self, running: bool) -> None:
        self.run.setText("&Pause" if running else "&Run")
        self.run.setIcon(self._pause_icon if running else self._play_icon)
        tip = "Pause training" if running else RUN_TIP
        self.run.setToolTip(f"{tip} (F5)")
        for action in (self.next_phase, self.step, self.back_phase, self.back_update):
            action.setEnabled(not running)

    def _show_learning_rate(self) -> None:
        self.learning_rate.setText(fmt(self.bridge.debugger.session.learning_rate))

    def _apply_learning_rate(self) -> None:
        old = self.bridge.debugger.session.learning_rate
        try:
            new = parse_number(self.learning_rate.text(), minimum=0.0)
        except ValueError as exc:
            self.message.emit(f"Learning rate refused: {exc}", True)
            self._show_learning_rate()
            return
        if new != old:
            self.undo_stack.push(SetLearningRateCommand(self.debugger, old, new))
            self.message.emit(f"Learning rate {fmt(new)}", False)
