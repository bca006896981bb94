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
    """Signal ``changed(int)``: the new level in percent."""

    changed = Signal(int)

    def __init__(self, window, settings: QSettings) -> None:
        super().__init__(window)
        self.window, self.settings = window, settings
        self.level = 100
        self._column_scale = 1.0

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
        self.set_level(next((v for v in LEVELS if v > self.level), LEVELS[-1]))

    def zoom_out(self) -> None:
        self.set_level(next((v for v in reversed(LEVELS) if v < self.level), LEVELS[0]))

    def reset(self) -> None:
        self.set_level(100)

    def step(self, steps: int) -> None:
        """Ctrl+wheel: ``steps`` notches in (positive) or out."""
        for _ in range(abs(steps)):
            self.zoom_in() if steps > 0 else self.zoom_out()

    def set_level(self, level: int, store: bool = True) -> None:
        level = min(max(int(level), LEVELS[0]), LEVELS[-1])
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
        self.level = level
        if store:
            self.settings.setValue(KEY, level)
        self.changed.emit(level)

    def _scale_tables(self, font: QFont, scale: float) -> None:
        height = QFontMetrics(font).height() + 6
        ratio = scale / self._column_scale
        for table in self.window.findChildren(QTableView):
            table.verticalHeader().setDefaultSectionSize(height)
            header = table.horizontalHeader()
            for column in range(header.count()):
                header.resizeSection(column, round(header.sectionSize(column) * ratio))
        self._column_scale = scale
