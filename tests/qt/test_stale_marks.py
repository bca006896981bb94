"""Numbers of a pass made stale since are marked so, wherever the window shows
them. Each case was found in a real-window trial: the number looked current."""

from PySide6.QtTest import QTest

from backprop_gui.qt.formatting import fmt
from backprop_gui.qt.network_captions import caption_notes, edges_shown
from backprop_gui.qt.network_edges import label_colours
from backprop_gui.qt.table_cells import STALE


def test_gradients_on_edges_turn_grey_after_the_update(make_window):
    """They stayed black, and the update's yellow boxes went behind them as if
    the update had made them."""
    window = make_window("mazur")
    view = window.network_view
    window.show_gradients.click()
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()  # backward: current gradients
    assert view.edges_show_gradients()
    text, box = label_colours(view)
    assert text != STALE and box == view.palette().base().color()
    window.controls.next_phase.trigger()  # the update
    text, box = label_colours(view)
    assert text == STALE and box == view.palette().base().color()
    window.show_gradients.click()  # the weights the update changed: highlighted
    text, box = label_colours(view)
    assert text != STALE and box != view.palette().base().color()


def test_an_input_of_a_stale_pass_is_grey(make_window):
    """After x1 was edited in the Dataset dock, the graph still showed the old
    input in black beside the new one in the table."""
    window = make_window("mazur")
    view = window.network_view
    window.controls.next_phase.trigger()
    assert view.neuron_labels(0, 0) == [("a 0.05", False)]
    model = window.dataset.model
    assert model.setData(model.index(0, 0), "0.9")
    assert view.neuron_labels(0, 0) == [("a 0.05", True)]
    window.controls.next_phase.trigger()
    assert view.neuron_labels(0, 0) == [("a 0.9", False)]


def test_neurons_of_a_stale_pass_are_filled_grey(make_window):
    """Their numbers were grey, but their fills kept the colours of the old
    activations (an input edited from 0.05 to -0.9 stayed light blue)."""
    window = make_window("mazur")
    view = window.network_view
    window.show()
    window.controls.next_phase.trigger()  # forward: a current pass
    layout = view._get_layout()

    def fill(layer, n):
        centre = layout.centres[layer, n] * view.devicePixelRatioF()
        colour = view.grab().toImage().pixelColor(centre.toPoint())
        return colour.red(), colour.green(), colour.blue()

    for layer, n in layout.centres:  # blue: every activation is positive
        red, green, blue = fill(layer, n)
        assert blue > red + 10, (layer, n)
    model = window.dataset.model
    assert model.setData(model.index(0, 0), "-0.9")  # the pass is stale
    for layer, n in layout.centres:
        red, green, blue = fill(layer, n)
        assert red == green == blue, (layer, n)
    window.controls.next_phase.trigger()  # the pass again, on the new input
    assert fill(0, 0)[0] > fill(0, 0)[2] + 10  # -0.9: orange


def test_the_sample_row_is_not_named_after_samples_were_removed(make_window):
    """After Remove sample the caption named a dataset row that now holds
    another sample."""
    window = make_window("xor")
    view = window.network_view
    window.sample.setValue(2)
    window.controls.next_phase.trigger()
    assert caption_notes(view, view._get_layout()) == ["batch sample 2 = dataset row 2"]
    window.dataset.table.selectRow(1)
    window.dataset.remove.click()
    assert caption_notes(view, view._get_layout()) == [
        "batch sample 2 (stale: samples changed)"
    ]


def test_a_stale_loss_of_a_mini_batch_is_set_beside_the_next_batch(make_window):
    """In batches of 32, "stale; now X" set the loss of the next batch beside
    the last one's, as if the update had made the loss ten times worse."""
    window = make_window("digits")
    window.controls.step.trigger()
    loss = window.counters.loss.text()
    assert "(stale; next batch " in loss and "now" not in loss
    view = window.network_view
    QTest.mouseMove(view, view._get_layout().centres[(1, 0)].toPoint())
    tip = view.values.neuron_tooltip(1, 0)
    assert "next batch" not in tip and "now" not in tip  # not that sample's
    full = make_window("mazur")  # full batch: the same samples, now
    full.controls.step.trigger()
    assert "(stale; now " in full.counters.loss.text()
    assert "; now " in full.network_view.values.neuron_tooltip(1, 0)


def test_a_shuffled_full_batch_is_the_same_samples_now(make_window):
    """Found in review: with a shuffle seed a full batch takes every sample in
    each epoch's order, and the loss said "next batch" (the order differed);
    the neuron tooltip now reads the shown sample where the next pass has it."""
    window = make_window("circles")
    window.debugger.set_batching(None, 5)
    window.controls.step.trigger()
    trainer = window.debugger.trainer
    fwd, nxt = trainer.forward_result, trainer.preview()
    assert len(nxt.samples) == len(fwd.samples) == 200
    assert (nxt.samples != fwd.samples).any()  # another order
    assert "(stale; now " in window.counters.loss.text()
    values = window.network_view.values
    window.sample.setValue(3)
    where = list(nxt.samples).index(fwd.samples[2])
    now = float(nxt.a[1][where, 0])
    assert f"; now {fmt(now)})" in values.neuron_tooltip(1, 0)


def test_the_caption_says_when_gradients_on_edges_are_stale(make_window):
    window = make_window("mazur")
    view = window.network_view
    window.show_gradients.click()
    assert edges_shown(view) == "weights"  # no backward pass yet
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()
    assert edges_shown(view) == "gradients dL/dw"
    window.controls.next_phase.trigger()
    assert edges_shown(view) == "gradients dL/dw (stale)"


def test_a_message_about_the_state_ends_when_the_state_changes(make_window):
    """ "Gradient check: all below 1e-6" stayed in the status bar after an edit
    had dropped the check (and "forward pass done" after Remove sample)."""
    from backprop_gui.qt.param_rows import VALUE

    window = make_window("mazur")
    window.controls.gradient_check.trigger()
    assert window.messages.text().startswith("Gradient check")
    model = window.param_model
    assert model.setData(model.index(0, VALUE), "0.2")
    assert window.messages.text() == ""
    window.controls.next_phase.trigger()  # a command's own message follows it
    assert "forward" in window.messages.text().lower()


def test_a_loss_point_of_a_stale_pass_is_drawn_apart_until_the_pass_runs(
    make_window,
):
    """The Loss plot drew the forward pass's point as current after an edit of
    the data (beside the mark of the change, as if measured after it)."""
    window = make_window("mazur")
    plots = window.plots
    window.controls.next_phase.trigger()  # update 1's forward: its loss point
    plots.refresh()
    assert list(plots.loss_curve.getData()[0]) == [1]
    model = window.dataset.model
    assert model.setData(model.index(0, 0), "0.9")
    plots.refresh()
    assert plots.loss_curve.getData()[0] is None  # no point left on the curve
    old = window.debugger.metrics.loss[-1]
    assert plots.loss_stale.points == [(1.0, old)]
    window.controls.next_phase.trigger()  # the forward again: current
    plots.refresh()
    assert list(plots.loss_curve.getData()[0]) == [1]
    assert plots.loss_stale.points == []
    assert window.debugger.metrics.loss[-1] != old


def test_undo_back_to_the_results_state_makes_them_current(make_window):
    """Ctrl+Z of an edit left "loss 0.28575089 (stale; now 0.28575089)", the
    phase back at "next: forward" and the gradient check gone."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from backprop_gui.qt.param_rows import VALUE

    window = make_window("mazur")
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()
    window.controls.gradient_check.trigger()
    window.counters.update()
    loss = window.counters.loss.text()
    model = window.param_model
    assert model.setData(model.index(0, VALUE), "0.9")
    window.counters.update()
    assert "stale" in window.counters.loss.text()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000)
    QTest.keySequence(window, QKeySequence("Ctrl+Z"))
    QApplication.processEvents()
    window.counters.update()
    assert window.counters.loss.text() == loss  # no "stale; now" beside itself
    trainer = window.debugger.trainer
    assert trainer.next_phase == "update" and trainer.backward_valid
    assert window.debugger.gradient_check_result() is not None


def test_news_given_during_a_run_stays_readable(qtbot, make_window):
    """Found in review: each chunk of a run (24 a second) cleared the message
    of an action taken meanwhile."""
    window = make_window("xor")
    window.controls.run.trigger()
    window.show_message("Learning rate 0.05")
    qtbot.wait(300)
    assert window.runner.running and window.messages.text() == "Learning rate 0.05"
    window.controls.run.trigger()  # Pause


def test_a_refused_learning_rate_during_a_run_stays_readable(qtbot, make_window):
    """Found in a real-window trial: the run's next chunk cleared the red
    "Learning rate refused" at once."""
    window = make_window("xor")
    window.controls.run.trigger()
    field = window.controls.learning_rate
    field.setText("abc")
    field.editingFinished.emit()
    qtbot.wait(300)
    assert window.runner.running and window.messages.error
    assert window.messages.text().startswith("Learning rate refused")
    window.controls.run.trigger()  # Pause


def test_a_table_tooltip_shown_follows_the_numbers_under_it(qtbot, window):
    """A table cell's tooltip under a resting mouse kept the value it was
    written with while the cell beside it took a later update's (trial, during
    a run); it is written again when the numbers change."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from backprop_gui.qt.formatting import fmt
    from backprop_gui.qt.param_rows import VALUE

    window.show()
    qtbot.waitExposed(window)
    table, model = window.parameters.table, window.param_model
    index = model.index(0, VALUE)
    point = table.visualRect(index).center()
    viewport = table.viewport()
    QApplication.sendEvent(
        viewport,
        QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)),
    )
    assert QToolTip.text() == fmt(0.15, 17)
    window.controls.step.trigger()  # the mouse rests: the weight moves on
    value = float(window.debugger.trainer.params.weights[0][0, 0])
    assert value != 0.15 and QToolTip.text() == fmt(value, 17)
