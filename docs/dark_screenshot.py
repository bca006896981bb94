"""Make docs/screenshots/dark-1920x1080.png: the window under a dark palette, as a
desktop in dark mode gives it (Xvfb has no desktop theme to switch).

    xvfb-run -s "-screen 0 1920x1080x24" python docs/dark_screenshot.py
"""

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from backprop_gui.core import load_preset
from backprop_gui.qt.app import application
from backprop_gui.qt.main_window import MainWindow

DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#333333",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#2563eb",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#333333",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
}


def main() -> None:
    os.environ.setdefault("BACKPROP_GUI_DATA_DIR", tempfile.mkdtemp())
    app = application()
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    settings = QSettings(
        str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(load_preset("spirals"), settings)
    window.resize(1920, 1080)
    window.show()
    for _ in range(5):
        window.controls.next_phase.trigger()
    window.runner.run_chunk(200)
    for _ in range(20):
        QApplication.processEvents()
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    window.grab().save(str(out / "dark-1920x1080.png"))
    window.bridge.set_modified(False)
    window.close()


if __name__ == "__main__":
    main()
