"""Plots: loss against step, gradient norm per layer, outputs against targets.

The curves read the debugger's bounded
:class:`~backprop_gui.core.debugger.metrics.MetricsHistory`
(never more than its capacity of points), and redraw on ``stateChanged``, which the
bridge throttles while running.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from . import colour_scheme
from .accuracy_plot import AccuracyPlot
from .boundary_plot import BoundaryPlot
from .bridge import DebuggerBridge
from .change_marks import ChangeMarks, set_broken_curve
from .layer_chooser import LayerChooser
from .outputs_plot import OutputsPlot
from .plot_style import (
    RoundedRange,
    add_validation_curve,
    legend_above,
    set_validation_data,
    show_legend,
    style_plot_colours,
    style_plot_text,
    styled_plot,
)
from .stale_points import StalePoints, stale_step
from .watch_plot import WatchPlot

LAYER_COLOURS = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777", "#0891b2"]
TINY = 1e-300  # log axes cannot show 0


class PlotsPanel(QWidget):
    def __init__(self, bridge: DebuggerBridge, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.tabs = QTabWidget()
        self.loss_plot = styled_plot("loss", "update")
        self.loss_legend = legend_above(self.loss_plot)
        show_legend(self.loss_legend, False)  # until there is more than the loss
        self.loss_curve = self.loss_plot.plot(
            pen=pg.mkPen("#2563eb", width=2), name="loss = data + penalty"
        )
        #: with a weight penalty: the loss's two parts (hidden without one)
        self.data_loss_curve = self.loss_plot.plot(
            pen=pg.mkPen("#16a34a", width=2, style=Qt.PenStyle.DashLine),
            name="data loss",
        )
        self.penalty_curve = self.loss_plot.plot(
            pen=pg.mkPen("#d97706", width=2, style=Qt.PenStyle.DotLine),
            name="penalty",
        )
        #: with a validation split: the held-out samples' data loss
        self.validation_curve = add_validation_curve(
            self.loss_plot, "validation (data loss)"
        )
        self.loss_range = RoundedRange(self.loss_plot.getPlotItem())
        self.loss_marks = ChangeMarks(self.loss_plot)
        self.loss_stale = StalePoints(self.loss_plot)
        self.log_loss = QCheckBox("Log scale")
        self.log_loss.setToolTip("Show the loss on a logarithmic axis")
        self.log_loss.toggled.connect(self._set_log)
        self.tabs.addTab(self._with_bar(self.loss_plot, self.log_loss), "Loss")
        self.accuracy = AccuracyPlot(bridge)
        self.tabs.addTab(self.accuracy, "Accuracy")

        self.norm_plot = styled_plot("‖dL/dW‖", "update")
        legend_above(self.norm_plot)
        self.norm_plot.getPlotItem().setLogMode(y=True)
        #: one curve per weight layer; None for layers not chosen
        self.norm_curves: list = []
        self.norm_range = RoundedRange(self.norm_plot.getPlotItem())
        self.norm_marks = ChangeMarks(self.norm_plot)
        self.norm_stale = StalePoints(self.norm_plot)
        self.layer_chooser = LayerChooser()
        self._text_font = None  # the zoom's font, once View → Zoom set one
        self.layer_chooser.changed.connect(self._rebuild_norm_curves)
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.layer_chooser)
        row.addStretch()
        self.norm_page = self._with_bar(self.norm_plot, bar)
        self.tabs.addTab(self.norm_page, "Gradient norms")

        self.outputs_page = OutputsPlot(bridge)
        self.output_plot = self.outputs_page.plot
        self.tabs.addTab(self.outputs_page, "Outputs vs targets")

        self.boundary = BoundaryPlot(bridge)
        self.tabs.addTab(self.boundary, "Decision boundary")
        self.watches = WatchPlot(bridge)
        self.tabs.addTab(self.watches, "Watches")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(self.refresh)
        bridge.stateChanged.connect(self.refresh)
        bridge.sessionLoaded.connect(self._rebuild)
        self._rebuild()

    @staticmethod
    def _with_bar(plot, bar) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(plot)
        return page

    def _rebuild(self) -> None:
        spec = self.bridge.debugger.session.spec
        self.layer_chooser.set_depth(spec.depth)
        self._rebuild_norm_curves()
        self.outputs_page.set_outputs(spec.layers[-1])
        self.refresh()

    def _rebuild_norm_curves(self) -> None:
        """One curve and legend entry per chosen layer."""
        item = self.norm_plot.getPlotItem()
        for curve in self.norm_curves:
            if curve is not None:
                item.removeItem(curve)
        item.legend.clear()
        chosen = set(self.layer_chooser.chosen())
        depth = self.bridge.debugger.session.spec.depth
        self.norm_curves = [
            item.plot(
                pen=pg.mkPen(LAYER_COLOURS[k % len(LAYER_COLOURS)], width=2),
                name=f"W{k + 1}",
            )
            if k in chosen
            else None
            for k in range(depth)
        ]
        if self._text_font is not None:  # new legend entries: the zoomed size
            style_plot_text(self.norm_plot, self._text_font)
        if self.tabs.currentWidget() is self.norm_page:
            self._refresh_norms()

    def _set_log(self, on: bool) -> None:
        self.loss_plot.getPlotItem().setLogMode(y=on)
        self.refresh()

    def refresh(self) -> None:
        """Redraw the visible plot (the others redraw when their tab is shown)."""
        page = self.tabs.currentIndex()
        (
            self._refresh_loss,
            self.accuracy.refresh,
            self._refresh_norms,
            self.outputs_page.refresh,
            self.boundary.refresh,
            self.watches.refresh,
        )[max(0, page)]()

    def _refresh_loss(self) -> None:
        history = self.bridge.debugger.metrics
        changes = self.bridge.debugger.data_changes.changes
        self.loss_marks.show(changes)
        stale = self.loss_stale
        debugger = self.bridge.debugger
        stale.begin(stale_step(debugger.trainer, "forward"), debugger.quiz is not None)
        steps, loss = history.steps, history.loss
        parts = [history.data_loss, history.penalty]
        with_parts = bool(np.isfinite(parts[1]).any())
        held = history.validation_loss
        with_validation = bool(np.isfinite(held).any())
        self._loss_entries(with_parts, with_validation)
        self.validation_curve.setVisible(with_validation)
        if with_validation:
            if self.log_loss.isChecked():
                held = np.clip(held, TINY, None)
            set_validation_data(
                self.validation_curve, *stale.take(steps, held), changes
            )
        for curve, part in zip((self.data_loss_curve, self.penalty_curve), parts):
            curve.setVisible(with_parts)
            if self.log_loss.isChecked():
                part = np.clip(part, TINY, None)
            if with_parts:
                set_broken_curve(curve, *stale.take(steps, part), changes)
        if self.log_loss.isChecked():
            loss = np.clip(loss, TINY, None)
        set_broken_curve(self.loss_curve, *stale.take(steps, loss), changes)
        stale.end()
        finite = np.isfinite(loss)
        steps, loss = steps[finite], loss[finite]
        xs = np.concatenate([steps, self.loss_marks.positions()])
        self.loss_range.update(xs, loss)

    def _loss_entries(self, with_parts: bool, with_validation: bool) -> None:
        """The legend lists the curves drawn, no crossed-out hidden ones."""
        wanted = [(self.loss_curve, "loss = data + penalty" if with_parts else "loss")]
        if with_parts:
            wanted += [
                (self.data_loss_curve, "data loss"),
                (self.penalty_curve, "penalty"),
            ]
        if with_validation:
            wanted.append((self.validation_curve, "validation (data loss)"))
        legend = self.loss_legend
        if [(s.item, label.text) for s, label in legend.items] != wanted:
            legend.clear()
            for curve, name in wanted:
                legend.addItem(curve, name)
            if self._text_font is not None:
                style_plot_text(self.loss_plot, self._text_font)
            style_plot_colours(self.loss_plot, colour_scheme.current())
        show_legend(legend, with_parts or with_validation)

    def _refresh_norms(self) -> None:
        history = self.bridge.debugger.metrics
        changes = self.bridge.debugger.data_changes.changes
        self.norm_marks.show(changes)
        stale = self.norm_stale
        debugger = self.bridge.debugger
        stale.begin(stale_step(debugger.trainer, "backward"), debugger.quiz is not None)
        steps, norms = history.steps, history.grad_norms
        shown = np.clip(norms, TINY, None)
        chosen = [k for k, c in enumerate(self.norm_curves) if c is not None]
        for k in chosen:
            if k < norms.shape[1]:
                kept = stale.take(steps, shown[:, k])
                set_broken_curve(self.norm_curves[k], *kept, changes)
        stale.end()
        visible = shown[:, [k for k in chosen if k < norms.shape[1]]]
        xs = np.concatenate([steps, self.norm_marks.positions()])
        self.norm_range.update(xs, visible[np.isfinite(visible)])

    def all_plots(self) -> tuple[pg.PlotWidget, ...]:
        """In the order of the tabs."""
        return (
            self.loss_plot,
            self.accuracy.plot,
            self.norm_plot,
            self.output_plot,
            self.boundary.plot,
            self.watches.plot,
        )

    def all_marks(self) -> tuple:
        """The change marks of the plots against the update."""
        return (self.loss_marks, self.norm_marks, self.accuracy.marks)

    def current_plot(self) -> pg.PlotWidget:
        return self.all_plots()[self.tabs.currentIndex()]

    def current_plot_drawn(self) -> pg.PlotWidget:
        """The visible plot, redrawn now (redraws follow the state at most 24
        times a second: an export must not catch an older picture)."""
        self.refresh()
        return self.current_plot()

    def set_colours(self, scheme) -> None:
        """Light or dark (the palette changed)."""
        for plot in self.all_plots():
            style_plot_colours(plot, scheme)
        for marks in self.all_marks():
            marks.set_colours(scheme)

    def set_text_font(self, font) -> None:
        """Axis numbers, labels and legends in ``font`` (View → Zoom)."""
        self._text_font = font
        for plot in self.all_plots():
            style_plot_text(plot, font)
        for marks in self.all_marks():
            marks.place_labels()
