"""Starting without a display, and the PySide6 6.12.0 None-refcount trap."""

import os
import subprocess
import sys

from backprop_gui.qt import launch


def test_no_display_gives_a_clear_message_and_exit_2(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "backprop_gui", "--preset", "mazur"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        "backprop-gui: error: no display: DISPLAY is not set"
    )
    assert "xvfb-run" in result.stderr and "Traceback" not in result.stderr
    assert "Aborted" not in result.stderr


def test_missing_xcb_libraries_are_named_with_their_packages(monkeypatch):
    monkeypatch.setattr(launch, "missing_xcb_libraries", lambda: ["libxcb-cursor.so.0"])
    problem = launch.display_problem({"DISPLAY": ":0"}, "linux")
    assert "libxcb-cursor.so.0" in problem
    assert "sudo apt install libxcb-cursor0" in problem


def test_unreachable_x_server(monkeypatch):
    monkeypatch.setattr(launch, "missing_xcb_libraries", lambda: [])
    problem = launch.display_problem({"DISPLAY": ":987"}, "linux")
    assert (
        problem == "cannot connect to the X display ':987' (is the X server running?)"
    )


def test_headless_platforms_and_other_systems_need_no_display():
    assert launch.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert launch.display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert launch.display_problem({}, "darwin") is None


def test_void_qt_calls_do_not_leak_references_to_none(qtbot):
    """PySide6 6.12.0 on Python < 3.12 drops a reference to None on every call of a
    method returning nothing, and Python aborts after some thousands of them."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for k in range(10_000):
        label.setText(str(k % 7))
    after = sys.getrefcount(None)
    assert after >= before, f"None lost {before - after} references"


def test_dependency_pin_avoids_pyside6_6_12_on_python_3_11():
    from importlib.metadata import requires, version

    pins = [r for r in requires("backprop-gui") if r.startswith("PySide6-Essentials")]
    assert any("<6.12" in r and 'python_version < "3.12"' in r for r in pins), pins
    if sys.version_info < (3, 12):
        assert tuple(int(p) for p in version("PySide6-Essentials").split(".")[:2]) < (
            6,
            12,
        )
