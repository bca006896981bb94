"""Real-window check: open the app on a real display (e.g. under xvfb-run), step the
mazur preset through one whole update phase by phase, and save a screenshot of the
window.

    xvfb-run -a -s "-screen 0 1440x900x24" python tools/real_window_check.py OUT.png

Exits non-zero if the window did not appear on a real (non-offscreen) platform, if
the numbers shown differ from seed 004, or if the screenshot is blank.
"""

from __future__ import annotations

import os
import sys
import tempfile

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication

from backprop_gui.core import load_preset
from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.qt.app import application
from backprop_gui.qt.main_window import MainWindow


def main(out: str) -> int:
    os.environ["BACKPROP_GUI_DATA_DIR"] = tempfile.mkdtemp()  # no autosave in home
    app = application()
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        print("real_window_check: needs a real display, not offscreen", file=sys.stderr)
        return 1
    settings = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "backprop-gui-check"
    )
    settings.clear()
    window = MainWindow(load_preset("mazur"), settings)
    window.resize(1400, 860)
    window.show()
    result = {"code": 1}

    def step_and_shoot() -> None:
        for _ in range(3):
            window.controls.next_phase.trigger()
        window.parameters.select_parameter(ParameterKey.weight(1, 0, 0))
        QTimer.singleShot(600, shoot)

    def shoot() -> None:
        shown = window.param_model.index(5, 4).data()
        image = window.grab().toImage()
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 37)
            for y in range(0, image.height(), 29)
        }
        ok = window.isVisible() and shown == "0.358916479718" and len(colours) > 20
        if image.save(out) and ok:
            result["code"] = 0
        print(
            f"real_window_check: platform {QGuiApplication.platformName()}, "
            f"w5 after one update {shown}, {len(colours)} colours, saved {out}"
        )
        window.bridge.set_modified(False)
        window.close()
        app.quit()

    QTimer.singleShot(800, step_and_shoot)
    QTimer.singleShot(20_000, app.quit)  # never hang CI
    app.exec()
    return result["code"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshot.png"))
