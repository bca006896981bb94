"""The graph's edges: blue for +, orange for −, wider and stronger with the
magnitude, the selected one haloed, labelled when there are few.

Edges are drawn by strength, weakest first: strengths are rounded to ``LEVELS``
steps (0.14 px of width, 2.4% of shade: not visible) and each step of each sign
is one ``drawLines`` call with one pen, instead of a pen and a call per edge from
Python (the 240 edges of a 64-32-10 graph: ~14 ms a repaint, ~6 ms this way, most
of it Qt's antialiasing).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from .formatting import fmt
from .network_captions import PHASE_COLOURS
from .network_layout import Layout, edge_label_boxes
from .table_cells import STALE

POSITIVE = QColor(37, 99, 235)  # blue
NEGATIVE = QColor(234, 88, 12)  # orange
SELECTION = QColor(250, 204, 21, 170)
#: Strengths drawn (0 to 1 in this many steps).
LEVELS = 32
#: While a run is under way, and for a moment after each change of the numbers,
#: graphs with more edges than this are drawn without antialiasing: 3 ms instead
#: of 8-11 for 240 edges. A run then computes 80% of the time rather than 70%,
#: and a Step's new numbers are on screen that much sooner; the graph is drawn
#: smooth again once the numbers have stood still for ``SETTLE_MS``
#: (bench/RESULTS.md).
ROUGH_WHILE_RUNNING = 60
#: Milliseconds the numbers stand still before a large graph is drawn smooth.
SETTLE_MS = 150


def faded(colour: QColor, opacity: float, background: QColor) -> QColor:
    """``colour`` at ``opacity`` over ``background``, as an opaque colour: Qt's
    raster engine draws antialiased lines ~7x faster opaque than translucent (50 ms
    against 7 ms for the 240 edges of a 784-128-10 graph)."""
    return QColor.fromRgbF(
        *(
            b + (c - b) * opacity
            for c, b in zip(colour.getRgbF()[:3], background.getRgbF()[:3])
        )
    )


#: The group of values that are not finite: drawn last, on top of the others.
NOT_FINITE = 2 * LEVELS


def edge_keys(values: np.ndarray, biggest: float) -> np.ndarray:
    """Each value's pen: ``2·level + negative``, its strength relative to
    ``biggest`` rounded to one of LEVELS steps, or NOT_FINITE."""
    finite = np.isfinite(values)
    sizes = np.abs(np.where(finite, values, 0.0))
    level = np.rint(np.minimum(1.0, sizes / biggest) * (LEVELS - 1)).astype(int)
    return np.where(finite, 2 * level + (values < 0), NOT_FINITE)


def key_pen(key: int, background: QColor, text: QColor, presenting: bool) -> QPen:
    """Blue for +, orange for −, wider and stronger with the magnitude; a value
    that is not finite is not a sign or a size: a dashed line in the text
    colour. ``presenting``: wider, and the faintest lines stronger, for a
    washed-out projector."""
    scale = 1.6 if presenting else 1.0
    if key == NOT_FINITE:
        pen = QPen(text, 1.6 * scale)
        pen.setStyle(Qt.PenStyle.DashLine)
        return pen
    level, negative = divmod(key, 2)
    strength = level / (LEVELS - 1)
    opacity = (0.55 + 0.45 * strength) if presenting else 0.25 + 0.75 * strength
    colour = faded(NEGATIVE if negative else POSITIVE, opacity, background)
    return QPen(colour, (0.6 + 4.4 * strength) * scale)


def edge_pen(
    value: float,
    biggest: float,
    background: QColor,
    text: QColor,
    presenting: bool = False,
) -> QPen:
    """The pen an edge of ``value`` is drawn with, when the largest finite value
    drawn is ``biggest`` (see :func:`key_pen`)."""
    key = int(edge_keys(np.array([value], float), biggest)[0])
    return key_pen(key, background, text, presenting)


def edge_groups(values: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """The edges (positions in ``values``) drawn with one pen, weakest first:
    ``(key, positions)`` (see :func:`edge_keys`); values that are not finite
    last (dashed: after a divergence they are what matters)."""
    finite = np.isfinite(values)
    biggest = float(np.abs(values[finite]).max(initial=0.0)) or 1.0
    keys = edge_keys(values, biggest)
    order = np.argsort(keys, kind="stable")
    starts = np.flatnonzero(np.diff(keys[order], prepend=-2))
    return [
        (int(keys[order[s]]), order[s:e])
        for s, e in zip(starts, [*starts[1:], len(order)])
    ]


def draw_edges(view, painter: QPainter, layout: Layout) -> None:
    """Draw ``layout``'s edges for the NetworkView ``view``."""
    if not layout.edges:
        return
    centres, edges = layout.centres, layout.edges
    font = QFont(view.font())  # the labels' (and the neurons' numbers') size
    font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
    painter.setFont(font)
    background = view.palette().base().color()
    text = view.palette().text().color()
    selected = view.selected
    if selected is not None and selected[0] == "W":  # a ParameterKey is a tuple
        l, i, j = selected[1:]
        if any(edge[:3] == (l, i, j) for edge in edges):  # a drawn edge only
            painter.setPen(
                QPen(SELECTION, 10, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            )
            painter.drawLine(centres[(l, i)], centres[(l + 1, j)])
    values = np.fromiter((e[3] for e in edges), float, len(edges))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth_edges(view, layout))
    pens = _pens(background, text, view.presenting)
    for key, positions in edge_groups(values):
        pen = pens.get(key)
        if pen is None:
            pen = pens[key] = key_pen(key, background, text, view.presenting)
        painter.setPen(pen)
        painter.drawLines(
            [
                QLineF(centres[(l, i)], centres[(l + 1, j)])
                for l, i, j, _ in (edges[p] for p in positions)
            ]
        )
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # labels stay readable up to about 6 edges between two layers (the seed
    # presets); beyond that they collide, and hovering shows every value
    if max(layout.edge_totals, default=0) <= 6:
        _draw_labels(view, painter, layout)


_PENS: dict = {}


def _pens(background: QColor, text: QColor, presenting: bool) -> dict:
    """The pens already made for these colours, by key (a digits graph uses
    ~45 of the 65 at every repaint; making each again cost ~1 ms of it)."""
    colours = (background.rgba(), text.rgba(), presenting)
    if colours not in _PENS:
        _PENS.clear()  # another colour scheme or mode: the old ones go
        _PENS[colours] = {}
    return _PENS[colours]


def smooth_edges(view, layout: Layout) -> bool:
    """Whether edges are drawn antialiased: always, except for a graph of more
    than ROUGH_WHILE_RUNNING edges while a run is under way (its pictures last a
    tenth of a second; Pause draws the graph smooth again) or while its numbers
    have just changed (``view.settling``: SETTLE_MS after a Step, an edit, a
    rewind; Step held down stays rough until it is let go); an exported
    picture is always smooth (``view.exporting``)."""
    busy = (view.running or view.settling) and not view.exporting
    return not (busy and len(layout.edges) > ROUGH_WHILE_RUNNING)


def _draw_labels(view, painter: QPainter, layout: Layout) -> None:
    boxes = label_boxes(view, layout, painter.fontMetrics())
    text, fill = label_colours(view)
    painter.setPen(text)
    for l, i, j, value in layout.edges:
        box = boxes.get((l, i, j))
        if box is not None:
            painter.fillRect(box, fill)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, fmt(value, 4))


def label_colours(view) -> tuple[QColor, QColor]:
    """``(text, box)`` colours of the edge labels: the update's colour behind
    weights it just changed; grey text for gradients of a backward pass made
    stale since (by an update or an edit)."""
    trainer = view.bridge.debugger.trainer
    gradients = view.edges_show_gradients()
    base = view.palette().base().color()
    if trainer.last_phase == "update" and not gradients:
        return view.palette().text().color(), faded(
            QColor(PHASE_COLOURS["update"]), 0.27, base
        )
    stale = gradients and not trainer.backward_valid
    return (STALE if stale else view.palette().text().color()), base


def label_boxes(view, layout: Layout, metrics) -> dict[tuple, QRectF]:
    """See :func:`network_layout.edge_label_boxes` (for the label font)."""
    height = metrics.height() + 2
    sizes = {
        (l, i, j): (metrics.horizontalAdvance(fmt(value, 4)) + 6, height)
        for l, i, j, value in layout.edges
    }
    return edge_label_boxes(layout, sizes, view.fontMetrics().height())
