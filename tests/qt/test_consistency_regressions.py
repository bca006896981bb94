"""Issue 13's defects, each through the path a user takes (every menu action and
shortcut on every preset: test_every_action.py)."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
)
from shown_numbers import (
    check_dataset_outputs,
    check_explanation,
    check_graph_numbers,
)

from backprop_gui.core import load_session
from backprop_gui.core.debugger.breakpoints import Condition
from backprop_gui.qt.param_rows import CHANGE, CHECK, VALUE


def _preset_action(window, name):
    return next(a for a in window.files.presets_menu.actions() if a.text() == name)


def test_gradient_check_then_another_network_shows_no_old_errors(qtbot, window, capfd):
    """Defect 1: the Grad check column indexed the old network's errors."""
    window.controls.step.trigger()
    window.controls.gradient_check.trigger()
    model = window.param_model
    assert model.index(0, CHECK).data() != ""
    _preset_action(window, "spirals").trigger()
    assert window.debugger.session.name == "spirals"
    for row in range(model.rowCount()):
        assert model.index(row, CHECK).data() == ""
    window.param_model.dataChanged.emit(model.index(0, 0), model.index(0, CHECK))
    QApplication.processEvents()
    assert "Traceback" not in capfd.readouterr().err


def test_explain_and_graph_after_reset_step_next_phase(qtbot, window):
    """Defect 2: with W2[1→1] explained, Reset, Step, Next phase showed the old
    delta times the new activation, a false product, and the graph drew the old
    delta in black."""
    from backprop_gui.core.engine.keys import ParameterKey

    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()
    window.docks["explain"].show()
    window.docks["explain"].raise_()
    window.parameters.select_parameter(ParameterKey.weight(1, 0, 0))
    window.controls.reset.trigger()
    window.controls.step.trigger()
    window.controls.next_phase.trigger()  # the forward of update 2
    text = window.explain.text.toPlainText()
    assert "stale" in text and "0.138498561629 × 0.593269992107" in text
    check_explanation(window)
    check_graph_numbers(window)
    check_dataset_outputs(window)  # ŷ of update 2's forward: current
    assert window.param_model.setData(window.param_model.index(0, VALUE), "0.3")
    check_dataset_outputs(window)  # after the edit: grey, "stale"
    labels = dict(window.network_view.neuron_labels(2, 0))
    assert [stale for line, stale in labels.items() if line.startswith("δ")] == [True]


def test_redo_and_undo_by_keyboard_also_from_the_learning_rate_box(qtbot, window):
    """Defect 4: Ctrl+Shift+Z was registered twice (dead), and Ctrl+Z in the
    learning-rate box did nothing."""
    keys = [k.toString() for k in window.redo_action.shortcuts()]
    assert len(keys) == len(set(keys)) and "Ctrl+Shift+Z" in keys
    box = window.controls.learning_rate
    box.setFocus()
    box.setText("0.25")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert window.debugger.session.learning_rate == 0.25
    QTest.keySequence(box, QKeySequence("Ctrl+Z"))
    assert window.debugger.session.learning_rate == 0.5
    assert box.text() == "0.5"
    QTest.keySequence(box, QKeySequence("Ctrl+Shift+Z"))
    assert window.debugger.session.learning_rate == 0.25
    QTest.keySequence(window, QKeySequence("Ctrl+Z"))
    assert window.debugger.session.learning_rate == 0.5


def test_an_error_message_goes_once_an_edit_succeeds(window):
    """Defect 5: "Value refused" stayed after a later good edit, and the step and
    loss counters stayed red."""
    model = window.param_model
    assert not model.setData(model.index(0, VALUE), "abc")
    assert window.messages.error and "Value refused" in window.messages.text()
    assert "QLabel" in window.statusBar().styleSheet()  # the counters keep colour
    assert model.setData(model.index(0, VALUE), "0.2")
    assert not window.messages.error and window.statusBar().styleSheet() == ""
    assert "Value refused" not in window.messages.text()


def test_an_error_message_goes_once_a_run_trains(qtbot, window):
    """The trial found "Learning rate refused" still red after thousands of
    updates of a successful run."""
    box = window.controls.learning_rate
    box.setText("1e300")
    box.editingFinished.emit()
    assert window.messages.error
    window.controls.run.trigger()
    qtbot.waitUntil(lambda: window.debugger.step > 10, timeout=10_000)
    window.controls.run.trigger()
    assert not window.messages.error


def test_the_update_highlight_is_repainted_away_by_the_next_forward(qtbot, window):
    """The trial's screenshot still showed the update's yellow Last change cells
    after the next forward pass: their repaint was never asked for."""
    model = window.param_model
    window.controls.step.trigger()
    assert model.index(0, CHANGE).data(Qt.ItemDataRole.BackgroundRole) is not None
    repainted = []
    model.dataChanged.connect(lambda first, last: repainted.append(last.column()))
    window.controls.next_phase.trigger()
    assert model.index(0, CHANGE).data(Qt.ItemDataRole.BackgroundRole) is None
    assert max(repainted) >= CHANGE


def test_last_change_after_an_edit_is_still_the_updates(window):
    """Defect 6: after an edit "Last change" showed edited minus pre-update."""
    window.controls.step.trigger()
    model = window.param_model
    change = model.index(0, CHANGE).data(Qt.ItemDataRole.ToolTipRole)
    trainer = window.debugger.trainer
    expected = (
        trainer.params.weights[0][0, 0] - trainer.previous_params.weights[0][0, 0]
    )
    assert float(change) == expected
    assert model.setData(model.index(0, VALUE), "3")
    assert float(model.index(0, CHANGE).data(Qt.ItemDataRole.ToolTipRole)) == expected


def test_a_diverged_run_names_the_parameter_and_save_explains(
    qtbot, make_window, dialogs, tmp_path, monkeypatch
):
    """Defect 7: a 0-based name, then raw JSON errors from autosave and Save."""
    window = make_window("blobs")
    window.debugger.set_learning_rate(1e300)
    with qtbot.waitSignal(window.runner.stoppedByItself, timeout=10_000) as stopped:
        window.controls.run.trigger()
    assert "W1[1→1] is not finite" in stopped.args[0]
    window.autosaver.save_now()
    window.autosaver.save_now()
    path = tmp_path / "diverged.json"
    asked = []

    def get_save_file_name(*args, **kwargs):
        asked.append(args)
        return str(path), ""

    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(get_save_file_name)
    )
    window.files.save_as.trigger()
    assert not path.exists() and asked == []  # refused before asking for a name
    title, text = dialogs.shown[-1][1:]
    assert title == "Cannot save session" and "Back one update" in text
    assert "JSON" not in text
    window.controls.back_update.trigger()
    window.files.save.trigger()
    assert path.exists() and len(asked) == 1


def test_save_during_a_run_saves_the_state_of_that_moment(
    qtbot, window, tmp_path, monkeypatch
):
    """The trial saw training go on behind the save dialog, and the file held a
    later step than the one shown when Ctrl+S was pressed."""
    path = tmp_path / "running.json"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    window.controls.run.trigger()
    qtbot.waitUntil(lambda: window.debugger.step > 10, timeout=10_000)
    QTest.keySequence(window, QKeySequence("Ctrl+S"))
    assert not window.runner.running
    assert load_session(path).step == window.debugger.step


def test_a_loss_breakpoint_already_met_does_not_stop_every_run(qtbot, make_window):
    """Defect 8: once below, every Run press advanced a single update."""
    window = make_window("xor")
    window.runner.run_chunk(3000)
    loss = window.debugger.trainer.forward_result.loss
    window.debugger.add_breakpoint(Condition("loss_below", loss * 2))
    window.controls.speed.setCurrentIndex(3)  # 100 steps/s
    step = window.debugger.step
    window.controls.run.trigger()
    qtbot.waitUntil(lambda: window.debugger.step >= step + 5, timeout=10_000)
    window.controls.run.trigger()
    assert not window.runner.running


def test_breakpoints_that_do_not_fit_another_network_are_dropped(make_window):
    from backprop_gui.core.engine.keys import ParameterKey

    window = make_window("mazur")
    bad = Condition("sign_change", parameter=ParameterKey.weight(1, 1, 1))
    window.debugger.add_breakpoint(bad)
    window.debugger.add_breakpoint(Condition("loss_below", 0.1))
    _preset_action(window, "single-sample").trigger()  # W2 is 2x1 there
    assert window.debugger.breakpoints.conditions == [Condition("loss_below", 0.1)]
    assert "sign change of W2[2→2]" in window.messages.text()


def test_the_loss_plot_after_go_to_step_and_after_a_forward(
    qtbot, make_window, monkeypatch
):
    """Defect 9: after a long run and Go to step 1234 one point was left, and the
    loss of a forward appeared only after the next backward."""
    window = make_window("xor")
    window.runner.run_chunk(20_000)
    assert window.debugger.metrics.stride > 1
    monkeypatch.setattr(
        QInputDialog, "getInt", staticmethod(lambda *a, **k: (1234, True))
    )
    window.controls.go_to_step.trigger()
    metrics = window.debugger.metrics
    assert metrics.steps.tolist() == list(range(1, 1235))
    window.controls.next_phase.trigger()  # the forward of update 1235
    assert metrics.steps[-1] == 1235
    assert metrics.loss[-1] == window.debugger.trainer.forward_result.loss
    assert np.isnan(metrics.grad_norms[-1]).all()
    x, y = window.plots.loss_curve.getData()
    assert x[-1] == 1235 and len(x) == 1235


def test_new_network_refuses_cross_entropy_on_targets_that_are_not_distributions(
    qtbot, window
):
    """Found by the state machine: a 2-1 softmax network with cross_entropy on
    xor's 0/1 targets was accepted, and its gradient check failed (relative error
    1.0): the fused delta a - y is the gradient only when targets sum to 1."""
    from PySide6.QtWidgets import QDialogButtonBox

    from backprop_gui.qt.new_network_dialog import NewNetworkDialog

    dialog = NewNetworkDialog(window.debugger.session, window)
    qtbot.addWidget(dialog)
    dialog.dataset.setCurrentText("xor")
    dialog.sizes.setText("2, 1")
    dialog.activations[0].setCurrentText("softmax")
    dialog.loss.setCurrentText("cross_entropy")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and dialog.session() is None
    assert "must be >= 0 and sum to 1" in dialog.error.text()
