"""Undo and redo of a parameter edit or a weights import apply only to the
state they were made on: after training, a reset or a rewind changed the
parameters, putting the old value back would mix a value of another state into
this one (found in review and in a real-window trial: Ctrl+Z after five updates
put a weight back to its value before them, every other weight trained)."""

import pytest
from file_dialogs import choose_file, patch_save_dialog
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.qt.param_rows import VALUE

KEY = ParameterKey.weight(1, 0, 1)  # W2[1→2], 0.5 in mazur


def press(window, keys: str) -> None:
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000)
    QTest.keySequence(window, QKeySequence(keys))
    QApplication.processEvents()


def edit(window, text: str) -> None:
    model = window.param_model
    assert model.setData(model.index(model.row_of(KEY), VALUE), text)


def value(window) -> float:
    return KEY.read(window.debugger.trainer.params)


def test_undo_and_redo_right_after_the_edit_still_work(make_window):
    window = make_window("mazur")
    window.controls.step.trigger()
    before = value(window)
    edit(window, "0.9")
    press(window, "Ctrl+Z")
    assert value(window) == before
    press(window, "Ctrl+Shift+Z")
    assert value(window) == 0.9
    press(window, "Ctrl+Z")
    assert value(window) == before


@pytest.mark.parametrize("then", ["train", "reset", "rewind"])
def test_undo_after_the_parameters_changed_changes_nothing(make_window, then):
    window = make_window("mazur")
    window.controls.step.trigger()
    edit(window, "0.9")
    if then == "train":
        for _ in range(3):
            window.controls.step.trigger()
    elif then == "reset":
        window.controls.reset.trigger()
    else:
        window.controls.step.trigger()
        window.debugger.rewind_to_step(0)
    trainer = window.debugger.trainer
    params, step = trainer.params.copy(), window.debugger.session.step
    press(window, "Ctrl+Z")
    assert trainer.params.identical(params) and window.debugger.session.step == step
    message = window.messages.text()
    assert message.startswith("Cannot undo set W2[1→2] to 0.9: W2[1→2] is ")
    assert window.messages.error and "nothing changed" in message
    # the history kept its place: nothing to redo, the edit still to undo
    assert not window.undo_stack.canRedo() and window.undo_stack.canUndo()
    press(window, "Ctrl+Shift+Z")
    assert trainer.params.identical(params)


def test_undo_of_a_weights_import_after_training_changes_nothing(
    make_window, monkeypatch, tmp_path
):
    window = make_window("mazur")
    path = tmp_path / "w.npz"
    patch_save_dialog(monkeypatch, path)
    window.data.export_weights.trigger()
    window.controls.step.trigger()
    choose_file(monkeypatch, path)
    window.data.import_weights.trigger()
    window.controls.step.trigger()
    trainer = window.debugger.trainer
    params = trainer.params.copy()
    press(window, "Ctrl+Z")
    assert trainer.params.identical(params)
    assert window.messages.text() == (
        "Cannot undo import weights: the parameters have changed since "
        "(training, a reset or a rewind); nothing changed (Ctrl+Z again skips it)"
    )


def test_a_refused_undo_keeps_its_place_in_the_history(make_window):
    """Found in a real-window trial: the refused Ctrl+Z still moved the undo
    history past the edit, so after Shift+F11 brought the edited value back,
    Ctrl+Z did nothing and Ctrl+Shift+Z was refused instead."""
    window = make_window("mazur")
    stack = window.undo_stack
    before = value(window)
    edit(window, "0.9")
    window.controls.step.trigger()
    press(window, "Ctrl+Z")  # refused: the update changed the weight
    assert window.messages.error and stack.index() == 1 and stack.canUndo()
    assert window.messages.text().endswith("(Ctrl+Z again skips it)")
    window.controls.back_update.trigger()  # the edited state again
    assert value(window) == 0.9
    press(window, "Ctrl+Z")  # now it applies
    assert value(window) == before and stack.index() == 0
    assert window.messages.text() == "Undone: set W2[1→2] to 0.9"
    press(window, "Ctrl+Shift+Z")
    assert value(window) == 0.9 and stack.index() == 1


def test_a_second_refused_undo_in_a_row_skips_the_edit(make_window):
    """Found in review: a refused edit kept its place for good, so nothing
    older (here the learning rate) could be undone any more."""
    window = make_window("mazur")
    stack = window.undo_stack
    window.controls.learning_rate.setText("0.25")
    window.controls.learning_rate.editingFinished.emit()
    assert window.debugger.session.learning_rate == 0.25
    edit(window, "0.9")
    window.controls.step.trigger()
    press(window, "Ctrl+Z")  # refused, kept
    assert stack.index() == 2
    press(window, "Ctrl+Z")  # refused again at once: passed over
    assert stack.index() == 1
    assert window.messages.text() == "Skipped: set W2[1→2] to 0.9 (it could not apply)"
    press(window, "Ctrl+Z")  # the learning rate's undo applies
    assert window.debugger.session.learning_rate == 0.5 and stack.index() == 0
