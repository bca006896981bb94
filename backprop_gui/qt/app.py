"""Create the QApplication and the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ..core.presets import load_preset
from ..core.session_io import SessionFileError, load_session

DEFAULT_PRESET = "mazur"


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("backprop-gui")
    QCoreApplication.setApplicationName("backprop-gui")
    return app


def run_app(preset: str | None = None, session_path: str | None = None) -> int:
    try:
        if session_path:
            session = load_session(session_path)
        else:
            session = load_preset(preset or DEFAULT_PRESET)
    except (SessionFileError, ValueError) as exc:
        print(f"backprop-gui: error: {exc}", file=sys.stderr)
        return 2
    app = application()
    from .main_window import MainWindow

    window = MainWindow(session)
    if session_path:
        window.files.opened_from(session_path)
    window.show()
    return app.exec()
