"""A status-bar label for text that changes many times a second (the step counter,
the loss) without laying the window out again each time."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget


class StatusLabel(QLabel):
    """A label of fixed size, resized only when its text needs it.

    A label whose size may change asks its parents for a new layout at every
    ``setText``: in the status bar that re-laid out the whole main window at every
    refresh of a run (~1 ms each, 24 times a second), and the labels jittered as
    digits came and went. This one keeps its width while the text fits, grows
    when it does not (with room for two more digits, as numbers of other digits
    and widths follow), and shrinks only when the text became much shorter."""

    #: Shrink when the text would leave more than this many pixels unused.
    SLACK = 48

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setContentsMargins(8, 0, 8, 0)  # (a style sheet would paint slower)
        self._wanted = True
        self._yielding = False
        #: text the label keeps room for when it gets shorter (more than SLACK)
        self.keep_room_for = ""

    def set_wanted(self, on: bool) -> None:
        """Whether it has something to show (its owner decides)."""
        self._wanted = on
        self.setVisible(on and not self._yielding)

    def set_yielding(self, on: bool) -> None:
        """Step aside for a message, and come back after it (if still wanted):
        the owner's and the message's say are kept apart, so neither undoes
        the other's."""
        self._yielding = on
        self.setVisible(self._wanted and not on)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View → Zoom: size again
            text = self.text()
            self.setMinimumWidth(0)
            self.setText("")
            self.set_text(text)

    def set_text(self, text: str) -> None:
        if text == self.text():
            return
        margins = self.contentsMargins()
        needed = (
            self.fontMetrics().horizontalAdvance(text)
            + margins.left()
            + margins.right()
        )
        width = self.minimumWidth()
        if needed > width:
            room = self.fontMetrics().horizontalAdvance("00")
            self.setFixedSize(needed + room, self.sizeHint().height())
        elif needed < width - max(
            self.SLACK, self.fontMetrics().horizontalAdvance(self.keep_room_for)
        ):
            self.setFixedSize(needed, self.sizeHint().height())
        self.setText(text)


class WhenResized(QObject):
    """Calls ``call()`` after one of ``widgets`` was resized, shown or hidden:
    once the event loop is back, never inside the layout that sent the event
    (a label resized there while the status bar laid its widgets out crashed
    Qt)."""

    KINDS = (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide)

    def __init__(self, widgets, call) -> None:
        super().__init__(widgets[0])
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(call)
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() in self.KINDS:
            self.soon()
        return False

    def soon(self) -> None:
        """Call once the event loop is back (once, however often asked)."""
        if not self._later.isActive():
            self._later.start()


def message_width(bar, text: str) -> int:
    """The pixels a status bar's message ``text`` needs (with Qt's margins)."""
    return bar.fontMetrics().horizontalAdvance(text) + 24 if text else 0
