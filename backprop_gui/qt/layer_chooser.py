"""Which layers' gradient norms the plot shows.

A deep network would otherwise get one curve and one legend entry per layer (a
hundred layers make the legend unreadable and slow). Up to ``SHOW_ALL_UP_TO``
layers all are shown; deeper networks start with the first and the last, and the
"Layers" button's menu adds or removes any of them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

SHOW_ALL_UP_TO = 8


def default_layers(depth: int) -> list[int]:
    """The weight layers (0-based) shown when a network of ``depth`` opens."""
    if depth <= SHOW_ALL_UP_TO:
        return list(range(depth))
    return [0, depth - 1]


class LayerChooser(QToolButton):
    """A button with a menu of checkable layers; ``changed`` after every choice."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("Layers")
        self.setToolTip("Choose which layers' gradient norms are plotted")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self._layer_actions: list[QAction] = []
        self.changed.connect(self._update_text)

    def set_depth(self, depth: int) -> None:
        menu = self.menu()
        menu.clear()
        shown = set(default_layers(depth))
        all_action = menu.addAction("All layers")
        all_action.triggered.connect(lambda: self._choose(range(depth)))
        ends = menu.addAction("First and last")
        ends.triggered.connect(lambda: self._choose({0, depth - 1}))
        menu.addSeparator()
        self._layer_actions = []
        for k in range(depth):
            action = menu.addAction(f"W{k + 1}")
            action.setCheckable(True)
            action.setChecked(k in shown)
            action.toggled.connect(lambda _on: self.changed.emit())
            self._layer_actions.append(action)
        self._update_text()

    def chosen(self) -> list[int]:
        return [k for k, a in enumerate(self._layer_actions) if a.isChecked()]

    def _choose(self, layers) -> None:
        wanted = set(layers)
        for k, action in enumerate(self._layer_actions):
            action.blockSignals(True)
            action.setChecked(k in wanted)
            action.blockSignals(False)
        self.changed.emit()

    def _update_text(self) -> None:
        count, depth = len(self.chosen()), len(self._layer_actions)
        self.setText("Layers" if count == depth else f"Layers ({count} of {depth})")
        self._fit()

    def _fit(self) -> None:
        """Room for the text and the menu arrow (Qt's size hint leaves the arrow
        over the last letter)."""
        metrics = self.fontMetrics()
        self.setMinimumWidth(
            metrics.horizontalAdvance(self.text()) + 2 * metrics.height()
        )

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()
