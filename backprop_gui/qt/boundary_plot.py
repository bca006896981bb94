"""Decision boundary: the network's output over the input plane, samples on top.

Only for networks with two inputs. The grid comes from the core (a forward pass on
a grid); redraws follow the bridge's throttled ``stateChanged`` and happen only
while the tab is visible.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from ..core.engine.classes import class_name
from . import colour_scheme
from .plot_style import style_plot_colours, styled_plot

RESOLUTION = 80
#: Sample colours by class, and the light tints the regions use.
PALETTE = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777"]
TINTS = ["#bfdbfe", "#fed7aa", "#bbf7d0", "#e9d5ff", "#fbcfe8"]


def sample_groups(targets: np.ndarray, classes) -> tuple[np.ndarray, list[str]]:
    """Each sample's colour (an index into PALETTE) and what each colour means:
    the class names; for one output, its target at most or above 0.5 (0 and 1
    when the targets are only those); for several, which target is largest (its
    output name, as the dataset's columns say: y1, y2, ...)."""
    if targets.shape[1] > 1:
        groups = targets.argmax(axis=1)
        if classes is not None:
            return groups, [class_name(name) for name in classes]
        one_hot = np.isin(targets, (0.0, 1.0)).all() and (targets.sum(1) == 1).all()
        word = "= 1" if one_hot else "largest"
        return groups, [f"y{k + 1} {word}" for k in range(targets.shape[1])]
    groups = (targets[:, 0] > 0.5).astype(int)
    if classes is not None:
        return groups, [class_name(name) for name in classes]
    if np.isin(targets, (0.0, 1.0)).all():
        return groups, ["y1 = 0", "y1 = 1"]
    return groups, ["y1 ≤ 0.5", "y1 > 0.5"]


class BoundaryPlot(QWidget):
    def __init__(self, bridge, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.plot = styled_plot("input 2", "input 1")
        item = self.plot.getPlotItem()
        # circles look round by the grid's range (square pixels), not by a
        # locked aspect that would shrink the image into a square
        self.view = item.getViewBox()
        self.view.disableAutoRange()
        self.view.sigResized.connect(self._resized)
        self._aspect = None
        self.image = pg.ImageItem()
        item.addItem(self.image)
        self.samples = pg.ScatterPlotItem(size=7, pen=pg.mkPen("k", width=0.8))
        item.addItem(self.samples)
        #: what the samples' colours mean: class names, or the targets' values
        self.legend = item.addLegend(offset=(-10, 10))
        self._legend_names: list[str] | None = None
        self.note = QLabel("The decision boundary needs a network with two inputs.")
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.plot)
        self.stack.addWidget(self.note)

    def refresh(self) -> None:
        trainer = self.bridge.debugger.trainer
        if trainer.session.spec.layers[0] != 2:
            self.stack.setCurrentWidget(self.note)
            return
        self.stack.setCurrentWidget(self.plot)
        self._aspect = self._view_aspect()
        grid = self.bridge.debugger.decision_grid(RESOLUTION, self._aspect)
        values = np.nan_to_num(grid.values.astype(float), nan=0.5)
        s = trainer.session
        if grid.is_class:  # the winning class, in the tint of its samples' colour
            classes = s.spec.layers[-1]
            colours = [TINTS[k % len(TINTS)] for k in range(classes)]
            stops = np.linspace(0.0, 1.0, classes)
            self.image.setColorMap(pg.ColorMap(stops, colours))
            levels = (0, max(1, classes - 1))
        else:  # blue (0) through white to orange (1), as the samples
            self.image.setColorMap(
                pg.ColorMap([0.0, 0.5, 1.0], [TINTS[0], "#ffffff", TINTS[1]])
            )
            sigmoid = s.spec.activations[-1] == "sigmoid"
            levels = (
                (0.0, 1.0)
                if sigmoid
                else (float(values.min()), float(values.max()) or 1.0)
            )
        # ImageItem indexes [x, y]: transpose the (rows = y) grid
        self.image.setImage(values.T, levels=levels, autoLevels=False)
        dx, dy = grid.xs[1] - grid.xs[0], grid.ys[1] - grid.ys[0]
        self.image.setRect(
            grid.xs[0] - dx / 2,
            grid.ys[0] - dy / 2,
            dx * len(grid.xs),
            dy * len(grid.ys),
        )
        self.view.setRange(
            xRange=(grid.xs[0], grid.xs[-1]),
            yRange=(grid.ys[0], grid.ys[-1]),
            padding=0,
        )
        groups, names = sample_groups(s.targets, s.classes)
        brushes = [pg.mkBrush(PALETTE[int(k) % len(PALETTE)]) for k in groups]
        self.samples.setData(s.inputs[:, 0], s.inputs[:, 1], brush=brushes)
        self._update_legend(names)

    def _update_legend(self, names: list[str]) -> None:
        if names == self._legend_names:
            return
        self._legend_names = names
        self.legend.clear()
        for k, name in enumerate(names):
            swatch = pg.ScatterPlotItem(
                size=7,
                pen=pg.mkPen("k", width=0.8),
                brush=pg.mkBrush(PALETTE[k % len(PALETTE)]),
            )
            self.legend.addItem(swatch, name)
        style_plot_colours(self.plot, colour_scheme.current())

    def _view_aspect(self) -> float:
        size = self.view.size()
        if size.width() < 2 or size.height() < 2:
            return 1.0
        return size.width() / size.height()

    def _resized(self) -> None:
        """A new shape: a new range, once the tab is shown and the shape really
        changed (a tenth or more)."""
        if self._aspect is None or not self.isVisible():
            return
        if abs(self._view_aspect() / self._aspect - 1) > 0.1:
            self.refresh()
