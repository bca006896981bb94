"""The network graph: neurons with their values, edges coloured by sign and scaled by
magnitude, the phase just run highlighted.

Large layers stay readable and fast: at most ``MAX_NEURONS`` neurons of a layer are
drawn (then a "+N more" marker), and between two layers only the ``MAX_EDGES``
strongest edges; the caption says when anything is left out. Hovering shows the
numbers of a neuron (z, a, delta) or an edge (w, dL/dw, last change); clicking an edge
or a neuron's bias emits ``parameterClicked(ParameterKey)``. Numbers of a pass that
is not the current state's are drawn grey (an activation after an edit, a delta
after a newer forward pass), never in the colour of current numbers.
"""

from __future__ import annotations

import contextlib
import math

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..core.engine.keys import ParameterKey
from .bridge import DebuggerBridge
from .formatting import fmt
from .network_captions import PHASE_COLOURS, caption_rows, draw_captions
from .network_edges import (
    NEGATIVE,
    POSITIVE,
    ROUGH_WHILE_RUNNING,
    SELECTION,
    SETTLE_MS,
    draw_edges,
    faded,
    label_boxes,
)
from .network_interaction import GraphInteraction
from .network_layout import Layout, compute_layout, drawn_count
from .network_values import NetworkValues
from .quiz_hiding import hidden
from .table_cells import STALE


class NetworkView(GraphInteraction, QWidget):
    parameterClicked = Signal(object)  # a ParameterKey
    neuronClicked = Signal(int, int, int)  # layer, neuron, batch row shown
    watchRequested = Signal(object)  # a ParameterKey or a NeuronKey
    zoomRequested = Signal(int)  # Ctrl+wheel: notches in (> 0) or out

    def __init__(self, bridge: DebuggerBridge, parent=None) -> None:
        super().__init__(parent)
        self.presenting = False
        #: a run is under way (many edges are then drawn without antialiasing)
        self.running = False
        #: the numbers changed less than SETTLE_MS ago (many edges: drawn rough)
        self.settling = False
        #: an exported picture is being drawn: smooth, whatever is under way
        self.exporting = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self.bridge = bridge
        self.show_gradients = False
        #: The values shown (z, a, delta of the chosen sample) and tooltip texts.
        self.values = NetworkValues(bridge)
        self.selected: ParameterKey | None = None
        self._layout: Layout | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(320, 120)  # fits 1024x700, and 200% scaling on 1080p
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        bridge.stateChanged.connect(self.refresh)
        # another network: the parameter table has no row selected any more
        bridge.sessionLoaded.connect(lambda: self.select(None))

    # ------------------------------------------------------------------ API
    def refresh(self) -> None:
        self._layout = None
        self.settling = True
        self._settle.start()
        self.update()
        self.refresh_tip()

    @contextlib.contextmanager
    def drawn_smooth(self):
        """Edges antialiased inside the block, even during a run or just after
        a Step (File → Export graph image)."""
        self.exporting = True
        try:
            yield
        finally:
            self.exporting = False

    def _settled(self) -> None:
        """The numbers stood still for SETTLE_MS: a large graph is drawn smooth
        (see :func:`network_edges.smooth_edges`)."""
        self.settling = False
        # during a run the edges stay rough (and the picture waits for the
        # run's next refresh: it showed a later update than the other views)
        if not self.running and len(self._get_layout().edges) > ROUGH_WHILE_RUNNING:
            self.update()

    def set_running(self, on: bool) -> None:
        """A run started or paused: a paused graph is drawn smooth at once (see
        :func:`network_edges.smooth_edges`)."""
        self.running = on
        if not on:  # the numbers stand still now
            self._settle.stop()
            self.settling = False
        self.update()

    def set_presentation(self, on: bool) -> None:
        """Thick, full-strength lines for a projector (View → Presentation)."""
        self.presenting = on
        self.update()

    def set_show_gradients(self, on: bool) -> None:
        self.show_gradients = on
        self.refresh()

    def set_sample_position(self, position: int) -> None:
        self.values.position_wanted = max(0, position)
        self.refresh()

    def select(self, key: ParameterKey) -> None:
        self.selected = key
        self.update()

    def neuron_centre(self, layer: int, neuron: int) -> QPointF:
        return self._get_layout().centres[(layer, neuron)]

    def edge_point(self, l: int, i: int, j: int) -> QPointF:
        """A point on the drawn edge of ``W[l][i, j]`` (for tests and tools)."""
        a, b = self.neuron_centre(l, i), self.neuron_centre(l + 1, j)
        return a + (b - a) * 0.4

    # ------------------------------------------------------------- geometry
    def _get_layout(self) -> Layout:
        if self._layout is None:
            self._layout = self._compute_layout()
        return self._layout

    def _compute_layout(self) -> Layout:
        return compute_layout(
            self.bridge.debugger.trainer.session.spec.layers,
            self._edge_values(),
            self.width(),
            self.height(),
            self.fontMetrics().height(),
            caption_rows(self),
        )

    def shows_values(self) -> bool:
        """Whether the graph has room for the values under its neurons."""
        self._layout = None
        return self._get_layout().with_text

    def neurons_apart(self) -> bool:
        """Whether the graph has room to draw its neurons apart."""
        self._layout = None
        return self._get_layout().apart

    def edges_show_gradients(self) -> bool:
        """Whether the edges show the latest backward pass's gradients (asked
        for, one ran, Predict mode does not hide it); else the weights."""
        trainer = self.bridge.debugger.trainer
        return (
            self.show_gradients
            and trainer.backward_result is not None
            and not hidden(self.bridge.debugger, trainer.backward_valid)
        )

    def _edge_values(self) -> list:
        trainer = self.bridge.debugger.trainer
        if self.edges_show_gradients():
            return trainer.backward_result.dW
        return trainer.params.weights

    # -------------------------------------------------------------- drawing
    def resizeEvent(self, event) -> None:
        self._layout = None
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        layout = self._get_layout()
        draw_edges(self, painter, layout)
        self._draw_neurons(painter, layout)
        draw_captions(self, painter, layout)
        painter.end()

    def edge_label_boxes(self, layout: Layout, metrics) -> dict:
        """See :func:`network_edges.label_boxes` (for the label font)."""
        return label_boxes(self, layout, metrics)

    def _draw_neurons(self, painter: QPainter, layout: Layout) -> None:
        trainer = self.bridge.debugger.trainer
        layers = trainer.session.spec.layers
        phase = trainer.last_phase
        ring = PHASE_COLOURS.get(phase) if phase in ("forward", "backward") else None
        r = layout.radius
        base = self.palette().base().color()
        stale = trainer.forward_result is not None and not trainer.forward_valid
        for (layer, n), centre in layout.centres.items():
            drawn = drawn_count(layout.shown[layer], layers[layer])
            if n >= drawn:
                painter.setPen(self.palette().text().color())
                text = f"+{layers[layer] - drawn} more"
                # a box the text's own size (a fixed 80x18 cut "+52 mo" at 175%)
                box = painter.fontMetrics().boundingRect(text).adjusted(-2, -1, 2, 1)
                box.moveCenter(centre.toPoint())
                painter.drawText(QRectF(box), Qt.AlignmentFlag.AlignCenter, text)
                continue
            a = self.values.activation(layer, n)
            if self._bias_selected(layer, n):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(SELECTION)
                painter.drawEllipse(centre, r + 6, r + 6)
            painter.setBrush(self.neuron_fill(a, stale, base))
            pen = QPen(
                ring if ring and layer > 0 else self.palette().text().color(),
                2.5 if ring and layer > 0 else 1.2,
            )
            if phase == "backward" and layer == 0:
                pen = QPen(self.palette().text().color(), 1.2)
            if self.presenting:
                pen.setWidthF(pen.widthF() * 2)
            painter.setPen(pen)
            painter.drawEllipse(centre, r, r)
            if layout.with_text:
                self._neuron_text(painter, centre, r, layer, n)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _bias_selected(self, layer: int, n: int) -> bool:
        """Whether the selected parameter is the bias of neuron ``n`` of
        ``layer``: its own, or the one its layer shares."""
        key = self.selected
        if key is None or key[:2] != ("b", layer - 1):
            return False
        mode = self.bridge.debugger.session.spec.bias_mode
        return mode == "shared" or (mode == "per_neuron" and key.target == n)

    @staticmethod
    def neuron_fill(a: float | None, stale: bool, base: QColor) -> QColor:
        """A neuron's fill: orange below zero, blue above, stronger with |a|;
        grey for an activation of a stale pass, like its number. Opaque, so
        edges end at the border (and opaque paints faster)."""
        finite = a is not None and math.isfinite(a)
        strength = 0.08 + 0.6 * min(1.0, abs(a)) if finite else 0.05
        if stale and a is not None:
            return faded(STALE, strength, base)
        return faded(POSITIVE if (a or 0) >= 0 else NEGATIVE, strength, base)

    def _neuron_text(
        self, painter, centre: QPointF, r: float, layer: int, n: int
    ) -> None:
        metrics = painter.fontMetrics()
        height = metrics.height()
        for k, (text, stale) in enumerate(self.neuron_labels(layer, n)):
            painter.setPen(STALE if stale else self.palette().text().color())
            width = max(90, metrics.horizontalAdvance(text) + 6)  # zoomed: wider
            box = QRectF(
                centre.x() - width / 2, centre.y() + r + 2 + k * height, width, height
            )
            painter.drawText(
                box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text
            )

    def neuron_labels(self, layer: int, n: int) -> list[tuple[str, bool]]:
        """The lines under a neuron, each with whether it is stale (drawn grey):
        its activation, then its delta once a backward pass ran. An input's
        value is the latest pass's too: grey with the rest of it (the data may
        have changed since, or the next pass takes other samples)."""
        trainer = self.bridge.debugger.trainer
        a = self.values.activation(layer, n)
        stale = trainer.forward_result is not None and not trainer.forward_valid
        lines = [
            (f"a {fmt(a, 4)}" if a is not None else "a –", a is not None and stale)
        ]
        delta = self.values.delta(layer, n)
        if delta is not None:
            lines.append((f"δ {fmt(delta, 4)}", not trainer.backward_valid))
        return lines

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View → Zoom: lay out again
            self._layout = None
            self.update()
