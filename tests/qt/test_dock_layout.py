"""The docks' first layout follows the window's size: maximised on a large screen,
the plots get their share of the new height (Qt alone gives it all to the graph),
until the user drags a separator between docks or a saved layout is restored."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

LEFT = Qt.MouseButton.LeftButton
NO_KEYS = Qt.KeyboardModifier.NoModifier


def plots_share(window) -> float:
    return window.docks["plots"].height() / window.height()


def grow(window, width=1900, height=1050) -> None:
    window.resize(width, height)
    QApplication.processEvents()
    assert window.height() == height


def test_a_larger_window_gives_the_plots_their_share_of_the_height(make_window):
    window = make_window()
    table_width = window.docks["parameters"].width()
    assert abs(plots_share(window) - 0.35) < 0.02
    grow(window)
    assert abs(plots_share(window) - 0.35) < 0.02
    # new width goes to the graph and the plots, not the table's columns
    assert window.docks["parameters"].width() == table_width
    # a click on the description (passed up to the window) is no separator drag
    QTest.mouseClick(window.description, LEFT, NO_KEYS, QPoint(5, 5))
    grow(window, 1500, 760)
    assert abs(plots_share(window) - 0.35) < 0.02


def test_after_the_user_touches_a_separator_the_docks_keep_their_size(make_window):
    window = make_window()
    plots = window.docks["plots"]
    separator = QPoint(100, plots.geometry().top() - 2)  # above the plots dock
    QTest.mouseMove(window, separator)
    assert window.cursor().shape() == Qt.CursorShape.SplitVCursor
    QTest.mousePress(window, LEFT, NO_KEYS, separator)
    QTest.mouseRelease(window, LEFT, NO_KEYS, separator)
    height = plots.height()
    grow(window)
    assert plots.height() == height


def test_a_restored_layout_is_the_users_and_stays(make_window, settings):
    window = make_window()
    window.close()  # remembers the layout
    window = make_window()
    height = window.docks["plots"].height()
    grow(window)
    assert window.docks["plots"].height() == height


def test_a_dock_moved_by_the_user_is_theirs(make_window):
    """Found in review: a dock dragged to another area kept being given 35%
    of the height."""
    window = make_window()
    plots = window.docks["plots"]
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, plots)
    QApplication.processEvents()
    assert not window.dock_proportions.following
