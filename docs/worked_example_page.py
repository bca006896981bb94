"""Render page 1 of mazur's worked example (as File → Export worked example prints
it to PDF) to docs/screenshots/worked-example-mazur.png, for the README.

    QT_QPA_PLATFORM=offscreen python docs/worked_example_page.py
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter, QTextDocument
from PySide6.QtWidgets import QApplication

from backprop_gui.core import load_preset
from backprop_gui.core.debugger.worked_example import worked_example
from backprop_gui.core.io.worked_document import to_html

WIDTH, HEIGHT = 900, 1273  # A4's proportions


def main() -> None:
    app = QApplication.instance() or QApplication([])
    document = QTextDocument()
    document.setHtml(to_html(worked_example(load_preset("mazur"))))
    document.setPageSize(QSizeF(WIDTH - 80, HEIGHT - 80))
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.translate(40, 40)
    document.drawContents(painter, QRectF(0, 0, WIDTH - 80, HEIGHT - 80))
    painter.end()
    out = Path(__file__).parent / "screenshots" / "worked-example-mazur.png"
    image.save(str(out))
    print(out)
    del app


if __name__ == "__main__":
    main()
