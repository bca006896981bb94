"""Undo of optimizer-buffer edits and optimizer changes: what comes back, what
cannot (an update since), and what the status bar says."""

from __future__ import annotations

from window_input import choose, press


def test_a_velocity_edit_before_the_first_update_is_refused_and_undo_survives_a_rewind(
    qtbot, make_window
):
    window = make_window("momentum-spirals")
    model = window.param_model
    column = model.optimizer_column("velocity")
    assert not model.setData(model.index(0, column), "1")
    assert "edit it after the first update" in window.statusBar().currentMessage()
    press(window, "F11")
    assert model.setData(model.index(0, column), "1")
    press(window, "Shift+F11")  # back before the first update: the edit is gone
    press(window, "Ctrl+Z")  # its undo cannot apply now: a message, no crash
    assert "Cannot undo set velocity" in window.statusBar().currentMessage()
    assert not window.debugger.session.optimizer_state.buffers["velocity"].any()


def test_undo_of_a_velocity_edit_after_an_update_changes_nothing(qtbot, make_window):
    """Found in a real-window trial: Ctrl+Z after the update that used an
    edited velocity put the velocity of the step before back into the new
    state."""
    window = make_window("momentum-spirals")
    model = window.param_model
    column = model.optimizer_column("velocity")
    press(window, "F11")
    assert model.setData(model.index(0, column), "0.5")
    press(window, "F11")  # the update uses it and writes a new velocity
    state = window.debugger.session.optimizer_state
    velocity = state.buffers["velocity"].copy()
    press(window, "Ctrl+Z")
    assert (state.buffers["velocity"] == velocity).all()
    message = window.messages.text()
    assert message.startswith("Cannot undo set velocity of W1[1→1] to 0.5: it is ")
    assert message.endswith("nothing changed (Ctrl+Z again skips it)")
    assert window.messages.error


def test_undo_after_a_reset_and_as_much_new_training_keeps_the_new_buffers(
    qtbot, make_window
):
    """Found by a hostile probe: undo took "as many phases as at the change"
    for "nothing trained since" and, after a Reset and two new updates, put
    back the momentum of the run before the Reset."""
    window = make_window("mazur")
    debugger = window.debugger
    choose(window, "momentum")
    for _ in range(2):
        press(window, "F11")
    choose(window, "adam")
    window.controls.reset.trigger()
    for _ in range(2):
        press(window, "F11")  # two Adam updates: as many phases as before
    press(window, "Ctrl+Z")
    state = debugger.session.optimizer_state
    assert debugger.session.optimizer.name == "momentum"
    assert state.count == 0  # starts afresh: the usual rule for another kind
    assert all(not b.any() for b in state.buffers.values())
    # and says so (found in a real-window trial: "Undone: change the
    # optimizer" alone suggested the old buffers were back)
    assert window.messages.text() == (
        "Undone: change the optimizer (its buffers start afresh: training ran "
        "since the change)"
    )


def test_undo_of_an_optimizer_change_a_rewind_went_back_before_says_so(
    qtbot, make_window
):
    window = make_window("mazur")
    press(window, "F11")
    press(window, "F11")
    choose(window, "momentum")
    press(window, "F11")
    window.debugger.rewind_to_step(1)  # before the change: SGD again
    assert window.debugger.session.optimizer.name == "sgd"
    press(window, "Ctrl+Z")
    assert window.messages.text() == (
        "Undone: change the optimizer (it is Gradient descent (SGD) already; "
        "nothing changed)"
    )


def test_undo_of_adam_to_adamw_after_training_says_the_buffers_carry_on(
    qtbot, make_window
):
    """Found in review: the note said the buffers start afresh, though Adam and
    AdamW keep the same m and v."""
    window = make_window("adam-xor")
    press(window, "F11")
    choose(window, "adamw")
    press(window, "F11")
    state = window.debugger.session.optimizer_state
    press(window, "Ctrl+Z")
    assert window.debugger.session.optimizer.name == "adam"
    assert window.debugger.session.optimizer_state.count == state.count == 2
    assert window.messages.text() == (
        "Undone: change the optimizer (its buffers carry on from the training since)"
    )
