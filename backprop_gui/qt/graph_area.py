"""The main window's central area: the session's description, the graph's
options (gradients on edges, which sample of the batch) and the graph."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


def graph_area(window) -> QWidget:
    """Builds it for ``window``, whose ``network_view`` it holds; sets the
    window's ``description``, ``show_gradients`` and ``sample``."""
    window.description = QLabel()
    window.description.setWordWrap(True)
    window.description.setTextFormat(Qt.TextFormat.PlainText)
    # margins, not a style sheet: a widget with a style sheet keeps its font
    # when View → Zoom changes the application's
    window.description.setContentsMargins(8, 4, 8, 4)
    window.show_gradients = QCheckBox("Show gradients on edges")
    window.show_gradients.setToolTip(
        "Colour and scale edges by dL/dw of the latest backward pass"
    )
    window.show_gradients.toggled.connect(window.network_view.set_show_gradients)
    window.sample = QSpinBox()
    window.sample.setRange(1, 1)
    window.sample.setPrefix("sample ")
    window.sample.setToolTip("Which sample of the batch the graph shows")
    window.sample.valueChanged.connect(
        lambda v: window.network_view.set_sample_position(v - 1)
    )
    bar = QHBoxLayout()
    bar.setContentsMargins(8, 0, 8, 0)
    bar.addWidget(window.show_gradients)
    bar.addStretch()
    bar.addWidget(QLabel("Graph shows"))
    bar.addWidget(window.sample)
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(window.description)
    layout.addLayout(bar)
    layout.addWidget(window.network_view, 1)
    return central
