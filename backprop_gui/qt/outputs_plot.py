"""The Outputs vs targets tab: one output neuron's value for each sample of the
latest forward pass, beside the target that pass compared it with (nothing while
that pass is hidden by Predict mode). After an update or an edit the pass is
stale: its points turn grey and a caption says so; after samples were added or
removed its rows may be other samples now, and nothing is drawn."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from . import colour_scheme
from .plot_style import legend_above, style_plot_colours, styled_plot
from .quiz_hiding import hidden
from .table_cells import STALE

OUTPUT_BRUSH = pg.mkBrush("#2563eb")
TARGET_PEN = pg.mkPen("#ea580c", width=2)
STALE_BRUSH = pg.mkBrush(STALE)
STALE_PEN = pg.mkPen(STALE, width=2)
STALE_NOTE = "stale (grey): from before the latest change"
STALE_TIP = (
    "These are the outputs of the latest forward pass, computed before the "
    "latest update or edit, with the targets that pass compared them with. "
    "The next forward pass redraws them."
)
ROWS_CHANGED = "samples added or removed: the next forward pass draws them"
ROWS_TIP = (
    "Samples were added or removed since the latest forward pass, so its rows "
    "may be other samples now. The next forward pass draws the plot again."
)


class OutputsPlot(QWidget):
    def __init__(self, bridge, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.plot = styled_plot("value", "sample")
        legend_above(self.plot)
        self.output_choice = QComboBox()
        self.output_choice.setToolTip("Which output neuron to compare with its target")
        self.output_choice.currentIndexChanged.connect(self.refresh)
        self.outputs = pg.ScatterPlotItem(
            symbol="o", size=8, brush=OUTPUT_BRUSH, name="output"
        )
        self.targets = pg.ScatterPlotItem(
            symbol="x", size=10, pen=TARGET_PEN, brush=None, name="target"
        )
        self.plot.addItem(self.targets)
        self.plot.addItem(self.outputs)
        self.stale_note = QLabel()
        # grey italic through the palette and an italic-only font, not a style
        # sheet: a widget with a style sheet keeps its font when View → Zoom
        # changes the application's
        palette = self.stale_note.palette()
        palette.setColor(QPalette.ColorRole.WindowText, STALE_PEN.color())
        self.stale_note.setPalette(palette)
        italic = QFont()
        italic.setItalic(True)
        self.stale_note.setFont(italic)
        # never widens the dock: a long note is cut, its tooltip has it all
        self.stale_note.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        style_plot_colours(self.plot, colour_scheme.current())  # the legend too
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Output neuron"))
        row.addWidget(self.output_choice)
        row.addSpacing(12)
        row.addWidget(self.stale_note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(self.plot)

    def set_outputs(self, count: int) -> None:
        """A network with ``count`` output neurons (a session was loaded)."""
        self.output_choice.blockSignals(True)
        self.output_choice.clear()
        self.output_choice.addItems([str(k + 1) for k in range(count)])
        self.output_choice.blockSignals(False)

    def refresh(self) -> None:
        trainer = self.bridge.debugger.trainer
        fwd = trainer.forward_result
        k = max(0, self.output_choice.currentIndex())
        if (
            fwd is None
            or k >= fwd.a[-1].shape[1]
            or hidden(self.bridge.debugger, trainer.forward_valid)
        ):
            self._show(None)
            return
        if fwd.revision < trainer.rows_revision:
            self._show(None, note=ROWS_CHANGED, tip=ROWS_TIP)
            return
        if trainer.forward_valid:
            self._show(fwd, k)
        else:
            self._show(fwd, k, STALE_NOTE, STALE_TIP)

    def _show(self, fwd, k: int = 0, note: str = "", tip: str = "") -> None:
        """Output ``k`` of ``fwd`` (None: nothing), grey when there is a note."""
        self.stale_note.setText(note)
        self.stale_note.setToolTip(tip)
        if fwd is None:
            self.outputs.setData([], [])
            self.targets.setData([], [])
            return
        stale = bool(note)
        samples = fwd.samples + 1
        outputs = fwd.a[-1][:, k]
        keep = np.isfinite(outputs)
        self.outputs.setData(
            samples[keep], outputs[keep], brush=STALE_BRUSH if stale else OUTPUT_BRUSH
        )
        # the targets that pass compared with (an edit since may have changed
        # the dataset's)
        self.targets.setData(
            samples, fwd.y[:, k], pen=STALE_PEN if stale else TARGET_PEN
        )
