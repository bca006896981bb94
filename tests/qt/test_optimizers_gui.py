"""The optimizer in the window: Train → Optimizer (Ctrl+Shift+O), its buffers as
table columns edited through the model, the update rule in Explain, the loss's
parts in the loss plot, and New network's optimizer."""

from __future__ import annotations

from unittest import mock

import numpy as np
from PySide6.QtCore import Qt
from window_input import choose, press

from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.core.engine.optimizer_spec import OptimizerSpec, Regularization
from backprop_gui.core.engine.parameters import buffer_views
from backprop_gui.qt.network_captions import loss_texts
from backprop_gui.qt.new_network_dialog import NewNetworkDialog
from backprop_gui.qt.optimizer_dialog import OptimizerDialog
from backprop_gui.qt.param_rows import COLUMNS
from backprop_gui.qt.table_cells import NUMBER


def headers(model):
    return [
        model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(model.columnCount())
    ]


def test_the_dialog_sets_the_optimizer_and_penalty_and_undo_restores_them(
    qtbot, make_window
):
    window = make_window("xor")
    debugger, model = window.debugger, window.param_model
    press(window, "F11")
    seen = choose(window, "adam", beta1="0.8", l2="0.01")
    assert seen == {"ok": True, "error": ""}
    session = debugger.session
    assert session.optimizer == OptimizerSpec("adam", betas=(0.8, 0.999))
    assert session.regularization == Regularization(l2=0.01)
    assert headers(model)[len(COLUMNS) :] == ["m", "v", "m-hat", "v-hat", "Adam move"]
    assert "Optimizer: Adam; penalty L2 0.01" in window.statusBar().currentMessage()
    assert not debugger.trainer.forward_valid  # the penalty changed the loss
    press(window, "Ctrl+Z")
    assert debugger.session.optimizer == OptimizerSpec()
    assert debugger.session.regularization == Regularization()
    assert headers(model) == list(COLUMNS)
    press(window, "Ctrl+Shift+Z")
    assert debugger.session.optimizer.name == "adam"


def test_an_unusable_option_keeps_ok_disabled_and_changes_nothing(qtbot, make_window):
    window = make_window("xor")
    seen = choose(window, "adam", eps="0")
    assert not seen["ok"] and "needs eps > 0" in seen["error"]
    seen = choose(window, "momentum", momentum="0,9")
    assert not seen["ok"] and seen["error"].startswith("Momentum μ:")
    assert window.debugger.session.optimizer == OptimizerSpec()
    assert window.undo_stack.count() == 0


def test_the_buffer_columns_show_the_state_and_edit_through_the_model(
    qtbot, make_window
):
    window = make_window("xor")
    choose(window, "adam")
    for _ in range(3):
        press(window, "F11")
    debugger, model = window.debugger, window.param_model
    state = debugger.session.optimizer_state
    m_col, v_col = model.optimizer_column("m"), model.optimizer_column("v")
    hat_col = model.optimizer_column("m_hat")
    spec = debugger.session.spec
    views = buffer_views(state.buffers["m"], spec)
    for row in range(model.rowCount()):
        key = model.locate(row)
        m = key.read(views)
        assert model.index(row, m_col).data(NUMBER) == m
        assert model.index(row, hat_col).data(NUMBER) == m / (1 - 0.9**3)
    key = ParameterKey.weight(0, 1, 2)
    row = model.row_of(key)
    before = state.copy()
    assert model.setData(model.index(row, m_col), "0.125")
    assert (
        key.read(buffer_views(debugger.session.optimizer_state.buffers["m"], spec))
        == 0.125
    )
    assert model.index(row, m_col).data(NUMBER) == 0.125
    assert window.undo_stack.undoText() == "set m of W1[2→3] to 0.125"
    assert not model.setData(model.index(row, v_col), "-1")
    assert "cannot be negative" in window.statusBar().currentMessage()
    assert not model.setData(model.index(row, hat_col), "1")  # derived: read only
    press(window, "Ctrl+Z")
    assert debugger.session.optimizer_state.identical(before)


def test_explain_shows_the_update_rule_right_after_an_update(qtbot, make_window):
    window = make_window("xor")
    choose(window, "momentum")
    press(window, "F11")
    press(window, "F11")
    window.parameters.select_parameter(ParameterKey.weight(1, 0, 0))
    shown = window.explain.shown
    assert shown.title == "Update 2 of W2[1→1]: SGD with momentum"
    assert shown.value == window.debugger.session.params.weights[1][0, 0]
    assert "b = μ·b_prev + g" in window.explain.text.toPlainText()


def test_the_loss_plot_shows_the_parts_only_with_a_penalty(qtbot, make_window):
    window = make_window("xor")
    plots = window.plots
    for _ in range(2):
        press(window, "F11")
    plots.refresh()
    assert not plots.loss_legend.isVisible() and not plots.penalty_curve.isVisible()
    window.counters.update()
    assert window.counters.loss.text().startswith("Loss (bce): ")
    choose(window, "sgd", l1="0.01")
    for _ in range(3):
        press(window, "F11")
    plots.refresh()
    assert plots.penalty_curve.isVisible() and plots.loss_legend.isVisible()
    window.counters.update()  # the status bar's loss includes the penalty: says so
    assert window.counters.loss.text().startswith("Loss (bce + penalty): ")
    x, y = plots.penalty_curve.getData()
    assert list(x) == [3, 4, 5]
    assert np.allclose(y, window.debugger.metrics.penalty[2:])


def test_new_network_with_an_optimizer(qtbot, make_window):
    window = make_window("xor")

    def answer(dialog):
        form = dialog.optimizer
        form.name.setCurrentIndex(form.name.findData("rmsprop"))
        form.fields["alpha"].setText("0.9")
        return 1

    with mock.patch.object(NewNetworkDialog, "exec", answer):
        window.files.new_network.trigger()
    session = window.debugger.session
    assert session.optimizer == OptimizerSpec("rmsprop", alpha=0.9)
    assert headers(window.param_model)[len(COLUMNS) :] == ["v"]


def test_going_back_past_a_change_of_optimizer_brings_its_columns_back(
    qtbot, make_window
):
    """Found by the state machine: the columns followed the dialog, not a rewind."""
    window = make_window("xor")
    model = window.param_model
    choose(window, "momentum")
    press(window, "F11")
    choose(window, "adam")
    press(window, "F11")
    assert headers(model)[len(COLUMNS) :][:2] == ["m", "v"]
    press(window, "Shift+F11")  # back one update: Adam still
    press(window, "Shift+F11")  # back past the change: momentum's velocity
    assert window.debugger.session.optimizer.name == "momentum"
    assert headers(model)[len(COLUMNS) :] == ["Velocity"]
    velocity = window.debugger.session.optimizer_state.buffers["velocity"]
    column = model.optimizer_column("velocity")
    assert [model.index(r, column).data(NUMBER) for r in range(model.rowCount())] == [
        model.locate(r).read(buffer_views(velocity, window.debugger.session.spec))
        for r in range(model.rowCount())
    ]


def test_undo_after_training_keeps_the_trained_buffers(qtbot, make_window):
    """Found in review: undoing a penalty change rolled Adam's m and v back."""
    window = make_window("adam-xor")
    debugger = window.debugger
    for _ in range(3):
        press(window, "F11")
    choose(window, "adam", l2="0.01")
    for _ in range(3):
        press(window, "F11")
    trained = debugger.session.optimizer_state.copy()
    press(window, "Ctrl+Z")
    assert debugger.session.regularization == Regularization()
    assert debugger.session.optimizer_state.identical(trained)
    # right after a change, with nothing trained, undo restores exactly
    choose(window, "momentum")
    press(window, "Ctrl+Z")
    assert debugger.session.optimizer.name == "adam"
    assert debugger.session.optimizer_state.identical(trained)


def test_the_dialog_shows_options_as_typed_and_errors_with_their_symbol(
    qtbot, make_window
):
    window = make_window("adam-xor")
    seen = []

    def answer(dialog):
        seen.append(dialog.form.fields["beta2"].text())
        dialog.form.fields["eps"].setText("1e-400")
        seen.append(dialog.error.text())
        return 0

    with mock.patch.object(OptimizerDialog, "exec", answer):
        press(window, "Ctrl+Shift+O")
    assert seen[0] == "0.999"
    assert seen[1].startswith("ε:")


def test_a_stale_loss_is_named_as_it_was_computed_around_a_new_penalty(make_window):
    """After a penalty was set, the stale loss (of a pass without it) stood
    under "Loss (cross_entropy + penalty)", and after its undo the penalised
    one under "Loss (cross_entropy)" (trial)."""
    window = make_window("iris")
    debugger, loss = window.debugger, window.counters.loss
    press(window, "F10")  # forward: a loss without penalty
    plain = debugger.trainer.forward_result.loss
    choose(window, "sgd", l2="0.01")
    penalised = debugger.trainer.preview().loss
    assert penalised > plain
    tip = loss.toolTip().splitlines()[-1]  # the whole text, however narrow
    assert tip.startswith("Loss (cross_entropy): ")
    assert "stale; now " in tip and tip.endswith(" with penalty)")
    # the graph's caption says so too
    assert loss_texts(window.network_view)[1].endswith(" with penalty)")
    press(window, "F10")  # forward with the penalty
    press(window, "Ctrl+Z")  # the penalty's undo: that pass is stale now
    tip = loss.toolTip().splitlines()[-1]
    assert tip.startswith("Loss (cross_entropy + penalty): ")
    assert tip.endswith(" without penalty)")
    assert loss_texts(window.network_view)[1].endswith(" without penalty)")


def test_the_selected_row_stays_selected_when_the_optimizer_columns_change(
    make_window,
):
    """Undo of an optimizer change reset the table for its columns: the row
    selection went while the graph kept the edge highlighted (trial)."""
    window = make_window("iris")
    key = ParameterKey.weight(0, 2, 3)
    window.parameters.select_parameter(key)
    assert window.network_view.selected == key
    explained = window.explain.key
    choose(window, "adam")
    assert window.parameters.selected_key() == key
    press(window, "Ctrl+Z")  # the columns of plain SGD again
    assert window.parameters.selected_key() == key
    assert window.network_view.selected == key and window.explain.key == explained
