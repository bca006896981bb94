"""Views that redraw only while they can be seen: a hidden dock costs nothing,
and showing it redraws it from the state the window shows."""

from __future__ import annotations


class RefreshWhenShown:
    """Mixin for a QWidget with a ``redraw()`` and a ``bridge``: ``refresh()``
    (connected to the signals that make it stale) redraws only while visible,
    and showing it redraws."""

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # while a run is past the window's picture (its refresh waits: see
        # frame_hold), that refresh comes first: drawn from the debugger's
        # later state, this view disagreed with every other one
        self.bridge.refresh_pending()
        self.refresh()

    def refresh(self, *_args) -> None:
        if self.isVisible():
            self.redraw()
