"""Create the QApplication and the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from ..core.io.presets import load_preset
from ..core.io.session_file import SessionFileError, load_session

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
    window.offer_recovery()
    if os.environ.get("BACKPROP_GUI_EXIT_AFTER_SHOW"):
        # start-up benchmark (bench/run.py): paint the first frame, then quit
        QTimer.singleShot(0, lambda: (window.repaint(), app.quit()))
    return app.exec()
