"""The graph's "Graph shows sample N" across batches of different samples and
sizes: a neuron's delta is the shown sample's, or none."""

from PySide6.QtWidgets import QApplication

from backprop_gui.qt.param_rows import VALUE


def _circles_in_batches(make_window):
    """circles (200 samples) in batches of 64, in order: 64, 64, 64, 8."""
    window = make_window("circles")
    window.debugger.set_batching(64, None)
    for _ in range(4):
        window.controls.step.trigger()
    window.controls.next_phase.trigger()  # forward of update 5: rows 0-63
    return window


def test_a_sample_the_backward_pass_did_not_take_has_no_delta(make_window, capfd):
    """Found in review: the graph read the latest backward pass (8 samples of
    update 4) at the shown position of the latest forward pass (64 samples):
    sample 10 raised IndexError in paintEvent, and the process crashed."""
    window = _circles_in_batches(make_window)
    window.show()
    trainer = window.debugger.trainer
    assert len(trainer.backward_result.forward.samples) == 8
    window.sample.setValue(10)
    window.network_view.repaint()
    QApplication.processEvents()
    assert window.network_view.values.delta(1, 0) is None  # not in that batch
    assert [text for text, _ in window.network_view.neuron_labels(1, 0)][1:] == []
    assert "Traceback" not in capfd.readouterr().err


def test_a_delta_is_the_shown_samples_in_the_backward_pass(make_window):
    """Shuffled, the last batch of an epoch (8 samples) and the first of the
    next (64) share some samples at other positions: the graph shows the shown
    sample's delta from where it sits in the backward pass, and Explain on a
    click explains that one (it showed another sample's under the same label)."""
    window = make_window("circles")
    window.debugger.set_batching(64, 3)
    for _ in range(4):
        window.controls.step.trigger()
    window.controls.next_phase.trigger()  # forward of update 5
    params = window.param_model
    # an edit: both passes stale, so a click explains a delta (of the
    # latest backward pass) rather than the activation of the fresh forward
    assert params.setData(params.index(0, VALUE), "0.3")
    trainer = window.debugger.trainer
    fwd, bwd = trainer.forward_result, trainer.backward_result
    before = list(bwd.forward.samples)
    shared = [p for p, row in enumerate(fwd.samples) if row in before]
    other = next(p for p, row in enumerate(fwd.samples) if row not in before)
    assert shared and any(p != before.index(fwd.samples[p]) for p in shared)
    view = window.network_view
    for position in shared:
        window.sample.setValue(position + 1)
        where = before.index(fwd.samples[position])
        assert view.values.delta(1, 2) == bwd.delta[1][where, 2]
        window.explain.explain_neuron(1, 2, view.values.position())
        assert window.explain.key == ("delta", 1, 2, where)
    window.sample.setValue(other + 1)
    assert view.values.delta(1, 2) is None
    window.explain.explain_neuron(1, 2, view.values.position())
    assert window.explain.key == ("a", 1, 2, other)  # what this pass has


def test_the_sample_chosen_comes_back_after_a_smaller_batch(make_window):
    """Found in a real-window trial: at an epoch's last, smaller batch the box
    clamped "sample 10" to 8, and that became the choice for good."""
    window = _circles_in_batches(make_window)  # forward of update 5: 64 rows
    window.sample.setValue(10)
    window.controls.back_update.trigger()  # update 4's state: 8 rows
    trainer = window.debugger.trainer
    assert len(trainer.forward_result.samples) == 8
    assert window.sample.value() == 8  # the batch's last
    assert window.network_view.values.position() == 7
    window.controls.step.trigger()  # update 5 again
    window.controls.next_phase.trigger()  # its forward: 64 rows
    assert len(trainer.forward_result.samples) == 64
    assert window.sample.value() == 10 and window.network_view.values.position() == 9
