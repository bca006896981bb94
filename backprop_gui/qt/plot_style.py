"""One look for every plot: white background, labelled axes, no context menu; and
auto-ranges rounded out to round numbers, so the axes stay put while a run adds
points (pyqtgraph lays out an axis again, ~2 ms, whenever its range moves)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent

from . import colour_scheme
from .change_marks import set_broken_curve

#: Qt's largest widget size (QWIDGETSIZE_MAX): no limit.
QWIDGETSIZE_MAX = 16777215


class DecadeAxis(pg.AxisItem):
    """On a log scale, label the decades and mark 2..9 x 10^k without labels.
    (pyqtgraph labels all of them when a plot spans few decades, and the labels
    next to each decade pile up on each other.)"""

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        low, high = math.floor(minVal), math.ceil(maxVal)
        decades = [float(v) for v in range(low, high + 1) if minVal <= v <= maxVal]
        minor = [
            v + math.log10(k)
            for v in range(low, high)
            for k in range(2, 10)
            if minVal < v + math.log10(k) < maxVal
        ]
        return [(1.0, decades), (None, minor)]


class WholeNumberAxis(pg.AxisItem):
    """An axis of update or sample numbers: ticks at whole numbers only
    (pyqtgraph puts them at 0.1, 0.2, ... while a run has one update, and at
    1.5, 2.5, ... for four samples)."""

    def tickSpacing(self, minVal, maxVal, size):
        levels = super().tickSpacing(minVal, maxVal, size)
        return [level for level in levels if level[0] >= 1] or [(1.0, 0.0)]


def styled_plot(left: str, bottom: str) -> pg.PlotWidget:
    """A plot with our look; a bottom axis of updates or samples gets ticks at
    whole numbers only."""
    axes = {"left": DecadeAxis("left")}
    if bottom in ("update", "sample"):
        axes["bottom"] = WholeNumberAxis("bottom")
    widget = pg.PlotWidget(axisItems=axes)
    style_plot_colours(widget, colour_scheme.current())
    item = widget.getPlotItem()
    # no grid: pyqtgraph's alpha-blended grid costs ~5 ms a paint, 10x the curve
    item.setLabel("left", left)
    item.setLabel("bottom", bottom)
    item.setMenuEnabled(False)
    for axis in ("left", "bottom"):
        item.getAxis(axis).enableAutoSIPrefix(False)
    widget.setMinimumHeight(160)
    return widget


class RowLegend(pg.LegendItem):
    """Entries side by side, in as many columns as fit the plot's width (six at
    most): four entries in one row cut a narrow or zoomed plot's legend and x
    axis off ("validation (" at 125% on 1024x700; trial). In two rows at most:
    twelve watches in one column left the data 1 px tall (review); past that
    the legend is cut sideways rather than the data squashed."""

    MAX_COLUMNS = 6
    MAX_ROWS = 2
    _room: float | None = None  # pixels for a row of entries (None: any)

    def follow_width_of(self, plot: pg.PlotWidget) -> None:
        plot.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            # the plot's width, but the value axis on the left
            self._room = event.size().width() - 70
            self._fit()
        return False

    def addItem(self, item, name) -> None:
        super().addItem(item, name)
        self._fit()

    def removeItem(self, item) -> None:
        super().removeItem(item)
        self._fit()

    def _fit(self) -> None:
        if not self.items:
            return
        widest = max(  # the text's own width (a laid-out label has its column's)
            sample.boundingRect().width() + label.item.boundingRect().width()
            for sample, label in self.items
        )
        per_entry = widest + 2 * self.layout.horizontalSpacing() + 8
        fit = self.MAX_COLUMNS if self._room is None else int(self._room // per_entry)
        fewest = math.ceil(len(self.items) / self.MAX_ROWS)
        self.setColumnCount(max(1, fewest, min(self.MAX_COLUMNS, fit)))


def legend_above(plot: pg.PlotWidget) -> pg.LegendItem:
    """A legend in a row of its own above the data (where a title would go),
    its entries side by side: it never covers a curve or its newest points,
    and an exported picture of the plot has it. Curves plotted with a ``name``
    join it (as with pyqtgraph's ``addLegend``)."""
    item = plot.getPlotItem()
    legend = RowLegend(colCount=RowLegend.MAX_COLUMNS, verSpacing=-6, horSpacing=14)
    legend.follow_width_of(plot)
    legend.layout.setContentsMargins(0, 0, 0, 0)
    item.layout.removeItem(item.titleLabel)  # our plots have no titles
    item.titleLabel.setVisible(False)
    # room above the top number of the value axis (the title row gave it)
    left, _, right, bottom = item.layout.getContentsMargins()
    item.layout.setContentsMargins(left, 8, right, bottom)
    item.layout.addItem(legend, 0, 1)
    item.legend = legend
    return legend


def show_legend(legend: pg.LegendItem, on: bool) -> None:
    """Show or hide a :func:`legend_above`; hidden, its row takes no room."""
    legend.setVisible(on)
    legend.setMaximumHeight(QWIDGETSIZE_MAX if on else 0)


def round_up(x: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is >= ``x`` (> 0)."""
    power = 10.0 ** math.floor(math.log10(x))
    for step in (1.0, 2.0, 5.0):
        if step * power >= x * (1 - 1e-12):
            return step * power
    return 10.0 * power


def _rounded(lo: float, hi: float) -> tuple[float, float]:
    if lo >= 0:  # 0 .. a round number
        return 0.0, round_up(hi) if hi > 0 else 1.0
    if hi <= 0:
        return -round_up(-lo), 0.0
    return -round_up(-lo), round_up(hi)


class RoundedRange:
    """Ranges a plot to its data's bounds rounded out to round numbers (whole
    decades on a log axis), in place of pyqtgraph's auto-range, which moves by a
    fraction of a pixel on every new point (it pads by the pen width, measured in
    a scale that the range itself sets) and so lays the axes out every time.
    Every plot against the update rounds its x range so, and the tabs agree.

    The range changes only when the data crosses one of those numbers. Zooming or
    panning by hand leaves the range to the user until the plot's "A" button is
    pressed. ``update(xs, ys)`` takes the plotted data (positive ``ys`` on a log
    axis). ``y`` is "rounded" (as x), "fitted" (pyqtgraph's auto-range: a
    watched weight's small changes fill the plot) or a fixed range (accuracy's
    0-100%)."""

    def __init__(
        self, plot_item: pg.PlotItem, y: str | tuple[float, float] = "rounded"
    ) -> None:
        self._plot_item = plot_item
        self._y = y
        self._view = plot_item.getViewBox()
        self._view.disableAutoRange()
        self._first_range()
        if y == "fitted":
            self._view.enableAutoRange(axis=pg.ViewBox.YAxis)
        self._view.sigRangeChangedManually.connect(self._by_hand)
        self._manual = False
        self._bounds: tuple | None = None

    def _by_hand(self, *_) -> None:
        self._manual = True

    def _first_range(self) -> None:
        """The range without data: 0..1 (y fixed, or fitted by pyqtgraph)."""
        if self._y == "fitted":
            self._view.setXRange(0, 1, padding=0.02)
            return
        y_range = self._y if isinstance(self._y, tuple) else (0, 1)
        self._view.setRange(xRange=(0, 1), yRange=y_range, padding=0.02)

    def update(self, xs: np.ndarray, ys: np.ndarray) -> None:
        if self._view.autoRangeEnabled()[0]:  # "A" pressed: ours again
            self._view.disableAutoRange(
                axis=pg.ViewBox.XAxis if self._y == "fitted" else None
            )
            self._manual, self._bounds = False, None
        if not len(xs) or not len(ys):  # no data (after Reset, say): as at first
            if self._bounds is not None or self._manual:
                self._bounds, self._manual = None, False
                self._first_range()
            return
        if self._manual:
            return
        x_range = _rounded(0.0, max(float(xs.max()), 1.0))
        if self._y == "fitted":
            if x_range != self._bounds:
                self._bounds = x_range
                self._view.setXRange(*x_range, padding=0.02)
            return
        y_lo, y_hi = float(ys.min()), float(ys.max())
        log = self._plot_item.ctrl.logYCheck.isChecked()
        if isinstance(self._y, tuple):
            y_range = self._y
        elif not log:
            y_range = _rounded(y_lo, y_hi)
        elif y_lo > 0:  # the axis shows log10 of the values
            y_range = math.floor(math.log10(y_lo)), math.ceil(math.log10(y_hi))
        else:
            return
        if (x_range, y_range, log) != self._bounds:
            self._bounds = x_range, y_range, log
            self._view.setRange(xRange=x_range, yRange=y_range, padding=0.02)


def style_plot_text(plot: pg.PlotWidget, font) -> None:
    """Axis numbers, axis labels and the legend of ``plot`` in ``font``."""
    item = plot.getPlotItem()
    size = f"{font.pointSizeF():.1f}pt"
    item.getAxis("top").setStyle(tickFont=font)  # where changes are labelled
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setStyle(tickFont=font)
        axis.setLabel(axis.labelText, units=axis.labelUnits, **{"font-size": size})
    if item.legend is not None:
        # rebuilt rather than restyled: the legend's grid keeps the row heights
        # of a larger text otherwise (after View → Presentation, say)
        legend = item.legend
        legend.setLabelTextSize(size)
        entries = [(sample.item, label.text) for sample, label in legend.items]
        legend.clear()
        for curve, name in entries:
            legend.addItem(curve, name)


def style_plot_colours(plot: pg.PlotWidget, scheme) -> None:
    """Background, axes and their text in the light or dark scheme."""
    plot.setBackground(scheme.plot_background)
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(scheme.plot_foreground)
        axis.setTextPen(scheme.plot_foreground)
        axis.setLabel(
            axis.labelText,
            units=axis.labelUnits,
            color=scheme.plot_foreground.name(),
            **{k: v for k, v in axis.labelStyle.items() if k != "color"},
        )
    if item.legend is not None:
        item.legend.setLabelTextColor(scheme.plot_foreground)
        if item.legend.parentItem() is item.vb:  # over the data (not above it)
            # a box behind the entries: readable over a coloured plot
            background = pg.mkColor(scheme.plot_background)
            background.setAlpha(215)
            item.legend.setBrush(pg.mkBrush(background))
            item.legend.setPen(pg.mkPen(scheme.plot_foreground, width=0.5))
        for _sample, label in item.legend.items:
            label.setText(label.text, color=scheme.plot_foreground.name())


VALIDATION = "#9333ea"


def add_validation_curve(plot: pg.PlotWidget, name: str) -> pg.PlotDataItem:
    """The purple curve of validation scores (the Loss and Accuracy plots)."""
    return plot.plot(pen=pg.mkPen(VALIDATION, width=2), name=name)


def set_validation_data(curve: pg.PlotDataItem, steps, values, changes=()) -> None:
    """Draw the finite ``values``, their points as triangles while there are
    few; no segment across a change of the samples (see :mod:`.change_marks`)."""
    set_broken_curve(curve, steps, values, list(changes), symbol="t")
