"""The whole window as a state machine: features used together, as a user does.

Every rule goes through what the user touches: the window's QActions, shortcuts
pressed on the window, the table models' setData, the dialogs' own buttons. After
every rule the invariants hold: no exception or Qt warning; every value cell is the
session's parameter bitwise; every gradient, delta or activation shown is the
current state's or marked stale; every equation in Explain is true for the factors
it shows and its value is the engine's; the loss history holds exactly the losses
computed so far, and the plots mark where the samples changed; no error stays in
the status bar after a success. The rules that answer dialogs, edit, and watch or
explain live in tests/support/window_{dialog,edit,view}_rules.py.

The normal suite runs a few short examples with a fixed seed. For thousands:
``BACKPROP_GUI_HYPOTHESIS=thorough pytest tests/qt/test_window_state_machine.py``.
"""

from unittest import mock

from hypothesis import Phase
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtCore import QEvent, QSettings, qInstallMessageHandler
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
)
from shown_numbers import (
    check_accuracy_status,
    check_dataset_outputs,
    check_explanation,
    check_gradient_cells,
    check_graph_numbers,
    check_loss_history,
    check_optimizer_cells,
    check_value_cells,
)
from shown_plots import check_change_marks, check_loss_points, check_outputs_plot
from state_machine_profiles import profile
from window_dialog_rules import DialogRules
from window_edit_rules import EditRules
from window_view_rules import ViewRules

from backprop_gui.core import load_preset
from backprop_gui.core.debugger.breakpoints import Condition
from backprop_gui.core.io.presets import preset_names
from backprop_gui.core.io.quiz_plan import KINDS
from backprop_gui.qt.app import application
from backprop_gui.qt.main_window import MainWindow
from backprop_gui.qt.predict_mode import PredictDialog, PredictSettingsDialog


#: Qt says this of the offscreen platform on every window; it is not our warning.
def _answer_predictions(dialog):
    for field in dialog.fields:
        field.setText("0.5")
    return 1


HARMLESS = ("does not support propagateSizeHints",)
SMALL_PRESETS = [
    n for n in preset_names() if "spirals" not in n and n not in ("circles", "digits")
]


class WindowMachine(DialogRules, EditRules, ViewRules, RuleBasedStateMachine):
    #: A throwaway settings file (set by the test).
    settings_path = ""

    def __init__(self):
        super().__init__()
        application()
        self.warnings = []
        self._previous_handler = qInstallMessageHandler(self._on_qt_message)
        self.settings = QSettings(self.settings_path, QSettings.Format.IniFormat)
        # Predict mode's questions answered at once (0.5 each), its marks read
        self._patches = [
            mock.patch.object(PredictDialog, "exec", _answer_predictions),
            mock.patch.object(QMessageBox, "information", lambda *a, **k: None),
        ]
        for patch in self._patches:
            patch.start()
        self.window = MainWindow(load_preset("mazur"), self.settings)
        self.window.show()
        self.window.docks["explain"].show()
        self.window.docks["explain"].raise_()
        self.succeeded = False  # the last rule changed the state successfully

    def _on_qt_message(self, mode, context, text):
        if not any(h in text for h in HARMLESS):
            self.warnings.append(text)

    def teardown(self):
        for patch in self._patches:
            patch.stop()
        qInstallMessageHandler(self._previous_handler)
        self.window.runner.pause()
        self.window.bridge.set_modified(False)
        self.window.close()
        self.window.deleteLater()
        # processEvents() leaves deferred deletes alone: without this the window
        # would be destroyed inside the next example's event loop
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()

    # ------------------------------------------------------------- helpers
    @property
    def debugger(self):
        return self.window.debugger

    def _revision(self):
        t = self.debugger.trainer
        return (t.revision, self.debugger.journal.phase_count, t.next_phase)

    def _press(self, keys: str) -> None:
        """Press a shortcut on the window, as a user does; window shortcuts
        need the window active, which Qt makes it asynchronously."""
        self.window.activateWindow()
        assert QTest.qWaitForWindowActive(self.window, 2000)
        QTest.keySequence(self.window, QKeySequence(keys))
        QApplication.processEvents()

    def _trigger(self, action):
        before = self._revision()
        action.trigger()
        QApplication.processEvents()
        self.succeeded = self._revision() != before

    # --------------------------------------------------------------- rules
    @rule()
    def next_phase(self):
        self._trigger(self.window.controls.next_phase)

    @rule()
    def step(self):
        self._trigger(self.window.controls.step)

    @rule()
    def step_back(self):
        self._trigger(self.window.controls.back_phase)

    @rule()
    def back_one_update(self):
        self._trigger(self.window.controls.back_update)

    @rule()
    def reset(self):
        self._trigger(self.window.controls.reset)

    @rule(updates=st.integers(1, 40))
    def run_until_a_step_breakpoint(self, updates):
        """Run (F5) with a "step reached" breakpoint: the run pauses itself there
        (or earlier, on a value that is not finite), whatever the machine's
        speed, so the examples stay reproducible."""
        before = self._revision()
        if self.debugger.quiz is not None:  # Predict mode: Run is off
            assert not self.window.controls.run.isEnabled()
            self._press("F5")
            assert not self.window.runner.running
            return
        target = Condition("at_step", float(self.debugger.step + updates))
        self.debugger.add_breakpoint(target)
        self.window.controls.run.trigger()
        deadline = 200
        while self.window.runner.running and deadline:
            QTest.qWait(5)
            deadline -= 1
        if self.window.runner.running:  # Pause (F5 again)
            self.window.controls.run.trigger()
        self.debugger.remove_breakpoint(target)
        QApplication.processEvents()
        assert not self.window.runner.running
        self.succeeded = False  # a pause on a breakpoint leaves its message
        assert self._revision() != before or self.debugger.non_finite()

    @rule(kinds=st.sets(st.sampled_from(list(KINDS)), max_size=3))
    def predict_mode(self, kinds):
        """Train → Predict mode (Ctrl+Shift+Q): start a quiz of these kinds, or
        (none chosen) end it; Next phase and Step then ask before each phase."""

        def answer(dialog):
            if not kinds:
                dialog.end.click()
                return 1
            for kind, box in dialog.kinds.items():
                box.setChecked(kind in kinds)
            return 1

        with mock.patch.object(PredictSettingsDialog, "exec", answer):
            self._press("Ctrl+Shift+Q")
        quiz = self.debugger.quiz
        assert (quiz is None) if not kinds else set(quiz.plan.kinds) == kinds

    @rule()
    def gradient_check(self):
        self.window.controls.gradient_check.trigger()
        result = self.debugger.gradient_check_result()
        assert result is not None
        # a check that finds a gap (a ReLU at its kink) says so in red, rightly
        self.succeeded = result.worst_error < 1e-6

    @rule(name=st.sampled_from(SMALL_PRESETS))
    def open_preset(self, name):
        action = next(
            a for a in self.window.files.presets_menu.actions() if a.text() == name
        )
        self._trigger(action)
        assert self.debugger.session.name == name
        self.succeeded = True

    # ----------------------------------------------------------- invariants
    @invariant()
    def no_qt_warning(self):
        assert self.warnings == []

    @invariant()
    def every_number_shown_is_current_or_marked_stale(self):
        check_value_cells(self.window)
        check_optimizer_cells(self.window)
        check_gradient_cells(self.window)
        check_graph_numbers(self.window)
        check_dataset_outputs(self.window)
        check_outputs_plot(self.window)
        check_accuracy_status(self.window)

    @invariant()
    def predict_mode_gives_no_answer_away(self):
        if self.debugger.quiz is not None:
            self.window.counters.update()
            assert "now" not in self.window.counters.loss.text()

    @invariant()
    def explanations_are_true_and_the_engines(self):
        check_explanation(self.window)

    @invariant()
    def loss_history_is_the_losses_computed_so_far(self):
        check_loss_history(self.debugger)

    @invariant()
    def plots_mark_where_the_samples_changed_and_stale_points(self):
        check_change_marks(self.window)
        check_loss_points(self.window)

    @invariant()
    def no_error_left_after_a_success(self):
        if self.succeeded:
            assert not self.window.messages.error, self.window.messages.text()
        self.succeeded = False


def test_the_window_as_a_state_machine(qtbot, tmp_path):
    WindowMachine.settings_path = str(tmp_path / "settings.ini")
    # tracing a failure through a real window takes minutes: a thorough run
    # reports it shrunk, without the explain phase
    thorough = profile(
        6, 25, 2000, phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink]
    )
    run_state_machine_as_test(WindowMachine, settings=thorough)
