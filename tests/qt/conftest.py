"""Fixtures for the GUI tests: offscreen Qt, a throwaway QSettings file, and
message boxes that answer at once (and record what they said)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from backprop_gui.core import load_preset  # noqa: E402


class Dialogs:
    """What the app said in message boxes, and what the 'user' answers."""

    def __init__(self):
        self.shown: list[tuple[str, str, str]] = []
        self.answer = QMessageBox.StandardButton.Discard

    def warning(self, parent, title, text, *args, **kwargs):
        self.shown.append(("warning", title, text))
        return QMessageBox.StandardButton.Ok

    def information(self, parent, title, text, *args, **kwargs):
        self.shown.append(("information", title, text))
        return QMessageBox.StandardButton.Ok

    def question(self, parent, title, text, *args, **kwargs):
        self.shown.append(("question", title, text))
        return self.answer


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    answers = Dialogs()
    for name in ("warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, getattr(answers, name))
    return answers


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch):
    """Autosaves go to a temporary folder, never the user's real data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("BACKPROP_GUI_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    from backprop_gui.qt.app import application
    from backprop_gui.qt.main_window import MainWindow

    application()

    def make(preset="mazur", session=None):
        window = MainWindow(session or load_preset(preset), settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window):
    return make_window()
