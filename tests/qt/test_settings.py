"""Train → Settings: batching (undoable), rewind budget and autosave (persisted)."""

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
