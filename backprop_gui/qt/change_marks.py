"""Dashed vertical lines on the plots against the update, where the samples
changed (an import or edit of the data, a new validation split): the losses and
accuracies on either side were measured on different samples. The debugger's
``data_changes`` says where; each line sits between the last update before the
change and the first after it. What changed is written above the plot, on an
axis of its own along the top (shown while there are marks), where it covers no
curve and no legend."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from . import colour_scheme


class ChangeMarks:
    def __init__(self, plot: pg.PlotWidget) -> None:
        self.plot = plot
        #: the lines drawn, one per change
        self.lines: list[pg.InfiniteLine] = []
        self._shown: list = []
        #: ``(x, text)`` of each label on the top axis
        self.ticks: list[tuple[float, str]] = []
        self._scheme = colour_scheme.current()
        self.axis = plot.getPlotItem().getAxis("top")
        self.axis.setStyle(tickLength=0)

    def show(self, changes: list) -> None:
        """Draw ``changes`` (``DataChange``s), replacing the lines drawn."""
        if changes == self._shown:
            return
        item = self.plot.getPlotItem()
        for line in self.lines:
            item.removeItem(line)
        self.lines = [self._line(change) for change in changes]
        for line in self.lines:
            item.addItem(line, ignoreBounds=True)
        self._shown = list(changes)
        self.ticks = [(c.step + 0.5, c.what) for c in changes]
        self.axis.setTicks([self.ticks, []])
        self.axis.setPen(self._scheme.plot_foreground)
        self.axis.setTextPen(self._scheme.plot_foreground)
        item.showAxis("top", bool(changes))

    def set_colours(self, scheme) -> None:
        self._scheme = scheme
        shown, self._shown = self._shown, []
        self.show(shown)

    def _line(self, change) -> pg.InfiniteLine:
        colour = pg.mkColor(self._scheme.plot_foreground)
        colour.setAlpha(150)
        line = pg.InfiniteLine(
            pos=change.step + 0.5,
            angle=90,
            movable=False,
            pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine),
        )
        line.setToolTip(
            f"After update {change.step:,}: {change.what}. The points on either "
            "side were measured on different samples."
        )
        return line
