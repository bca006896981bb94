"""Autosave and recovery after a crash: the app process is killed after an edit,
started again, and the recovered session is compared bitwise."""

import json
import os
import subprocess
import sys
import textwrap

import pytest
from processes import dead_pid
from PySide6.QtWidgets import QMessageBox

from backprop_gui.core import Trainer, load_preset, load_session

CRASHING_APP = textwrap.dedent(
    """
    import os, signal, sys, time
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from backprop_gui.core import load_preset
    from backprop_gui.qt.app import application
    from backprop_gui.qt.main_window import MainWindow

    app = application()
    settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
    settings.setValue("autosave/seconds", 0.1)
    window = MainWindow(load_preset("mazur"), settings)
    window.show()
    window.controls.step.trigger()
    model = window.param_model
    model.setData(model.index(5, 4), "0.123456789")
    autosave = window.autosaver.path
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if autosave.exists() and time.time() - autosave.stat().st_mtime > 0.3:
            break
        time.sleep(0.02)
    print("autosaved", autosave, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # a crash: no clean shutdown at all
    """
)


def test_killed_app_is_recovered_bitwise(make_window, data_folder, tmp_path, dialogs):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_APP, str(tmp_path / "crash.ini")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,  # not the source tree: the installed package must be used
    )
    assert result.returncode == -9, result.stderr
    assert "autosaved" in result.stdout
    expected = Trainer(load_preset("mazur"))
    expected.step_update()
    expected.set_weight(1, 0, 0, 0.123456789)

    dialogs.answer = QMessageBox.StandardButton.Yes
    window = make_window()  # the next start, on the default preset
    assert window.offer_recovery()
    assert dialogs.shown[-1][1] == "Recover unsaved work?"
    recovered = window.debugger.trainer
    assert recovered.params.identical(expected.params)
    assert recovered.step == 1 and window.bridge.modified
    # the recovered session trains on exactly as the original would have
    recovered.step_update()
    expected.step_update()
    assert recovered.params.identical(expected.params)


def test_clean_quit_removes_the_autosave_and_declining_discards_it(
    make_window, data_folder, dialogs
):
    window = make_window()
    window.controls.step.trigger()
    assert window.autosaver.save_now()
    assert not window.autosaver.save_now()  # nothing new since
    path = window.autosaver.path
    assert load_session(path).step == 1
    window.close()
    assert not path.exists()
    assert list(data_folder.iterdir()) == []  # the lock is gone too

    window = make_window()
    window.controls.step.trigger()
    window.autosaver.save_now()
    window.autosaver.lock.unlock()  # as if its process had died
    dialogs.answer = QMessageBox.StandardButton.No
    again = make_window()
    assert not again.offer_recovery()
    assert not window.autosaver.path.exists()
    assert again.debugger.session.step == 0


def test_a_running_instance_keeps_its_autosave_from_another(
    make_window, data_folder, dialogs
):
    first = make_window()
    first.controls.step.trigger()
    assert first.autosaver.save_now()
    second = make_window()
    assert not second.offer_recovery()  # not offered: its owner is running
    assert dialogs.shown == []
    second.close()  # a clean quit removes only its own autosave
    assert first.autosaver.path.exists()
    assert load_session(first.autosaver.path).step == 1


@pytest.mark.parametrize(
    "content", ["{broken", "newer version", "folder", "[" * 5000 + "]" * 5000]
)
def test_an_unreadable_autosave_is_moved_aside_and_the_user_told(
    make_window, data_folder, dialogs, content
):
    data_folder.mkdir(parents=True, exist_ok=True)
    legacy = data_folder / "autosave.json"
    if content == "folder":
        legacy.mkdir()
    elif content == "newer version":
        saved = make_window().debugger.session
        from backprop_gui.core.io.session_file import session_to_dict

        data = session_to_dict(saved)
        data["version"] = 99
        legacy.write_text(json.dumps(data))
    else:
        legacy.write_text(content)
    window = make_window()
    assert not window.offer_recovery()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("warning", "Autosave not recovered")
    moved = [p for p in data_folder.iterdir() if "unreadable" in p.name]
    assert len(moved) == 1 and str(moved[0]) in text
    assert not legacy.exists()
    if content == "newer version":
        assert "version 99 is not supported" in text
        assert json.loads(moved[0].read_text())["version"] == 99
    window.close()  # and quitting afterwards raises nothing
    assert make_window().offer_recovery() is False  # not offered again


def test_unsaved_work_only(make_window, data_folder):
    window = make_window()
    assert not window.autosaver.save_now()  # nothing unsaved: nothing written
    assert not window.autosaver.path.exists()


def test_a_recovered_autosave_stays_until_its_copy_is_written(
    make_window, data_folder, dialogs, monkeypatch
):
    """Found in review: the old autosave was removed even when this instance
    could not write its own copy of the recovered work."""
    window = make_window()
    window.controls.step.trigger()
    assert window.autosaver.save_now()
    window.autosaver.lock.unlock()  # as if its process had died
    old = window.autosaver.path
    dialogs.answer = QMessageBox.StandardButton.Yes
    again = make_window()

    def full_disk(path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(again.debugger, "save", full_disk)
    assert again.offer_recovery()
    assert again.debugger.session.step == 1
    assert old.exists()  # the only copy on disk of the recovered work
    assert "Autosave failed: No space left on device" in again.messages.text()


def test_leftovers_of_an_instance_killed_during_its_first_autosave(
    make_window, data_folder
):
    dead = dead_pid()
    data_folder.mkdir(parents=True, exist_ok=True)
    lock = data_folder / f"autosave-{dead}-abcdef.lock"
    lock.write_text(f"{dead}\nbackprop-gui\n{os.uname().nodename}\n")
    temp = data_folder / f".autosave-{dead}-abcdef.json.{dead}-0000abcd.bpgtmp"
    temp.write_text("half an autosave")
    window = make_window()
    assert not window.offer_recovery()
    assert not temp.exists() and not lock.exists()
