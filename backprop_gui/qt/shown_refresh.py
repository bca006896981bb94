"""Views that redraw only while they can be seen: a hidden dock costs nothing,
and showing it redraws it from the current state."""

from __future__ import annotations


class RefreshWhenShown:
    """Mixin for a QWidget with a ``redraw()``: ``refresh()`` (connected to the
    signals that make it stale) redraws only while visible, and showing it
    redraws."""

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self, *_args) -> None:
        if self.isVisible():
            self.redraw()
