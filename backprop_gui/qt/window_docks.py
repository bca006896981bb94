"""The main window's docks and their first layout: parameters on the right; plots,
dataset, explanations, confusion matrix and weight images along the bottom."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


def default_size(window: QMainWindow) -> QSize:
    """1360x860, or the screen's available size if smaller."""
    size = QSize(1360, 860)
    screen = window.screen()
    if screen is not None:
        size = size.boundedTo(screen.availableGeometry().size())
    return size


def build_docks(window) -> dict[str, QDockWidget]:
    """Docks by name; the confusion matrix and weight images start hidden (View
    menu), tabbed with the dataset."""
    docks = {}
    for name, title, widget, area in (
        ("parameters", "Parameters", window.parameters, RIGHT),
        ("plots", "Plots", window.plots, BOTTOM),
        ("dataset", "Dataset", window.dataset, BOTTOM),
        ("explain", "Explain", window.explain, BOTTOM),
        ("confusion", "Confusion matrix", window.confusion, BOTTOM),
        ("weight_images", "Weight images", window.weight_images, BOTTOM),
    ):
        dock = QDockWidget(title, window)
        dock.setObjectName(f"{name}Dock")
        dock.setWidget(widget)
        window.addDockWidget(area, dock)
        docks[name] = dock
    docks["explain"].visibilityChanged.connect(window.explain.set_shown)
    for name in ("explain", "confusion", "weight_images"):
        window.tabifyDockWidget(docks["dataset"], docks[name])
    for name, keys in (
        ("confusion", "Ctrl+Shift+M"),
        ("weight_images", "Ctrl+Shift+W"),
    ):
        docks[name].hide()
        action = docks[name].toggleViewAction()
        action.setShortcut(QKeySequence(keys))
        # shown from the View menu: in front of the docks it is tabbed with
        action.toggled.connect(
            lambda on, dock=docks[name]: on and QTimer.singleShot(0, dock.raise_)
        )
    docks["dataset"].raise_()
    return docks


class DockProportions:
    """The docks' first layout as shares of the window: parameters on the right
    (47% of the width), plots and dataset below (35% of the height). The height's
    share is kept while the window is resized (maximised, say), as long as the
    user has not dragged a separator between docks and no saved layout was
    restored: Qt alone would give all new height to the graph, and the plots
    would stay short. New width goes to the graph and the plots, which use it
    best (the table's columns do not)."""

    SPLIT_CURSORS = (Qt.CursorShape.SplitHCursor, Qt.CursorShape.SplitVCursor)

    def __init__(self, window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
        self.window, self.docks = window, docks
        self.following = True
        for dock in docks.values():  # moved or floated by the user: theirs
            dock.dockLocationChanged.connect(self._stop)
            dock.topLevelChanged.connect(self._stop)
        # the window's intended size (a small or 200%-scaled screen gives the
        # graph its share too)
        size = default_size(window)
        width = size.width()
        window.resizeDocks(
            [docks["parameters"]], [round(0.47 * width)], Qt.Orientation.Horizontal
        )
        self._apply_height(size.height())
        window.resizeDocks(
            [docks["plots"], docks["dataset"]],
            [round(0.51 * width), round(0.31 * width)],
            Qt.Orientation.Horizontal,
        )

    def _apply_height(self, height: int) -> None:
        self.window.resizeDocks(
            [self.docks["plots"]], [round(0.35 * height)], Qt.Orientation.Vertical
        )

    def window_resized(self) -> None:
        if self.following:
            self._apply_height(self.window.height())

    def _stop(self, *_args) -> None:
        self.following = False

    def mouse_pressed(self) -> None:
        """A press on the window itself: on a separator (its cursor says so),
        the user lays the docks out from now on."""
        if self.window.cursor().shape() in self.SPLIT_CURSORS:
            self.following = False
