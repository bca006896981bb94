"""The Train menu's actions: Next phase, Step, Run/Pause, Reset, rewinding, and the
learning rate and speed boxes of the toolbar.

The actions carry the keyboard shortcuts (shown in the Train menu and in tooltips);
the main window puts them in its toolbar and menu. Every action calls a debugger
command.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QComboBox, QStyle, QWidget

from ..core.io.number_text import parse_number
from .bridge import DebuggerBridge
from .commands import SetLearningRateCommand
from .formatting import fmt
from .runner import SPEEDS, RunController
from .undo_aware_line_edit import UndoAwareLineEdit
from .window_actions import WindowActions


def _action(parent, text: str, shortcut: str, tip: str, icon=None) -> QAction:
    action = QAction(text, parent)
    action.setShortcut(QKeySequence(shortcut))
    keys = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip} ({keys})")
    action.setStatusTip(tip)
    if icon is not None:
        action.setIcon(icon)
    return action


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
        self.next_phase = _action(
            window,
            "Next &phase",
            "F10",
            "Run the next phase: forward, backward or update",
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward),
        )
        self.step = _action(
            window,
            "&Step (one update)",
            "F11",
            "Run the remaining phases of one whole update",
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward),
        )
        self.run = _action(
            window,
            "&Run",
            "F5",
            "Train continuously until paused",
            style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay),
        )
        self.reset = _action(
            window,
            "R&eset",
            "Ctrl+R",
            "Back to the initial parameters",
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward),
        )
        self.back_phase = _action(
            window,
            "Step &back",
            "Shift+F10",
            "Undo the last phase: back to the state before it ran (rewind)",
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekBackward),
        )
        self.back_update = _action(
            window,
            "Back one &update",
            "Shift+F11",
            "Back to the state after the previous update (rewind)",
        )
        self.go_to_step = _action(
            window,
            "&Go to step…",
            "Ctrl+G",
            "Rewind to the state after any earlier update",
        )
        self.back_phase.triggered.connect(
            lambda _checked=False: self._rewind(debugger.back_one_phase)
        )
        self.back_update.triggered.connect(
            lambda _checked=False: self._rewind(debugger.back_one_update)
        )
        self.go_to_step.triggered.connect(lambda _checked=False: self._go_to_step())
        self.breakpoints = _action(
            window, "&Breakpoints…", "Ctrl+B", "Conditions that pause a run"
        )
        self.settings = _action(
            window, "Se&ttings…", "Ctrl+,", "Batching, rewind memory and autosave"
        )
        self.gradient_check = _action(
            window,
            "&Gradient check",
            "Ctrl+Shift+G",
            "Compare backprop with central finite differences for every parameter",
        )
        self.compare_losses = _action(
            window,
            "&Compare losses…",
            "",
            "Numeric gradients of another loss against this loss's backprop gradients",
        )
        self._play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        self.next_phase.triggered.connect(lambda _checked=False: self._next_phase())
        self.step.triggered.connect(lambda _checked=False: self._step())
        self.run.triggered.connect(lambda _checked=False: runner.toggle())
        self.reset.triggered.connect(lambda _checked=False: self._reset())
        runner.runningChanged.connect(self._on_running)

        self.learning_rate = UndoAwareLineEdit()
        self.learning_rate.setMaximumWidth(90)
        self.learning_rate.setToolTip("Learning rate: a number >= 0 (Enter to apply)")
        self.learning_rate.editingFinished.connect(self._apply_learning_rate)
        self.speed = QComboBox()
        self.speed.setToolTip("How fast Run trains: updates per second")
        for label, value in SPEEDS:
            self.speed.addItem(label, value)
        self.speed.setCurrentIndex(len(SPEEDS) - 1)
        self.speed.currentIndexChanged.connect(
            lambda k: runner.set_speed(self.speed.itemData(k))
        )
        bridge.settingsChanged.connect(lambda _detail: self._show_learning_rate())
        bridge.sessionLoaded.connect(self._show_learning_rate)
        self._show_learning_rate()

    def _next_phase(self) -> None:
        self.runner.pause()
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
        step, ok = QInputDialog.getInt(
            self.parent(),
            "Go to step",
            f"Rewind to the state after update ({first}–{last}):",
            self.debugger.step,
            first,
            last,
        )
        if ok:
            self._rewind(lambda: self.debugger.rewind_to_step(step) or True)

    def _on_running(self, running: bool) -> None:
        self.run.setText("&Pause" if running else "&Run")
        self.run.setIcon(self._pause_icon if running else self._play_icon)
        tip = "Pause training" if running else "Train continuously until paused"
        self.run.setToolTip(f"{tip} (F5)")
        for action in (self.next_phase, self.step, self.back_phase, self.back_update):
            action.setEnabled(not running)

    def _show_learning_rate(self) -> None:
        self.learning_rate.setText(fmt(self.bridge.debugger.session.learning_rate))

    def _apply_learning_rate(self) -> None:
        old = self.bridge.debugger.session.learning_rate
        try:
            new = parse_number(self.learning_rate.text())
            if new < 0:
                raise ValueError("the learning rate must be >= 0")
        except ValueError as exc:
            self.message.emit(f"Learning rate refused: {exc}", True)
            self._show_learning_rate()
            return
        if new != old:
            self.undo_stack.push(SetLearningRateCommand(self.debugger, old, new))
            self.message.emit(f"Learning rate {fmt(new)}", False)
