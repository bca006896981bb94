"""The Watches tab: pinned parameters or neurons, their values over the updates."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .change_marks import set_broken_curve
from .plot_style import RoundedRange, legend_above, show_legend, styled_plot

COLOURS = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777", "#0891b2"]


class WatchPlot(QWidget):
    def __init__(self, bridge, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.plot = styled_plot("value", "update")
        item = self.plot.getPlotItem()
        legend_above(self.plot)
        self.range = RoundedRange(item, y="fitted")
        self.curves: dict[tuple, pg.PlotDataItem] = {}
        self.list = QListWidget()
        self.list.setMaximumWidth(220)
        self.list.setToolTip(
            "Watch parameters from the table (Watch) or the graph "
            "(right-click a weight or neuron)"
        )
        self.remove = QPushButton("Stop watching")
        self.remove.setToolTip("Stop watching the selected parameter or neuron")
        self.remove.clicked.connect(lambda _checked=False: self.remove_selected())
        side = QVBoxLayout()
        side.addWidget(self.list)
        side.addWidget(self.remove)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addLayout(side)
        self.debugger = bridge.debugger
        bridge.sessionLoaded.connect(self.refresh)
        bridge.watchesChanged.connect(self.refresh)

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.debugger.remove_watch(self.debugger.watches.keys[row])

    def refresh(self) -> None:
        watches = self.debugger.watches
        item = self.plot.getPlotItem()
        for key in [k for k in self.curves if k not in watches.keys]:
            item.removeItem(self.curves.pop(key))
        item.legend.clear()
        self.list.clear()
        xs, ys = [], []
        for k, key in enumerate(watches.keys):
            name = self.debugger.session.spec.label(key)
            self.list.addItem(name)
            if key not in self.curves:
                pen = pg.mkPen(COLOURS[k % len(COLOURS)], width=2)
                self.curves[key] = item.plot(pen=pen)
            steps, values = watches.series(key)
            set_broken_curve(self.curves[key], steps, values, ())
            item.legend.addItem(self.curves[key], name)
            xs.append(steps)
            ys.append(values[np.isfinite(values)])
        show_legend(item.legend, bool(watches.keys))
        if xs:
            self.range.update(np.concatenate(xs), np.concatenate(ys))
