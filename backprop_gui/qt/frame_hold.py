"""While a run computes between two refreshes, the views that read the state as
they paint keep the picture of the last refresh.

A fast run whose views paint slowly ticks several times between two refreshes
(see :mod:`.runner`): the debugger's state is then newer than what the window
shows. Most views hold what they were given at the refresh (the plots' curves,
the status bar's texts, the pictures), but the graph and the two tables read the
state whenever they paint: a hover over the graph or a scroll of a table in
between painted numbers of a later update beside the others. Their updates are
turned off from the moment a refresh is put off (``refreshDeferred``) until it
comes (``stateChanged``), which turns them on and repaints them; what they show
in between stays the last refresh's picture, pixel for pixel.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .bridge import DebuggerBridge


class FrameHold:
    def __init__(self, bridge: DebuggerBridge, widgets: list[QWidget]) -> None:
        self.widgets = widgets
        self.held = False
        bridge.refreshDeferred.connect(self.hold)
        bridge.stateChanged.connect(self.release)

    def hold(self) -> None:
        self.held = True
        for widget in self.widgets:
            widget.setUpdatesEnabled(False)

    def release(self) -> None:
        """Updates on again (Qt repaints each widget whole)."""
        if not self.held:
            return
        self.held = False
        for widget in self.widgets:
            widget.setUpdatesEnabled(True)
