"""View → Zoom in / Zoom out / Actual size: every text of the window scales, and
the level is remembered."""

import pytest
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from widget_events import turn_wheel

from backprop_gui.qt.zoom import base_font


def sizes(window):
    """The point size of every kind of text the window shows."""
    plots = window.plots
    axis = plots.loss_plot.getPlotItem().getAxis("bottom")
    legend = plots.norm_plot.getPlotItem().legend
    return {
        "application": QApplication.font().pointSizeF(),
        "parameter table": window.parameters.table.font().pointSizeF(),
        "dataset table": window.dataset.table.font().pointSizeF(),
        "graph": window.network_view.font().pointSizeF(),
        "explain": window.explain.text.font().pointSizeF(),
        "status bar": window.statusBar().font().pointSizeF(),
        "menu bar": window.menuBar().font().pointSizeF(),
        "description": window.description.font().pointSizeF(),
        "step counter": window.counters.step.font().pointSizeF(),
        "axis numbers": axis.style["tickFont"].pointSizeF(),
        "axis label": float(axis.labelStyle["font-size"].removesuffix("pt")),
        "legend": float(legend.items[0][1].opts["size"].removesuffix("pt")),
    }


def title_text_height(dock):
    """The height in pixels of the text drawn in a dock's title bar."""
    image = dock.grab(QRect(0, 0, dock.width() // 2, dock.widget().y())).toImage()
    rows = [
        y
        for y in range(image.height())
        if any(
            QColor(image.pixel(x, y)).lightness() < 100 for x in range(image.width())
        )
    ]
    return rows[-1] - rows[0] + 1 if rows else 0


def base_font_of(name):
    from backprop_gui.qt.zoom import _base_fonts

    return _base_fonts()[name].pointSizeF()


def press(window, keys):
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000)
    QTest.keySequence(window, QKeySequence(keys))
    QApplication.processEvents()


def test_zoom_scales_every_text_and_is_remembered(make_window):
    window = make_window()
    window.zoom.actual_size_action.trigger()
    base = base_font().pointSizeF()
    row = window.parameters.table.verticalHeader().defaultSectionSize()
    QApplication.processEvents()
    title_heights = {
        name: title_text_height(dock)
        for name, dock in window.docks.items()
        if dock.isVisible()
    }
    window.zoom.zoom_in_action.trigger()
    window.zoom.zoom_in_action.trigger()  # 100 → 110 → 125
    QApplication.processEvents()
    assert window.zoom.level == 125
    for what, size in sizes(window).items():
        assert abs(size - base * 1.25) < 0.06, what
    assert window.parameters.table.verticalHeader().defaultSectionSize() > row
    counter = window.counters.step
    assert counter.width() >= counter.fontMetrics().horizontalAdvance(counter.text())
    dock_title = QApplication.font("QDockWidgetTitle").pointSizeF()
    assert abs(dock_title - base_font_of("QDockWidgetTitle") * 1.25) < 0.06
    for name, height in title_heights.items():  # the drawn titles grew
        assert title_text_height(window.docks[name]) >= height + 2, name
    again = make_window()  # the next start
    assert again.zoom.level == 125
    assert abs(sizes(again)["parameter table"] - base * 1.25) < 0.06
    press(again, "Ctrl+0")
    assert again.zoom.level == 100
    for what, size in sizes(again).items():
        assert abs(size - base) < 0.06, what


def test_zoom_shortcuts_and_ctrl_wheel_over_the_graph(make_window):
    window = make_window()
    window.zoom.actual_size_action.trigger()
    press(window, "Ctrl++")
    assert window.zoom.level == 110
    press(window, "Ctrl+-")
    press(window, "Ctrl+-")
    assert window.zoom.level == 90
    view = window.network_view
    centre = QPointF(view.width() / 2, view.height() / 2)
    for notches, expected in ((2, 110), (-1, 100)):
        turn_wheel(view, notches, centre, Qt.KeyboardModifier.ControlModifier)
        assert window.zoom.level == expected
    window.zoom.actual_size_action.trigger()


def test_zoom_stays_within_its_levels(make_window, settings, monkeypatch):
    from backprop_gui.qt.zoom import Zoom

    monkeypatch.setattr(Zoom, "_fits_screen", lambda self: True)  # a huge screen
    settings.setValue("view/zoom", "garbage")
    window = make_window()
    # and a graph with room for its neurons and values at any size
    monkeypatch.setattr(window.network_view, "shows_values", lambda: True)
    monkeypatch.setattr(window.network_view, "neurons_apart", lambda: True)
    assert window.zoom.level == 100
    for _ in range(20):
        window.zoom.zoom_out_action.trigger()
    assert window.zoom.level == 50
    for _ in range(20):
        window.zoom.zoom_in_action.trigger()
    assert window.zoom.level == 300
    window.zoom.actual_size_action.trigger()


def test_zoom_in_stops_where_the_window_would_not_fit_the_screen(
    make_window, monkeypatch
):
    """The offscreen test screen is 800x800: larger text soon needs more. Found
    in a real-window trial: the window grew past the screen and stayed so."""
    window = make_window()
    monkeypatch.setattr(window.network_view, "shows_values", lambda: True)
    monkeypatch.setattr(window.network_view, "neurons_apart", lambda: True)
    window.zoom.actual_size_action.trigger()
    window.resize(780, 760)
    QApplication.processEvents()
    for _ in range(12):
        window.zoom.zoom_in_action.trigger()
    QApplication.processEvents()
    assert 100 < window.zoom.level < 300
    assert "would not fit the screen" in window.messages.text()
    room = window.screen().availableGeometry().size()
    assert window.width() <= room.width() and window.height() <= room.height()
    press(window, "Ctrl+0")
    assert (window.width(), window.height()) == (780, 760)  # the user's size back
    # the note was about the level it stayed at (found in a real-window trial:
    # it outlived Ctrl+0); an error of another kind stays
    assert window.messages.text() == ""
    window.show_message("Value refused: not a number", True)
    press(window, "Ctrl+-")
    assert window.messages.text() == "Value refused: not a number"


def test_the_parameter_tables_words_fit_at_every_zoom_level(make_window):
    """Found at 75%: the Kind column showed "wei…" (its width had been scaled
    as a whole, and a cell's margins do not shrink with the text)."""
    from PySide6.QtGui import QFontMetrics

    window = make_window("mazur")
    table = window.parameters.table
    header = table.horizontalHeader()
    kind = 3
    seen = set()
    for action in ["zoom_out_action"] * 6 + ["zoom_in_action"] * 12:
        getattr(window.zoom, action).trigger()
        QApplication.processEvents()
        seen.add(window.zoom.level)
        metrics = QFontMetrics(table.font())
        room = header.sectionSize(kind) - 7  # the text margins and the grid line
        assert metrics.horizontalAdvance("weight") <= room, window.zoom.level
    assert {50, 75, 100, 125} <= seen  # further in, the window would not fit


@pytest.mark.parametrize(
    ("preset", "size", "kept", "why"),
    [
        # found in a real-window trial: at 1920x1080 iris zoomed to 300%, its
        # graph 40 px tall, labels drawn over the neurons
        ("mazur", (780, 760), "shows_values", "room for the neurons' values"),
        # a graph without values at any size (digits at 1024x700) zoomed on to
        # 175%: its neurons, "+62 more" and the caption drawn over each other
        ("digits", (1024, 700), "neurons_apart", "room for its neurons"),
    ],
)
def test_zoom_in_stops_before_the_graph_loses_room(
    make_window, monkeypatch, preset, size, kept, why
):
    from backprop_gui.qt.zoom import Zoom

    monkeypatch.setattr(Zoom, "_fits_screen", lambda self: True)  # a huge screen
    window = make_window(preset)
    window.resize(*size)
    QApplication.processEvents()
    has_room = getattr(window.network_view, kept)
    assert has_room()
    for _ in range(12):
        press(window, "Ctrl++")
    assert has_room() and window.zoom.level < 300
    assert window.messages.text() == (
        f"Zoom stays at {window.zoom.level}%: a larger size leaves the graph no {why}"
    )
    window.zoom.actual_size_action.trigger()


def test_a_message_keeps_its_room_when_the_counters_grow(qtbot, make_window):
    """Counters that grow while a message shows (a zoom, a run's longer loss)
    left it a stub beside them: "Undone: se" after two Ctrl++ (trial)."""
    from backprop_gui.qt.status_label import StatusLabel

    window = make_window("digits")
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.zoom.actual_size_action.trigger()
    bar = window.statusBar()

    def room_left() -> int:
        """What the message has beyond its text's width, once laid out."""
        qtbot.wait(50)
        counters = [w for w in bar.findChildren(StatusLabel) if w.isVisible()]
        used = sum(w.width() + 6 for w in counters)
        text = bar.currentMessage()
        return bar.width() - 28 - used - bar.fontMetrics().horizontalAdvance(text)

    press(window, "F10")
    press(window, "F10")  # a long loss beside "Backward pass of update 1 done"
    assert bar.currentMessage().startswith("Backward pass")
    assert room_left() >= 0
    for _ in range(2):
        press(window, "Ctrl++")
        assert bar.currentMessage().startswith("Backward pass")
        assert room_left() >= 0, window.zoom.level
    window.zoom.actual_size_action.trigger()
