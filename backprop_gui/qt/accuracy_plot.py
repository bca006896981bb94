"""The Accuracy tab: the share of samples classified right, against the update.

Two curves from the debugger's metrics: the accuracy on each update's batch (the
parameters that update started from; the whole training set in full batch), and
with a validation split the accuracy on the held-out samples, evaluated once per
epoch. A session without classes says how to get them instead. Dashed lines mark
where the samples changed (see :mod:`.change_marks`).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from . import colour_scheme
from .change_marks import ChangeMarks, set_broken_curve
from .plot_style import (
    RoundedRange,
    add_validation_curve,
    legend_above,
    set_validation_data,
    style_plot_colours,
    styled_plot,
)
from .stale_points import StalePoints, stale_step

NO_CLASSES = (
    "Accuracy needs class labels: open the iris or digits preset, or import a "
    "dataset CSV and choose its class label column (File → Import dataset CSV)."
)


class AccuracyPlot(QWidget):
    def __init__(self, bridge, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.plot = styled_plot("accuracy (%)", "update")
        item = self.plot.getPlotItem()
        legend_above(self.plot)
        item.getViewBox().setLimits(yMin=-5, yMax=105)
        self.range = RoundedRange(item, y=(0.0, 100.0))
        self.batch_curve = self.plot.plot(
            pen=pg.mkPen("#2563eb", width=2), name="training (the update's batch)"
        )
        self.validation_curve = add_validation_curve(self.plot, "validation")
        style_plot_colours(self.plot, colour_scheme.current())  # the legend too
        self.marks = ChangeMarks(self.plot)
        self.stale = StalePoints(self.plot)
        self.note = QLabel(NO_CLASSES)
        self.note.setWordWrap(True)
        self.note.setMargin(12)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.plot)
        self.stack.addWidget(self.note)

    def refresh(self) -> None:
        debugger = self.bridge.debugger
        if debugger.session.classes is None:
            self.stack.setCurrentWidget(self.note)
            return
        self.stack.setCurrentWidget(self.plot)
        changes = debugger.data_changes.changes
        self.marks.show(changes)
        history = debugger.metrics
        steps = history.steps
        batch, held = 100 * history.batch_accuracy, 100 * history.validation_accuracy
        stale = self.stale
        stale.begin(stale_step(debugger.trainer, "forward"), debugger.quiz is not None)
        self.batch_curve.setVisible(bool(np.isfinite(batch).any()))
        set_broken_curve(self.batch_curve, *stale.take(steps, batch), changes)
        with_validation = bool(np.isfinite(held).any())
        self.validation_curve.setVisible(with_validation)
        self._list_validation(with_validation)
        set_validation_data(self.validation_curve, *stale.take(steps, held), changes)
        stale.end()
        # the x range reaches a mark after the last update too
        xs = np.concatenate([steps, self.marks.positions()])
        self.range.update(xs, np.array([0.0, 100.0]))

    def _list_validation(self, on: bool) -> None:
        """The legend names the validation curve only while it is drawn
        (pyqtgraph lists a hidden curve with a crossed-out eye)."""
        legend = self.plot.getPlotItem().legend
        listed = any(sample.item is self.validation_curve for sample, _ in legend.items)
        if on and not listed:
            legend.addItem(self.validation_curve, "validation")
            style_plot_colours(self.plot, colour_scheme.current())
        elif listed and not on:
            legend.removeItem(self.validation_curve)
