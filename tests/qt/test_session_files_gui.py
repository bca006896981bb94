"""Sessions through the File menu: save, open, refused files, unsaved changes,
recent files and the window layout, and leftovers of interrupted writes."""

import json

from file_dialogs import patch_save_dialog
from processes import dead_pid
from PySide6.QtWidgets import QFileDialog, QMessageBox

from backprop_gui.core import load_preset, load_session


def test_save_and_open_session(qtbot, window, monkeypatch, tmp_path):
    window.controls.step.trigger()
    path = tmp_path / "mine.json"
    patch_save_dialog(monkeypatch, path)
    assert window.bridge.modified and window.isWindowModified()
    window.files.save_as.trigger()
    assert not window.bridge.modified and not window.isWindowModified()
    assert load_session(path).params.identical(window.debugger.trainer.params)
    assert str(path) in window.windowTitle()
    window.controls.step.trigger()
    window.files.open_preset("xor")
    assert window.debugger.session.name == "xor"
    assert window.param_model.rowCount() == 2 * 4 + 4 + 4 + 1
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.files.open.trigger()
    assert window.debugger.session.step == 1
    assert window.files.recent_files()[0] == str(path.resolve())


def test_bad_session_file_is_refused_and_changes_nothing(window, tmp_path, dialogs):
    window.controls.step.trigger()
    before = window.debugger.trainer.params.copy()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "backprop-gui-session", "version": 7}))
    assert not window.files.open_path(str(bad), ask=False)
    assert dialogs.shown[-1][1] == "Cannot open session"
    assert "version 7 is not supported" in dialogs.shown[-1][2]
    assert window.debugger.trainer.params.identical(before)
    assert window.debugger.session.name == "mazur"


def test_unsaved_changes_prompt_on_quit_and_open(qtbot, window, dialogs):
    window.controls.step.trigger()
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible()
    window.files.open_preset("xor")
    assert window.debugger.session.name == "mazur"  # cancelled
    assert [d[0] for d in dialogs.shown] == ["question", "question"]
    dialogs.answer = QMessageBox.StandardButton.Discard
    window.files.open_preset("xor")
    assert window.debugger.session.name == "xor"
    assert window.close()


def test_layout_and_recent_files_persist(qtbot, make_window, settings, tmp_path):
    window = make_window()
    window.docks["dataset"].hide()
    path = tmp_path / "s.json"
    window.files._save_to(str(path))
    window.close()
    again = make_window()
    assert not again.docks["dataset"].isVisible()
    assert again.files.recent_files() == [str(path.resolve())]
    assert [a.text() for a in again.files.recent_menu.actions()] == ["s.json"]


def test_preset_session_loads_from_the_command_line(qtbot, make_window, tmp_path):
    session = load_preset("single-sample")
    window = make_window(session=session)
    assert "0.3348" in window.debugger.session.description
    assert window.description.text().startswith("Seed 000")


def test_saving_removes_what_an_interrupted_write_left_and_says_so(
    window, monkeypatch, tmp_path
):
    path = tmp_path / "s.json"
    dead = dead_pid()
    leftover = tmp_path / f".s.json.{dead}-00000000.bpgtmp"
    leftover.write_text("half a session")
    patch_save_dialog(monkeypatch, path)
    window.files.save_as.trigger()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]
    assert "removed 1 temporary file(s) left beside s.json" in window.messages.text()


def test_an_error_wider_than_the_bar_leaves_the_window_idle(
    qtbot, make_window, monkeypatch, tmp_path
):
    """A refused file's path made an error wider than the whole status bar:
    the counters stepped aside, came back and stepped aside again, ~1,500
    times a second, for as long as the error stayed (review)."""
    from backprop_gui.qt.status_messages import StatusMessages

    calls = []
    keep = StatusMessages._keep_room
    monkeypatch.setattr(
        StatusMessages, "_keep_room", lambda self: (calls.append(1), keep(self))
    )
    window = make_window()  # (its status bar calls the counting _keep_room)
    window.resize(1024, 700)
    qtbot.wait(100)
    folder = tmp_path / "Neural networks course 2024-25" / "Week 3 - backpropagation"
    folder = folder / "Exercise 2 (two hidden layers)"
    folder.mkdir(parents=True)
    bad = folder / "mazur-after-ten-updates-with-momentum.json"
    bad.write_text(json.dumps({"format": "backprop-gui-session", "version": 7}))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    window.files.open.trigger()
    bar = window.statusBar()
    assert window.messages.error
    assert bar.fontMetrics().horizontalAdvance(bar.currentMessage()) > bar.width()
    calls.clear()
    qtbot.wait(500)
    assert len(calls) < 5, len(calls)


def test_counters_come_back_beside_an_error_when_the_window_widens(
    qtbot, make_window, monkeypatch
):
    """A refused edit in a narrow window stepped the counters aside; widened
    again while the error stayed, the window kept them hidden (trial)."""
    from backprop_gui.qt.param_rows import VALUE
    from backprop_gui.qt.status_messages import StatusMessages

    calls = []
    keep = StatusMessages._keep_room
    monkeypatch.setattr(
        StatusMessages, "_keep_room", lambda self: (calls.append(1), keep(self))
    )
    window = make_window("iris")
    window.resize(700, 520)
    qtbot.wait(50)
    model = window.param_model
    assert not model.setData(model.index(0, VALUE), "not a number")
    assert window.messages.error
    step = window.counters.step
    qtbot.waitUntil(lambda: not step.isVisible())
    window.resize(1400, 700)
    qtbot.waitUntil(lambda: step.isVisible())
    assert window.messages.error and window.counters.phase.isVisible()
    calls.clear()
    qtbot.wait(300)
    assert len(calls) < 5  # and then the window rests
