"""View → Zoom in / Zoom out / Actual size: every text of the window larger or
smaller, for a projector or a small screen.

The zoom scales the application font, which every widget follows (tables, the
graph's labels, Explain, menus, the status bar), and then what does not follow a
font by itself: table row heights and column widths, and the plots' axis, label
and legend text. The level is kept in QSettings (``view/zoom``, in percent).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QTableView

LEVELS = (50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
KEY = "view/zoom"
_BASE_FONT = "backprop_gui_base_font"


#: Widget classes whose font the platform theme may set apart from the default
#: one (dock titles are smaller, for instance): each is scaled from its own base.
THEMED_CLASSES = (
    "QDockWidgetTitle",
    "QMenuBar",
    "QMenu",
    "QTabBar",
    "QHeaderView",
    "QTipLabel",
    "QStatusBar",
    "QMessageBox",
    "QToolButton",
    "QPushButton",
    "QComboBox",
    "QLineEdit",
)


def base_font() -> QFont:
    """The application font before any zoom (kept on the application object, so
    every window of the process scales the same base)."""
    return _base_fonts()[""]


def _base_fonts() -> dict[str, QFont]:
    app = QApplication.instance()
    fonts = app.property(_BASE_FONT)
    if not isinstance(fonts, dict):
        fonts = {"": QFont(app.font())}
        fonts.update((name, QFont(app.font(name))) for name in THEMED_CLASSES)
        app.setProperty(_BASE_FONT, fonts)
    return fonts


def _scaled(font: QFont, factor: float) -> QFont:
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * factor)
    return scaled


def stored_level(settings: QSettings) -> int:
    """The stored zoom, or 100 for anything that is not one of the levels."""
    try:
        level = int(float(settings.value(KEY, 100)))
    except (TypeError, ValueError, OverflowError):
        return 100
    return level if level in LEVELS else 100


class Zoom(QObject):
    """Signal ``changed(int)``: the new level in percent; ``limited(str)``: a
    zoom in was refused because the window would no longer fit the screen."""

    changed = Signal(int)
    limited = Signal(str)

    def __init__(self, window, settings: QSettings) -> None:
        super().__init__(window)
        self.window, self.settings = window, settings
        self.level = 100
        self._column_scale = 1.0
        self._zooming = False
        self._user_size = None  # the window's size before a zoom grew it

        self.zoom_in_action = self._action(
            "Zoom &in",
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")],
            self.zoom_in,
            "Larger text everywhere (also Ctrl+wheel over the graph)",
        )
        self.zoom_out_action = self._action(
            "Zoom &out",
            [QKeySequence(QKeySequence.StandardKey.ZoomOut)],
            self.zoom_out,
            "Smaller text everywhere",
        )
        self.actual_size_action = self._action(
            "&Actual size", [QKeySequence("Ctrl+0")], self.reset, "Text at 100%"
        )

    def _action(self, text, shortcuts, slot, tip) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts(shortcuts)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def fill_menu(self, menu) -> None:
        for action in (
            self.zoom_in_action,
            self.zoom_out_action,
            self.actual_size_action,
        ):
            menu.addAction(action)

    def zoom_in(self) -> None:
        if self._zooming:  # a wheel notch handled inside the events it runs
            return
        self._zooming = True
        try:
            self._zoom_in()
        finally:
            self._zooming = False

    def _zoom_in(self) -> None:
        previous = self.level
        view = self.window.network_view
        had_values, had_room = view.shows_values(), view.neurons_apart()
        self.set_level(next((v for v in LEVELS if v > self.level), LEVELS[-1]))
        if self.level == previous:
            return
        why = None
        if not self._fits_screen():
            why = "the window would not fit the screen at a larger size"
        else:
            # the docks' new sizes first (a maximised window lays out later)
            QApplication.sendPostedEvents()
            QApplication.processEvents()
            if had_values and not view.shows_values():
                # found in a real-window trial: at 300% the graph was 40 px
                # tall with labels over the neurons
                why = "a larger size leaves the graph no room for the neurons' values"
            elif had_room and not view.neurons_apart():
                # digits at 1024x700 (no values at any size) zoomed to 175%:
                # its neurons, "+62 more" and the caption drawn over each other
                why = "a larger size leaves the graph no room for its neurons"
        if why is not None:
            self.set_level(previous)
            self.limited.emit(f"Zoom stays at {previous}%: {why}")

    def fit_level(self, target: int, floor: int) -> None:
        """The largest level up to ``target`` (not below ``floor``) at which the
        window fits its screen; not stored (View → Presentation uses it)."""
        for level in sorted((v for v in LEVELS if floor <= v <= target), reverse=True):
            self.set_level(level, store=False)
            if self._fits_screen():
                return
        self.set_level(floor, store=False)

    def _fits_screen(self) -> bool:
        window = self.window
        screen = window.screen()
        if screen is None or not window.isVisible():
            return True
        room = screen.availableGeometry().size()
        needed = window.minimumSizeHint()
        return needed.width() <= room.width() and needed.height() <= room.height()

    def zoom_out(self) -> None:
        self.set_level(next((v for v in reversed(LEVELS) if v < self.level), LEVELS[0]))

    def reset(self) -> None:
        self.set_level(100)

    def step(self, steps: int) -> None:
        """Ctrl+wheel: ``steps`` notches in (positive) or out."""
        for _ in range(abs(steps)):
            self.zoom_in() if steps > 0 else self.zoom_out()

    def set_level(self, level: int, store: bool = True, force: bool = False) -> None:
        """Apply ``level`` (percent); ``force``: even if it is the level already
        (a new window sets the application's font, which another may have
        zoomed)."""
        level = min(max(int(level), LEVELS[0]), LEVELS[-1])
        if level == self.level and not force:
            return
        size_before = self.window.size()
        bases = _base_fonts()
        font = _scaled(bases[""], level / 100)
        QApplication.setFont(font)
        for name in THEMED_CLASSES:
            QApplication.setFont(_scaled(bases[name], level / 100), name)
        self.window.setFont(font)
        # QDockWidget draws its title in a font it cached when it was made,
        # unless its own font differs from the application's font for
        # QDockWidget: give the docks an equal-looking font that compares unequal
        title = QFont(font)
        title.setStyleStrategy(QFont.StyleStrategy.PreferQuality)
        for dock in self.window.findChildren(QDockWidget):
            dock.setFont(title)
        self._scale_tables(font, level / 100)
        self.window.plots.set_text_font(font)
        self._keep_window_size(size_before)
        self.level = level
        if store:
            self.settings.setValue(KEY, level)
        self.changed.emit(level)

    def _keep_window_size(self, size_before) -> None:
        """Larger text raises the window's minimum size, and Qt then grows the
        window, even past the screen, and never shrinks it again: keep the size
        the user had (or the smallest the new text allows), within the screen."""
        window = self.window
        if window.isFullScreen() or window.isMaximized() or not window.isVisible():
            return
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        if self._user_size is None and window.size() != size_before:
            self._user_size = size_before
        if self._user_size is None:
            return
        target = self._user_size.expandedTo(window.minimumSizeHint())
        screen = window.screen()
        if screen is not None:
            target = target.boundedTo(screen.availableGeometry().size())
        window.resize(target)
        if window.size() == self._user_size:
            self._user_size = None

    def _scale_tables(self, font: QFont, scale: float) -> None:
        height = QFontMetrics(font).height() + 6
        ratio = scale / self._column_scale
        for table in self.window.findChildren(QTableView):
            table.verticalHeader().setDefaultSectionSize(height)
            header = table.horizontalHeader()
            for column in range(header.count()):
                header.resizeSection(column, round(header.sectionSize(column) * ratio))
        self._column_scale = scale
