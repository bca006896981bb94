"""What reaches widgets while a test acts: events of one type (layout requests,
paints), and how the graph drew its edges at each paint."""

from PySide6.QtCore import QEvent, QObject


class EventLog(QObject):
    """Records ``record(obj, event)`` for each event of ``kind`` delivered to the
    widgets given. It lives as long as the first of them (its parent): a log
    without an owner was deleted at once, and saw nothing."""

    def __init__(self, kind: QEvent.Type, widgets, record=lambda obj, event: obj):
        widgets = list(widgets)
        super().__init__(widgets[0])
        self.kind, self.record, self.seen = kind, record, []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == self.kind:
            self.seen.append(self.record(obj, event))
        return False


def edge_smoothness(view) -> list:
    """A list that gets, at each paint of the NetworkView ``view``, whether its
    edges are drawn smooth (antialiased) in it."""
    from backprop_gui.qt.network_edges import smooth_edges

    painted = []
    original = view.paintEvent

    def paint(event):
        painted.append(smooth_edges(view, view._get_layout()))
        original(event)

    view.paintEvent = paint
    return painted


def turn_wheel(widget, notches: int, point=(10, 10), modifiers=None) -> None:
    """The mouse wheel turned ``notches`` (negative: down, towards the user)
    with the mouse at ``point`` of ``widget``, as Qt delivers it."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    at = point if isinstance(point, QPointF) else QPointF(*point)
    event = QWheelEvent(
        at,
        widget.mapToGlobal(at),
        QPoint(),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        modifiers or Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
