"""Train → Settings: batching (undoable), rewind budget and autosave (persisted)."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from backprop_gui.qt.settings_dialog import SettingsDialog


def test_batching_is_undoable_and_app_settings_persist(make_window, settings):
    window = make_window("circles")
    window.runner.run_chunk(5)
    dialog = SettingsDialog(window)
    assert "covering 5 updates" in dialog.used.text()
    dialog.batch.setValue(20)
    dialog.shuffle.setChecked(True)
    dialog.seed.setValue(7)
    dialog.budget.setValue(3)
    dialog.every.setValue(10)
    dialog.autosave.setValue(45)
    dialog.apply()
    session = window.debugger.session
    assert (session.batch_size, session.shuffle_seed) == (20, 7)
    assert window.debugger.trainer.current_batch().shape == (20,)
    assert window.debugger.timeline.budget_bytes == 3 * 2**20
    assert window.debugger.timeline.every == 10
    assert window.autosaver.timer.interval() == 45_000
    window.undo_stack.undo()
    assert (session.batch_size, session.shuffle_seed) == (None, None)
    again = make_window("circles")  # the app settings came back from QSettings
    assert again.debugger.timeline.budget_bytes == 3 * 2**20
    assert again.debugger.timeline.every == 10
    assert again.autosaver.timer.interval() == 45_000


def test_divergence_breakpoint_selects_the_parameter(qtbot, make_window):
    window = make_window("blobs")
    window.debugger.set_learning_rate(1e300)
    with qtbot.waitSignal(window.runner.breakpointHit, timeout=5000) as hit:
        window.controls.run.trigger()
    assert hit.args[0].parameter is not None
    assert window.parameters.selected_key() == hit.args[0].parameter


@pytest.mark.parametrize(
    "key, value",
    [
        ("autosave/seconds", "abc"),
        ("autosave/seconds", "nan"),
        ("autosave/seconds", "inf"),
        ("rewind/budgetMB", "abc"),
        ("rewind/budgetMB", "-5"),
        ("rewind/every", "x"),
        ("rewind/every", "0"),
        ("rewind/every", "0.5"),
    ],
)
def test_a_bad_setting_falls_back_to_its_default_with_a_message(
    make_window, settings, key, value
):
    from backprop_gui.core.debugger.debugger import DEFAULT_BUDGET, DEFAULT_EVERY

    settings.setValue(key, value)
    window = make_window()
    assert key in window.messages.text() and window.messages.error
    memory = window.debugger.rewind_memory()
    if key == "rewind/every":
        assert memory.every == DEFAULT_EVERY
    if key == "rewind/budgetMB":
        assert memory.budget_bytes == DEFAULT_BUDGET
    if key == "autosave/seconds":
        assert window.autosaver.timer.interval() == 30_000
    for _ in range(3):
        window.controls.step.trigger()  # every=0 used to divide by zero here
    assert window.debugger.step == 3


def test_garbage_window_layout_and_recent_files_are_ignored(make_window, settings):
    settings.setValue("window/geometry", "garbage")
    settings.setValue("window/state", 12)
    settings.setValue("recentFiles", 3)
    settings.setValue("lastFolder", 7)
    window = make_window()
    assert window.files.recent_files() == []
    assert window.files.folder() == str(Path.home())
    assert window.messages.text() == ""


def test_the_settings_fields_line_up_in_one_column(qtbot, window):
    """Found in a real-window trial: the two groups' fields started at
    different x."""
    dialog = SettingsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    lefts = {
        field.mapTo(dialog, field.rect().topLeft()).x()
        for field in (dialog.batch, dialog.validation, dialog.budget, dialog.autosave)
    }
    assert len(lefts) == 1


def _answer_settings(monkeypatch, fill) -> list:
    """Train → Settings answered by ``fill(dialog)``, then OK if it is enabled
    (Cancel otherwise); returns the error texts the dialog showed."""
    from PySide6.QtWidgets import QDialogButtonBox

    shown = []

    def exec_(dialog) -> int:
        fill(dialog)
        shown.append(dialog.error.text())
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        return int(ok.isEnabled())

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    return shown


def _big_window(make_window):
    """A [2, 5000, 1] network on 2,500 samples in batches of 1,000: a full
    batch would hold 12.5 million neuron values, past the 10 million limit."""
    import numpy as np

    from backprop_gui.core import InitSpec, NetworkSpec, Session

    spec = NetworkSpec([2, 5000, 1], ["tanh", "sigmoid"], "bce")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2500, 2))
    session = Session.create(
        spec, InitSpec("xavier", 0), x, (x[:, :1] > 0) * 1.0, batch_size=1000
    )
    return make_window(session=session)


def test_settings_refuse_a_batch_past_the_limit_before_ok(
    make_window, monkeypatch, capfd
):
    """Found by a hostile probe: full batch passed the dialog, OK raised in the
    undo command (a traceback, a dead entry on the undo stack) and the rewind
    budget of the same OK was dropped."""
    window = _big_window(make_window)

    def full_batch(dialog):
        dialog.batch.setValue(0)
        dialog.budget.setValue(5)

    shown = _answer_settings(monkeypatch, full_batch)
    window.controls.settings.trigger()
    assert "the limit is 10,000,000 (use a batch size of at most" in shown[-1]
    assert window.debugger.session.batch_size == 1000  # Cancel: nothing changed
    assert window.undo_stack.count() == 0
    assert "Traceback" not in capfd.readouterr().err


def test_settings_apply_a_split_that_makes_a_full_batch_fit(make_window, monkeypatch):
    """Full batch with half the samples held out holds 6.25 million values: it
    fits, though full batch alone would not. OK sets both (the split first),
    and one Undo takes both back."""
    window = _big_window(make_window)

    def full_batch_and_split(dialog):
        dialog.batch.setValue(0)
        dialog.validation.setValue(50)

    shown = _answer_settings(monkeypatch, full_batch_and_split)
    window.controls.settings.trigger()
    session = window.debugger.session
    assert shown == [""]
    assert session.batch_size is None and session.validation.fraction == 0.5
    window.undo_stack.undo()
    assert session.batch_size == 1000 and session.validation is None


def test_a_long_reason_is_shown_whole(make_window):
    """Found in a real-window trial: the reason's second line was drawn half
    cut, so "1,248" read "1.248"."""
    window = _big_window(make_window)
    dialog = SettingsDialog(window)
    dialog.show()
    QApplication.processEvents()
    dialog.batch.setValue(0)
    QApplication.processEvents()
    error = dialog.error
    assert "use a batch size of at most" in error.text()
    assert error.height() >= error.heightForWidth(error.width())
