"""What the network graph does with the mouse (a mixin of
:class:`~.network_view.NetworkView`): which neuron or edge is under a point,
its tooltip, a click (select the parameter, explain the neuron), the context
menu's Watch, and Ctrl+wheel zoom.

A tooltip gives the numbers of the state the graph shows: it is written again
at each refresh while the mouse rests (a Step under a resting mouse, a run),
and while a run is past the picture (its refresh waits) asking for one brings
that refresh first (see :mod:`.frame_hold`); it read the debugger's later
numbers beside the picture's."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtWidgets import QMenu, QToolTip

from ..core.engine.keys import NeuronKey, ParameterKey
from .network_layout import drawn_count


class GraphInteraction:
    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = event.angleDelta().y() // 120
            if notches:
                self.zoomRequested.emit(notches)
            event.accept()
            return
        super().wheelEvent(event)

    def item_at(self, pos: QPointF) -> tuple | None:
        """``("neuron", layer, n)`` or ``("edge", l, i, j)`` under ``pos``."""
        layout = self._get_layout()
        layers = self.bridge.debugger.session.spec.layers
        for (layer, n), centre in layout.centres.items():
            if n < drawn_count(layout.shown[layer], layers[layer]):
                if (
                    math.dist((pos.x(), pos.y()), (centre.x(), centre.y()))
                    <= layout.radius + 3
                ):
                    return ("neuron", layer, n)
        best, best_distance = None, 5.0
        for l, i, j, _value in layout.edges:
            d = _segment_distance(
                pos, layout.centres[(l, i)], layout.centres[(l + 1, j)]
            )
            if d < best_distance:
                best, best_distance = ("edge", l, i, j), d
        return best

    def tooltip_at(self, pos: QPointF) -> str | None:
        item = self.item_at(pos)
        if item is None:
            return None
        if item[0] == "neuron":
            return self.values.neuron_tooltip(item[1], item[2])
        return self.values.edge_tooltip(*item[1:])

    #: ``(point, global point)`` where the mouse rests for a tooltip, or None
    _tip_at = None
    _tip_shown = False

    def event(self, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ToolTip:
            self._tip_at = (QPointF(event.pos()), event.globalPos())
            if not self._show_tip():
                event.ignore()  # nothing here: the parent's tooltip, if any
            return True
        if kind in (QEvent.Type.MouseMove, QEvent.Type.Wheel):
            self._tip_at = None  # a tooltip is asked again where it rests
        elif kind == QEvent.Type.MouseButtonPress:  # (Qt hides the tooltip)
            self._tip_at, self._tip_shown = None, False
        elif kind == QEvent.Type.Leave:  # (Qt hides the tooltip itself)
            self._tip_at, self._tip_shown = None, False
        return super().event(event)

    def _show_tip(self) -> bool:
        """Show the tooltip where the mouse rests; whether there is one."""
        text = None if self._tip_at is None else self.tooltip_at(self._tip_at[0])
        if text:
            QToolTip.showText(self._tip_at[1], text, self)
            self._tip_shown = True
        elif self._tip_shown:
            QToolTip.hideText()
            self._tip_shown = False
        return bool(text)

    def refresh_tip(self) -> None:
        """The state changed: a tooltip shown gets the new numbers (or goes,
        if the mouse has moved on)."""
        if self._tip_shown and not QToolTip.isVisible():  # Qt hid it (timeout)
            self._tip_at, self._tip_shown = None, False
        if self._tip_shown or self._tip_at is not None:
            self._show_tip()

    def contextMenuEvent(self, event) -> None:
        item = self.item_at(QPointF(event.pos()))
        if item is None:
            return
        if item[0] == "edge":
            key = ParameterKey.weight(*item[1:])
        else:
            key = NeuronKey(item[1], item[2])
        menu = QMenu(self)
        label = "Watch this weight" if item[0] == "edge" else "Watch this neuron"
        menu.addAction(label, lambda: self.watchRequested.emit(key))
        menu.exec(event.globalPos())

    def mousePressEvent(self, event) -> None:
        item = self.item_at(event.position())
        if item is None:
            return
        if item[0] == "edge":
            key = ParameterKey.weight(*item[1:])
            self.select(key)
            self.parameterClicked.emit(key)
        elif (
            item[1] > 0 and self.bridge.debugger.trainer.params.biases[item[1] - 1].size
        ):
            shared = self.bridge.debugger.session.spec.bias_mode == "shared"
            j = 0 if shared else item[2]
            key = ParameterKey.bias(item[1] - 1, j)
            self.select(key)
            self.parameterClicked.emit(key)
        if item[0] == "neuron":  # last: the neuron, not its bias row, is explained
            self.neuronClicked.emit(item[1], item[2], self.values.position())


def _segment_distance(p: QPointF, a: QPointF, b: QPointF) -> float:
    ax, ay, bx, by = a.x(), a.y(), b.x(), b.y()
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy or 1e-12
    t = max(0.0, min(1.0, ((p.x() - ax) * dx + (p.y() - ay) * dy) / length2))
    return math.hypot(p.x() - ax - t * dx, p.y() - ay - t * dy)
