"""Every menu action and shortcut of the window, on every preset: nothing raises,
nothing warns, and the keys reach their actions."""

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
)

from backprop_gui.core import load_preset
from backprop_gui.core.io.presets import preset_names


@pytest.mark.parametrize("name", preset_names())
def test_every_menu_action_and_shortcut_on_every_preset(
    qtbot, make_window, monkeypatch, capfd, name
):
    """Trigger every action of every menu, then press every shortcut on the
    window: nothing raises, nothing warns. Dialogs answer Cancel."""
    monkeypatch.setattr(QDialog, "exec", lambda self: 0)
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", ""))
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", ""))
    )
    monkeypatch.setattr(
        QInputDialog, "getInt", staticmethod(lambda *a, **k: (0, False))
    )
    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda *a, **k: ("mse", True))
    )
    window = make_window(name)
    window.runner.run_chunk(3)
    skip = {"&Quit", "Open &preset", "Open &recent"}
    actions = []
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.isSeparator() or action.text() in skip or action.menu():
                continue
            actions.append(action)
    assert len(actions) >= 25
    for action in actions:
        action.trigger()
        QApplication.processEvents()
        if window.runner.running:
            window.controls.run.trigger()
    shortcuts = {
        key.toString()
        for action in actions
        for key in action.shortcuts()
        if key.toString() not in ("Ctrl+Q",)
    }
    assert {"F10", "F11", "F5", "Ctrl+Shift+G", "Ctrl+Z", "Ctrl+Shift+Z"} <= shortcuts
    pressed = set()
    window.debugger.events.subscribe(lambda e: pressed.add(e.phase or e.kind))
    for key in sorted(shortcuts):
        window.activateWindow()
        assert QTest.qWaitForWindowActive(window, 2000)
        QTest.keySequence(window, QKeySequence(key))
        QApplication.processEvents()
        if window.runner.running:
            window.controls.run.trigger()
    # the keys did reach their actions: phases ran (F10, F11), Ctrl+R reset
    assert {"forward", "backward", "update", "reset"} <= pressed
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Ambiguous shortcut" not in err
    assert load_preset(name).spec == window.debugger.session.spec
