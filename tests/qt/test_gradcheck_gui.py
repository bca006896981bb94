"""Gradient check and loss comparison from the GUI."""

from PySide6.QtCore import Qt

from backprop_gui.core import Trainer, check_trainer, load_preset
from backprop_gui.qt.param_rows import CHECK


def test_gradient_check_fills_a_coloured_column_until_the_next_change(window):
    window.controls.gradient_check.trigger()
    model = window.param_model
    expected = check_trainer(Trainer(load_preset("mazur")))
    w2 = next(t for t in expected.tensors if t.name == "W2")
    assert model.index(5, CHECK).data() == f"{w2.errors[0, 0]:.2e}"
    green = model.index(5, CHECK).data(Qt.ItemDataRole.BackgroundRole).color()
    assert (green.red(), green.green(), green.blue()) == (187, 247, 208)
    assert "Gradient check: all below 1e-6" in window.statusBar().currentMessage()
    window.controls.next_phase.trigger()  # a forward changes no parameter
    assert model.index(5, CHECK).data() == f"{w2.errors[0, 0]:.2e}"
    window.controls.step.trigger()  # new parameters: the check is stale
    assert model.index(5, CHECK).data() == ""


def test_compare_losses_shows_seed_000s_factor_of_two(
    qtbot, make_window, dialogs, monkeypatch
):
    """Through the menu item (issue 13, defect 3: ``triggered`` passed
    ``checked`` as the loss, and every comparison failed)."""
    from PySide6.QtWidgets import QInputDialog

    asked = []

    def get_item(parent, title, label, items, current, editable):
        asked.append(list(items))
        return "mse", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    window = make_window("single-sample")
    window.controls.compare_losses.trigger()
    assert "mse" in asked[0] and "half_sse" not in asked[0]
    summary = "d(mse)/dp = 2 × the backprop gradient of half_sse for every parameter"
    assert dialogs.shown[-1][:2] == ("information", "Compare losses")
    assert summary in dialogs.shown[-1][2]
    assert window.statusBar().currentMessage() == summary
    assert dialogs.shown[-1][1] == "Compare losses"
    assert "d(mse)/dp = 2 ×" in dialogs.shown[-1][2]
    # cross_entropy needs a softmax output: explained in a warning, nothing shown
    assert window.checks.compare("cross_entropy") is None
    assert dialogs.shown[-1][0] == "warning"
    assert "needs a softmax output" in dialogs.shown[-1][2]


def test_a_big_network_is_offered_a_sampled_check(make_window, monkeypatch):
    """Spirals (697 parameters) stands in for a big network: the threshold is
    lowered so the question is asked."""
    from PySide6.QtWidgets import QMessageBox

    from backprop_gui.qt import gradcheck_actions

    monkeypatch.setattr(gradcheck_actions, "SAMPLE_SUGGESTED_ABOVE", 100)
    monkeypatch.setattr(gradcheck_actions, "DEFAULT_SAMPLE", 50)
    answers = []

    def answer(box):
        buttons = {b.text(): b for b in box.buttons()}
        assert "697 parameters" in box.text()
        buttons[answers.pop(0)].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    window = make_window("spirals")
    model = window.param_model
    answers.append("Check 50")
    window.controls.gradient_check.trigger()
    result = window.debugger.gradient_check_result()
    assert result.sample == 50 and result.checked == 50
    shown = [model.index(r, CHECK).data() for r in range(model.rowCount())]
    assert sum(text != "" for text in shown) == 50
    assert "Gradient check of a sample of 50" in window.messages.text()
    answers.append("Cancel")
    window.controls.gradient_check.trigger()
    assert window.debugger.gradient_check_result() is result  # nothing ran
    answers.append("Check all 697")
    window.controls.gradient_check.trigger()
    assert window.debugger.gradient_check_result().checked == 697


def test_a_check_beside_stale_gradients_says_which_gradients_it_checked(window):
    """Found in a real-window trial: after an update the check's green cells sat
    beside grey gradients, as if they checked those."""
    window.controls.gradient_check.trigger()
    assert "stale" not in window.statusBar().currentMessage()
    window.controls.step.trigger()  # the table's gradients are now stale
    window.controls.gradient_check.trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith("Gradient check: all below 1e-6")
    assert message.endswith(
        " of the current parameters (the table's gradients are stale)"
    )
