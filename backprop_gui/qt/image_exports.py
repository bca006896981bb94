"""File → Export plot image and Export graph image: pictures for slides.

PNG images are drawn at a chosen width (by default at least ``SLIDE_WIDTH``
pixels, or the on-screen size times the screen's pixel ratio if that is larger),
with text and lines drawn at that size rather than an enlarged screenshot. SVG
keeps the on-screen size: it scales without loss. Every image is read back before
it replaces a file (:func:`image_complete`), so a full disk cannot leave half a
picture.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QRegion
from PySide6.QtWidgets import QGraphicsView, QWidget

#: The default width of an exported PNG: sharp on a 1080p projector.
SLIDE_WIDTH = 1600


def default_width(widget: QWidget) -> int:
    return max(SLIDE_WIDTH, round(widget.width() * widget.devicePixelRatioF()))


def export_plot(plot, path: str, width: int) -> bool:
    """The pyqtgraph ``plot`` as PNG ``width`` pixels wide, or SVG."""
    if path.lower().endswith(".svg"):
        return _svg(plot, path)
    from pyqtgraph import exporters

    exporter = exporters.ImageExporter(plot.getPlotItem())
    exporter.parameters()["width"] = int(width)
    return bool(exporter.export(path))


def export_widget(widget: QWidget, path: str, width: int) -> bool:
    """Any widget (the network graph) as PNG ``width`` pixels wide, or SVG: its
    own painting at that scale, so text stays sharp."""
    if path.lower().endswith(".svg"):
        return _svg(widget, path)
    scale = width / max(1, widget.width())
    image = QImage(
        QSize(int(width), max(1, round(widget.height() * scale))),
        QImage.Format.Format_ARGB32,
    )
    image.fill(QColor(widget.palette().window().color()))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(scale, scale)
    _render(widget, painter)
    painter.end()
    return image.save(path, "PNG")


def _svg(widget: QWidget, path: str) -> bool:
    """Drawn with Qt's QSvgGenerator: pyqtgraph's own SVG exporter fails on the
    path format of recent Qt releases (pyqtgraph issue 3485)."""
    from PySide6.QtSvg import QSvgGenerator

    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(QSize(widget.width(), widget.height()))
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle("backprop-gui")
    painter = QPainter(generator)
    _render(widget, painter)
    return painter.end()


def _render(widget: QWidget, painter: QPainter) -> None:
    if isinstance(widget, QGraphicsView):  # a plot: the scene at the view's size
        widget.render(painter)
        return
    flags = QWidget.RenderFlag.DrawChildren | QWidget.RenderFlag.DrawWindowBackground
    widget.render(painter, QPoint(0, 0), QRegion(), flags)


def image_complete(path: str) -> bool:
    """Whether the image file at ``path`` reads back whole: a PNG decodes, an SVG
    parses as XML to its closing tag (a full disk truncates either)."""
    if path.lower().endswith(".svg"):
        import xml.etree.ElementTree as ElementTree

        try:
            ElementTree.parse(path)
        except (ElementTree.ParseError, OSError):
            return False
        return True
    image = QImageReader(path).read()
    return not image.isNull()
