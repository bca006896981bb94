"""View → Presentation: the window as a projector needs it.

Entering it makes every text larger (at least 175%), draws the graph's edges and
neurons thicker and its faintest lines stronger (they vanish on a washed-out
projector), hides the secondary docks (parameters, dataset, Explain) so the
graph and the plots fill the screen, and goes full screen. The phase and the
numbers it just computed keep their emphasis (the phase colours). Leaving
restores the previous layout, zoom and window state exactly.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QTableView

from .zoom import LEVELS

#: This zoom while presenting, or the largest below it that fits the screen.
PRESENTATION_ZOOM = 175
#: Docks hidden while presenting.
SECONDARY_DOCKS = ("parameters", "dataset", "explain")


class Presentation(QObject):
    """Signal ``toggled(bool)``: presentation mode entered or left."""

    toggled = Signal(bool)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self._saved = None
        self._widths: list = []
        self._following = False
        self.action = QAction("&Presentation", window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        tip = "Large type, strong lines, only the graph and the plots (again: back)"
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.toggled.connect(self.set_active)

    def set_active(self, on: bool) -> None:
        on = bool(on)
        if on == self.active:
            return
        window = self.window
        if on:
            # its layout is its own; the docks' proportions resume after it
            self._following = window.dock_proportions.following
            window.dock_proportions.following = False
            self._saved = (
                window.saveState(),
                window.geometry(),
                window.zoom.level,
                window.windowState(),
            )
            self._widths = _column_widths(window)
            for name in SECONDARY_DOCKS:
                window.docks[name].hide()
            window.docks["plots"].show()
            window.showFullScreen()
            _settle()
            # as large as the screen allows, up to PRESENTATION_ZOOM
            level = window.zoom.level
            window.zoom.fit_level(max(level, PRESENTATION_ZOOM), level)
            window.network_view.set_presentation(True)
            # the graph is what the room looks at: the plots take 30%
            window.resizeDocks(
                [window.docks["plots"]],
                [round(0.3 * window.height())],
                Qt.Orientation.Vertical,
            )
            _settle()
            _keep_values_readable(window, level)
        else:
            state, geometry, level, window_state = self._saved
            window.network_view.set_presentation(False)
            window.zoom.set_level(level, store=False)
            _settle()  # the fonts' new sizes laid out
            if window_state & Qt.WindowState.WindowFullScreen:
                window.showFullScreen()
            elif window_state & Qt.WindowState.WindowMaximized:
                window.showMaximized()
            else:
                window.showNormal()
                window.setGeometry(geometry)
            # the docks' sizes are kept relative to the window's: restore them
            # once the window has its old size again
            _settle()
            window.restoreState(state)
            _settle()
            window.restoreState(state)  # again, with every size hint up to date
            _settle()
            # zooming back rounds columns (and Qt's minimum section size
            # clamps the narrow ones): their widths as they were
            _restore_column_widths(self._widths)
            window.dock_proportions.following = self._following
        self.active = on
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        self.toggled.emit(on)


def _column_widths(window) -> list:
    """``(header, widths)`` of every table of the window."""
    headers = [t.horizontalHeader() for t in window.findChildren(QTableView)]
    return [(h, [h.sectionSize(c) for c in range(h.count())]) for h in headers]


def _restore_column_widths(saved: list) -> None:
    for header, widths in saved:
        if header.count() == len(widths):  # the same table (no new session)
            for column, width in enumerate(widths):
                header.resizeSection(column, width)


def _keep_values_readable(window, floor: int) -> None:
    """A smaller zoom, down to ``floor``, while the graph has no room for the
    neurons' values (a 1024x700 projector showed bare dots at 175%); the zoom
    chosen first if they show at no level (a large network never shows them)."""
    view, zoom = window.network_view, window.zoom
    chosen = zoom.level
    for level in sorted((v for v in LEVELS if floor <= v < chosen), reverse=True):
        if view.shows_values():
            return
        zoom.set_level(level, store=False)
        _settle()
    if not view.shows_values():
        zoom.set_level(chosen, store=False)
        _settle()


def _settle() -> None:
    """Let pending layout and resize events run."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()
