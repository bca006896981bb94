"""Breakpoints from the GUI: added in the dialog, they pause a run, say what fired,
and select the parameter involved."""

from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.qt.breakpoints_dialog import BreakpointsDialog


def kind_index(dialog, kind):
    return next(
        k for k in range(dialog.kind.count()) if dialog.kind.itemData(k) == kind
    )


def test_loss_breakpoint_pauses_the_run(qtbot, make_window):
    window = make_window("xor")
    dialog = BreakpointsDialog(window.debugger, None, window)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(kind_index(dialog, "loss_below"))
    dialog.value.setText("0,1")  # refused: a decimal comma
    assert not dialog.add() and "use a dot" in dialog.error.text()
    dialog.value.setText("0.1")
    assert dialog.add() and dialog.list.item(0).text() == "loss < 0.1"
    with qtbot.waitSignal(window.runner.breakpointHit, timeout=10_000) as fired:
        window.controls.run.trigger()
    assert not window.runner.running
    trainer = window.debugger.trainer
    # paused at the parameters whose loss crossed (the last pass's was above)
    assert trainer.current_loss() < 0.1 <= trainer.forward_result.loss
    assert fired.args[0].message.startswith("loss < 0.1")
    window.counters.update()
    now = window.counters.loss.text().split("now ")[1].rstrip(")")
    assert float(now) < 0.1
    assert window.statusBar().currentMessage().startswith("Paused: loss < 0.1")


def test_parameter_breakpoint_selects_the_parameter(qtbot, make_window):
    window = make_window("xor")
    window.parameters.select_parameter(ParameterKey.bias(1, 0))
    dialog = BreakpointsDialog(
        window.debugger, window.parameters.selected_key(), window
    )
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(kind_index(dialog, "sign_change"))
    assert dialog.add() and dialog.list.item(0).text() == "sign change of b2[1]"
    window.parameters.select_parameter(
        ParameterKey.weight(0, 0, 0)
    )  # look elsewhere meanwhile
    with qtbot.waitSignal(window.runner.breakpointHit, timeout=10_000):
        window.controls.run.trigger()
    assert window.parameters.selected_key() == ParameterKey.bias(1, 0)
    dialog.list.setCurrentRow(0)
    dialog.remove()
    assert window.debugger.breakpoints.conditions == []


def test_parameter_conditions_need_a_selection(qtbot, window):
    dialog = BreakpointsDialog(window.debugger, None, window)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(kind_index(dialog, "change_above"))
    dialog.value.setText("0.5")
    assert not dialog.add() and "select a parameter" in dialog.error.text().lower()
