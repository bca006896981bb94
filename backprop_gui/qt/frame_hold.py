"""While a run computes between two refreshes, the views that read the state as
they paint keep the picture of the last refresh.

A fast run whose views paint slowly ticks several times between two refreshes
(see :mod:`.runner`): the debugger's state is then newer than what the window
shows. Most views hold what they were given at the refresh (the plots' curves,
the status bar's texts, the pictures), but the graph and the two tables read the
state whenever they paint: a hover over the graph or a scroll of a table in
between painted numbers of a later update beside the others. Their updates are
turned off from the moment a refresh is put off (``refreshDeferred``) until it
comes (``stateChanged``), which turns them on and repaints them at once; what
they show in between stays the last refresh's picture, pixel for pixel. A user
who scrolls, clicks, types, resizes or asks for a tooltip there meanwhile gets
the refresh at once (not up to a second later), and the tooltip is written from
it. The Explain panel, which renders at a refresh, likewise brings a waiting
refresh before it renders a new choice.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from .bridge import DebuggerBridge

#: What a user does to a held widget that brings the waiting refresh at once.
_ACTS = frozenset(
    {
        QEvent.Type.Wheel,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.KeyPress,
        QEvent.Type.Resize,
        QEvent.Type.Show,
        QEvent.Type.ToolTip,  # a tooltip is written from the state of its time
    }
)


class FrameHold(QObject):
    def __init__(self, bridge: DebuggerBridge, widgets: list[QWidget], running) -> None:
        """``running()``: whether the run goes on (its next tick may hold)."""
        super().__init__(bridge)
        self.bridge, self.running = bridge, running
        self.widgets = widgets
        self.held = False
        bridge.refreshDeferred.connect(self.hold)
        bridge.stateChanged.connect(self.release)
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if self.held and event.type() in _ACTS:
            self.bridge.refresh_pending()
        return False

    def hold(self) -> None:
        self.held = True
        for widget in self.widgets:
            widget.setUpdatesEnabled(False)

    def release(self) -> None:
        """Updates on again (which asks for a repaint of each widget); while
        the run goes on, each is painted now: a repaint merely asked for could
        find the next tick's hold and be dropped. (On Pause it is asked for:
        the graph, no longer running, then paints smooth.)"""
        if not self.held:
            return
        self.held = False
        now = self.running()
        for widget in self.widgets:
            widget.setUpdatesEnabled(True)
            if now and widget.isVisible():
                widget.repaint()
