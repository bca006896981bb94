"""Stepping mazur phase by phase: signals in order, the seed's numbers in the table,
the graph's tooltips and the status bar."""

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.qt.param_rows import CHANGE, GRADIENT, VALUE

MAZUR_AFTER_ONE_UPDATE = [
    "0.149780716133",
    "0.249751143632",
    "0.199561432266",
    "0.299502287265",
    "0.340637195303",
    "0.358916479718",
    "0.511301270239",
    "0.408666186076",
    "0.561370121108",
    "0.549799837444",
]


def click(qtbot, window, action):
    button = window.toolbar.widgetForAction(action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_next_phase_three_times_emits_forward_backward_update(qtbot, window):
    bridge, c = window.bridge, window.controls
    expected = [(1, "forward"), (1, "backward"), (1, "update")]
    with qtbot.waitSignals(
        [bridge.phaseCompleted] * 3,
        order="strict",
        check_params_cbs=[lambda s, p, e=e: (s, p) == e for e in expected],
        timeout=2000,
    ):
        for _ in range(3):
            click(qtbot, window, c.next_phase)
    model = window.param_model
    shown = [model.index(r, VALUE).data() for r in range(model.rowCount())]
    assert shown == MAZUR_AFTER_ONE_UPDATE
    assert model.index(5, GRADIENT).data() == "0.08216704056"
    assert model.index(5, CHANGE).data() == "-0.04108352028"
    assert window.counters.step.text() == "Step 1"
    assert window.counters.phase.text() == "Next: forward"


def test_keyboard_shortcut_runs_the_next_phase(qtbot, window):
    window.activateWindow()
    window.network_view.setFocus()
    qtbot.keyClick(window.network_view, Qt.Key.Key_F10)
    assert window.debugger.trainer.last_phase == "forward"
    assert "F10" in window.controls.next_phase.toolTip()
    assert window.controls.next_phase.shortcut().toString() == "F10"


def tooltip_at(view, point):
    pos = QPoint(round(point.x()), round(point.y()))
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.mapToGlobal(pos))
    QApplication.sendEvent(view, event)
    return QToolTip.text()


def test_graph_tooltips_show_the_seed_numbers(qtbot, window):
    for _ in range(2):
        window.controls.next_phase.trigger()
    view = window.network_view
    text = tooltip_at(view, view.neuron_centre(2, 0))
    assert "a = 0.751365069552" in text
    assert "delta = dL/dz = 0.138498561629" in text
    text = tooltip_at(view, view.neuron_centre(1, 1))
    assert "delta = dL/dz = 0.00995425470522" in text
    edge = tooltip_at(view, view.edge_point(1, 0, 0))
    assert edge.startswith("W2[1→1]") and "w = 0.4\n" in edge
    assert "dL/dw = 0.0821670405642" in edge
    window.controls.next_phase.trigger()
    assert "w = 0.358916479718" in view.values.edge_tooltip(1, 0, 0)
    assert "last change = -0.0410835202821" in view.values.edge_tooltip(1, 0, 0)


def test_stale_results_are_marked_after_an_edit(qtbot, window):
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()
    model = window.param_model
    model.setData(model.index(5, VALUE), "0.1")
    assert "(stale)" in window.network_view.values.neuron_tooltip(2, 0)
    assert model.index(5, GRADIENT).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert window.counters.phase.text() == "Next: forward"
    assert "(stale; " in window.counters.loss.text()


def test_clicking_an_edge_selects_its_table_row_and_back(qtbot, window):
    view = window.network_view
    point = view.edge_point(0, 1, 0)
    qtbot.mouseClick(
        view, Qt.MouseButton.LeftButton, pos=QPoint(round(point.x()), round(point.y()))
    )
    table = window.parameters.table
    current = window.parameters.to_source(table.currentIndex())
    assert window.param_model.locate(current.row()) == ParameterKey.weight(0, 1, 0)
    window.parameters.select_parameter(ParameterKey.weight(1, 1, 1))
    assert view.selected == ParameterKey.weight(1, 1, 1)
    centre = view.neuron_centre(2, 1)
    qtbot.mouseClick(
        view,
        Qt.MouseButton.LeftButton,
        pos=QPoint(round(centre.x()), round(centre.y())),
    )
    current = window.parameters.to_source(table.currentIndex())
    assert window.param_model.locate(current.row()) == ParameterKey.bias(1, 0)


def test_an_edit_shows_its_effect_on_loss_and_outputs_at_once(qtbot, window):
    from backprop_gui.core import Trainer, load_preset

    window.controls.next_phase.trigger()
    model = window.param_model
    model.setData(model.index(5, VALUE), "0.1")
    expected = Trainer(load_preset("mazur"))
    expected.set_weight(1, 0, 0, 0.1)
    expected.run_phase()
    now = expected.forward_result
    assert f"(stale; now {now.loss:.10g})" in window.counters.loss.text()
    tip = window.network_view.values.neuron_tooltip(2, 0)
    assert f"a = 0.751365069552 (stale; now {now.a[2][0, 0]:.12g})" in tip
    # the preview changed nothing: the next phase is still a real forward pass
    trainer = window.debugger.trainer
    assert trainer.next_phase == "forward" and not trainer.forward_valid
    window.controls.next_phase.trigger()
    assert trainer.forward_result.loss == now.loss


def test_a_resting_tooltip_follows_the_state_and_waits_for_a_runs_refresh(window):
    """The tooltip of an edge under a resting mouse is written again when the
    state changes; while a run is past the picture (its refresh waits) a tooltip
    asked for brings the refresh first, so that it shows the picture's numbers
    (a real-window trial read a w of a later update than every view showed)."""
    from backprop_gui.qt.formatting import fmt

    view = window.network_view
    w = window.debugger.trainer.params.weights[1]
    assert "w = 0.4\n" in tooltip_at(view, view.edge_point(1, 0, 0))
    window.controls.step.trigger()
    assert "w = 0.358916479718\n" in QToolTip.text()  # the mouse rested
    window.bridge.refresh_interval = 60.0  # a run whose views paint slowly
    window.runner.run_chunk(5)
    assert window.bridge.refresh_waiting
    shown = f"w = {fmt(float(w[0, 0]))}\n"
    assert shown in tooltip_at(view, view.edge_point(1, 0, 0))
    assert not window.bridge.refresh_waiting  # the picture shows it too
    assert window.counters.step.text() == f"Step {window.debugger.step}"
