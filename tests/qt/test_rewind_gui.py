"""Rewind from the GUI: step back a phase, back an update, go to a step; and after
a divergence, back to the last finite state."""

from PySide6.QtWidgets import QInputDialog

from backprop_gui.qt.param_rows import VALUE


def test_step_back_restores_the_table_and_graph(qtbot, window):
    c = window.controls
    c.step.trigger()
    before = [window.param_model.index(r, VALUE).data() for r in range(10)]
    c.next_phase.trigger()
    c.next_phase.trigger()
    c.next_phase.trigger()  # update 2
    assert window.param_model.index(0, VALUE).data() != before[0]
    c.back_phase.trigger()  # undo update 2: back to after its backward pass
    assert window.debugger.trainer.next_phase == "update"
    assert [window.param_model.index(r, VALUE).data() for r in range(10)] == before
    assert window.counters.phase.text() == "Next: update"
    c.back_update.trigger()
    assert window.debugger.trainer.step == 1 and window.counters.step.text() == "Step 1"
    c.back_update.trigger()
    c.back_update.trigger()  # nothing left: says so
    assert "this is the start" in window.statusBar().currentMessage()


def test_go_to_step_and_step_on_again(qtbot, window, monkeypatch):
    window.runner.run_chunk(30)
    params_at = {}
    trainer = window.debugger.trainer
    window.controls.reset.trigger()
    for step in range(1, 31):
        window.controls.step.trigger()
        params_at[step] = trainer.params.copy()
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (12, True))
    window.controls.go_to_step.trigger()
    assert trainer.step == 12 and trainer.params.identical(params_at[12])
    assert window.debugger.metrics.steps.max() == 12
    window.runner.run_chunk(18)
    assert trainer.params.identical(params_at[30])


def test_after_a_divergence_back_one_update_is_finite_again(qtbot, make_window):
    window = make_window("blobs")
    window.debugger.set_learning_rate(1e300)
    with qtbot.waitSignal(window.runner.stoppedByItself, timeout=5000):
        window.controls.run.trigger()
    trainer = window.debugger.trainer
    assert trainer.non_finite() is not None
    window.controls.back_update.trigger()
    assert trainer.non_finite() is None and trainer.params.all_finite()


def test_go_to_a_step_out_of_the_history_is_refused_and_changes_nothing(
    make_window, monkeypatch
):
    """Found in a real-window trial: the dialog's box, capped at the last
    step, dropped the digit it refused ("201" became 20) and rewound there;
    the steps after are lost to a rewind."""
    from PySide6.QtWidgets import QInputDialog

    window = make_window("xor")
    window.runner.run_chunk(20)
    seen = {}

    def answer(*args):
        seen["range"] = args[-2:]
        return 201, True

    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(answer))
    window.controls.go_to_step.trigger()
    assert seen["range"] == (0, 2**31 - 1)  # any number can be typed
    assert window.debugger.step == 20
    assert window.debugger.history_steps() == (0, 20)
    assert window.messages.error
    assert "Step 201 is not in this history (0–20)" in window.messages.text()
