"""Dashed vertical lines on the plots against the update, where the samples
changed (an import or edit of the data, a new validation split): the losses and
accuracies on either side were measured on different samples, so the curves
break there too. The debugger's ``data_changes`` says where; each line sits
between the last update before the change and the first after it.

What changed is written above the plot, on an axis of its own along the top
(shown while there are marks), where it covers no curve and no legend. A label
that would run into the one before it is left out (its line's tooltip says what
changed); labels are placed again when the plot is zoomed, panned or resized.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from . import colour_scheme

#: Pixels between two labels on the top axis, at least.
LABEL_GAP = 12


def connections(steps: np.ndarray, changes: list):
    """pyqtgraph's ``connect`` for a curve through ``steps``: no segment across
    a change (its two ends were measured on different samples)."""
    if not changes or len(steps) < 2:
        return "all"
    marks = np.sort([c.position for c in changes])
    before = np.searchsorted(marks, steps)  # marks left of each point
    connect = np.ones(len(steps), dtype=bool)
    connect[:-1] = before[1:] == before[:-1]
    return connect


#: Up to this many points a curve shows its points too: the point of a single
#: update is otherwise invisible (a line needs two).
FEW_POINTS = 40


def set_broken_curve(
    curve, steps: np.ndarray, values: np.ndarray, changes, symbol: str = "o"
):
    """``curve`` through the finite ``values``, broken at ``changes``; its
    points marked with ``symbol`` in the curve's colour while there are few."""
    keep = np.isfinite(values)
    kept = steps[keep]
    few = len(kept) <= FEW_POINTS
    curve.setData(
        kept,
        values[keep],
        connect=connections(kept, changes),
        symbol=symbol if few else None,
        symbolSize=6,
        symbolPen=None,
        symbolBrush=pg.mkPen(curve.opts["pen"]).color(),
    )


class ChangeMarks:
    def __init__(self, plot: pg.PlotWidget) -> None:
        self.plot = plot
        #: the lines drawn, one per change
        self.lines: list[pg.InfiniteLine] = []
        self.changes: list = []
        #: ``(x, text)`` of each label on the top axis (see the module docstring)
        self.ticks: list[tuple[float, str]] = []
        self._scheme = colour_scheme.current()
        item = plot.getPlotItem()
        self.axis = item.getAxis("top")
        self.axis.setStyle(tickLength=0)
        view = item.getViewBox()
        view.sigXRangeChanged.connect(self.place_labels)
        view.sigResized.connect(self.place_labels)

    def positions(self) -> np.ndarray:
        """Where the lines are (for the plot's range)."""
        return np.array([c.position for c in self.changes])

    def show(self, changes: list) -> None:
        """Draw ``changes`` (``DataChange``s), replacing the lines drawn."""
        if changes == self.changes:
            return
        item = self.plot.getPlotItem()
        for line in self.lines:
            item.removeItem(line)
        self.lines = [self._line(change) for change in changes]
        for line in self.lines:
            item.addItem(line, ignoreBounds=True)
        self.changes = list(changes)
        self.axis.setPen(self._scheme.plot_foreground)
        self.axis.setTextPen(self._scheme.plot_foreground)
        item.showAxis("top", bool(changes))
        self.place_labels()

    def set_colours(self, scheme) -> None:
        self._scheme = scheme
        shown, self.changes = self.changes, []
        self.show(shown)

    def place_labels(self, *_) -> None:
        """The labels that fit side by side, left to right (again after a zoom,
        pan, resize or a new font)."""
        if not self.changes and not self.ticks:
            return  # nothing to place (the usual case, at every range change)
        font = self.axis.style.get("tickFont") or QFont(self.plot.font())
        metrics = QFontMetrics(font)
        # room for the whole text: pyqtgraph's own estimate clips the tops of
        # tall letters when the axis has no tick marks
        if self.axis.fixedHeight != metrics.height() + 8:
            self.axis.setHeight(metrics.height() + 8)
        view = self.plot.getPlotItem().getViewBox()
        (low, high), width = view.viewRange()[0], view.width()
        scale = width / (high - low) if high > low else 0.0
        ticks, right = [], -np.inf
        for change in self.changes:
            x = change.position
            half = metrics.horizontalAdvance(change.what) / 2
            centre = (x - low) * scale
            if centre - half >= right + LABEL_GAP:
                ticks.append((x, change.what))
                right = centre + half
        self.ticks = ticks
        self.axis.setTicks([ticks, []])

    def _line(self, change) -> pg.InfiniteLine:
        colour = pg.mkColor(self._scheme.plot_foreground)
        colour.setAlpha(150)
        line = pg.InfiniteLine(
            pos=change.position,
            angle=90,
            movable=False,
            pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine),
        )
        line.setToolTip(
            f"After update {change.step:,}: {change.what}. The points on either "
            "side were measured on different samples."
        )
        return line
