"""Input to the real window as a user gives it: a shortcut pressed on the
window, Train → Optimizer answered."""

from unittest import mock

from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from backprop_gui.qt.optimizer_dialog import OptimizerDialog


def press(window, keys):
    """A shortcut on the window, as a user presses it (window shortcuts need the
    window active, which Qt makes it asynchronously)."""
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000)
    QTest.keySequence(window, QKeySequence(keys))
    QApplication.processEvents()


def choose(window, name, **fields):
    """Ctrl+Shift+O, pick ``name``, type ``fields``, OK when it is enabled;
    returns whether OK was enabled and the error shown."""
    seen = {}

    def answer(dialog):
        form = dialog.form
        form.name.setCurrentIndex(form.name.findData(name))
        for field, text in fields.items():
            form.fields[field].setText(text)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen.update(ok=ok.isEnabled(), error=dialog.error.text())
        return int(ok.isEnabled())

    with mock.patch.object(OptimizerDialog, "exec", answer):
        press(window, "Ctrl+Shift+O")
    return seen
