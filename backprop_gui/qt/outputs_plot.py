"""The Outputs vs targets tab: one output neuron's value for each sample of the
current forward pass, beside the sample's target (nothing while that pass is
hidden by Predict mode)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .plot_style import styled_plot
from .quiz_hiding import hidden


class OutputsPlot(QWidget):
    def __init__(self, bridge, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.plot = styled_plot("value", "sample")
        self.plot.getPlotItem().addLegend(offset=(-10, 10))
        self.output_choice = QComboBox()
        self.output_choice.setToolTip("Which output neuron to compare with its target")
        self.output_choice.currentIndexChanged.connect(self.refresh)
        self.outputs = pg.ScatterPlotItem(
            symbol="o", size=8, brush=pg.mkBrush("#2563eb"), name="output"
        )
        self.targets = pg.ScatterPlotItem(
            symbol="x",
            size=10,
            pen=pg.mkPen("#ea580c", width=2),
            brush=None,
            name="target",
        )
        self.plot.addItem(self.targets)
        self.plot.addItem(self.outputs)
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Output neuron"))
        row.addWidget(self.output_choice)
        row.addStretch()
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
            self.outputs.setData([], [])
            self.targets.setData([], [])
            return
        samples = fwd.samples + 1
        outputs = fwd.a[-1][:, k]
        keep = np.isfinite(outputs)
        self.outputs.setData(samples[keep], outputs[keep])
        self.targets.setData(samples, trainer.session.targets[fwd.samples, k])
