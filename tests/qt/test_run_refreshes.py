"""How a run refreshes the window: less often when the views paint slowly, and
in between one state on screen (the views that read the state as they paint
hold their picture until the refresh)."""

import time

import pytest
from widget_events import EventLog, turn_wheel


def test_refreshes_come_less_often_when_the_views_paint_slowly():
    from backprop_gui.qt.bridge import REFRESH_HZ
    from backprop_gui.qt.runner import (
        COMPUTE_SHARE,
        MAX_BUDGET_S,
        MIN_BUDGET_S,
        SLOWEST_REFRESH_S,
        refresh_interval,
        tick_budget,
    )

    assert tick_budget(0.020) == 0.020  # until the refresh is due
    assert tick_budget(0.0) == MIN_BUDGET_S
    assert tick_budget(1.0) == MAX_BUDGET_S  # Pause stays prompt
    assert refresh_interval(0.002, 0) == 1 / REFRESH_HZ  # views paint fast
    # the views take 30 ms: computing keeps COMPUTE_SHARE of the time
    interval = refresh_interval(0.030, 0)
    assert (interval - 0.030) / interval == pytest.approx(COMPUTE_SHARE)
    assert COMPUTE_SHARE >= 0.8
    assert refresh_interval(5.0, 0) == SLOWEST_REFRESH_S  # still once a second
    assert refresh_interval(0.030, 20) == 1 / REFRESH_HZ  # a set speed: as it is


def test_a_run_whose_views_paint_slowly_refreshes_them_together(qtbot, make_window):
    """Views slower than 24 refreshes a second allow: the run refreshes them less
    often, and in between, while the run is past what they show, nothing paints
    a later update: not the parameter table after each tick, not the graph when
    it settles or the mouse moves over it, not a table scrolled, not an
    accuracy computed meanwhile (found in a real-window trial: the graph said
    "Update 83" beside "Step 3" in the status bar)."""
    from PySide6.QtCore import QEvent, QPoint, QTimer
    from PySide6.QtTest import QTest

    window = make_window("digits")
    view, table = window.network_view, window.parameters.table
    original = view.paintEvent

    def slow_paint(event):
        time.sleep(0.03)  # a graph that takes 30 ms to paint
        original(event)

    view.paintEvent = slow_paint
    shown = [window.debugger.step]  # the step each refresh shows
    window.bridge.stateChanged.connect(lambda: shown.append(window.debugger.step))
    log = EventLog(
        QEvent.Type.Paint,
        [view, table.viewport(), window.dataset.table.viewport()],
        lambda obj, event: (obj, window.bridge.last_refresh),
    )
    evaluations = []
    window.evaluations.changed.connect(
        lambda: evaluations.append((window.evaluations.latest, shown[-1]))
    )
    moves = [0]

    def act():  # the mouse over the graph, the table scrolled
        if not window.bridge.refresh_waiting:
            return  # the refresh came first (a loaded machine): nothing held
        moves[0] += 1
        QTest.mouseMove(view, QPoint(100 + 7 * (moves[0] % 40), 150))
        table.verticalScrollBar().setValue(moves[0] % 50)

    # as soon as the run is past the picture (its refresh waits)
    window.bridge.refreshDeferred.connect(lambda: QTimer.singleShot(0, act))
    window.controls.run.trigger()
    qtbot.wait(1500)
    window.controls.run.trigger()  # Pause: the last updates are shown at once
    assert window.counters.step.text() == f"Step {window.debugger.step}"
    assert window.bridge.refresh_interval == pytest.approx(1 / 24)
    assert window.runner.views_time >= 0.03 and moves[0] >= 1
    assert len(shown) <= 1.5 / 0.2 + 3  # at most 5 refreshes a second, not 24
    # each refresh paints each of them once at most (none in between)
    assert len(log.seen) == len(set(log.seen))
    # an accuracy shows a state the window showed, never a later one
    assert all(e is None or e.step <= step for e, step in evaluations)


def test_the_accuracy_keeps_its_width_when_its_step_note_comes_and_goes(window):
    """During a run "(at step N)" follows the accuracy at every refresh until
    the evaluation catches up: the label kept shrinking and growing, and the
    step and loss counters beside it jumped sideways."""
    label = window.counters.accuracy
    label.set_text("Accuracy: train 97.5% · val. 90.0% (at step 12345)")
    wide = label.width()
    label.set_text("Accuracy: train 97.6% · val. 90.0%")
    assert label.width() == wide
    label.set_text("Accuracy: –")  # much shorter than that: it shrinks
    assert label.width() < wide


def test_a_wheel_over_a_held_table_brings_the_waiting_refresh_at_once(window):
    """Scrolling, clicking or typing where the picture is held shows the run's
    state at once rather than up to a second later."""
    bridge, table = window.bridge, window.parameters.table
    _hold_a_refresh(window)
    assert not table.viewport().updatesEnabled()
    viewport = table.viewport()
    turn_wheel(viewport, -1)
    assert not bridge.refresh_waiting and viewport.updatesEnabled()
    assert window.counters.step.text() == f"Step {window.debugger.step}"


def _hold_a_refresh(window) -> None:
    """A run past the window's picture: its refresh waits (views that paint
    slowly)."""
    window.controls.step.trigger()
    window.bridge.refresh_pending()  # the Step shown now, whatever the interval
    window.bridge.refresh_interval = 60.0
    window.runner.run_chunk(5)
    assert window.bridge.refresh_waiting


def _link_point(browser, href: str):
    """Where the link to ``href`` is drawn in a text browser's viewport."""
    from PySide6.QtGui import QTextCursor

    document = browser.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + 1)
                return browser.cursorRect(cursor).center()
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href}")


def test_explain_renders_a_link_or_back_with_the_state_the_window_shows(window):
    """During a run the Explain panel renders at each refresh; a link clicked
    between two refreshes rendered the debugger's later state beside the
    graph's and the tables' held picture (noted in the last trial)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from backprop_gui.core.engine.keys import ParameterKey

    explain, bridge = window.explain, window.bridge
    window.docks["explain"].show()
    window.docks["explain"].raise_()
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()
    window.parameters.select_parameter(ParameterKey.weight(1, 0, 0))
    # at each rendering: whether the window showed an earlier state than the
    # debugger's (a run's refresh waiting)
    rendered = []
    explain.text.textChanged.connect(lambda: rendered.append(bridge.refresh_waiting))
    _hold_a_refresh(window)
    point = _link_point(explain.text, "explain:delta:2:0:0")
    QTest.mouseClick(
        explain.text.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        point,
    )
    assert explain.key == ("delta", 2, 0, 0)
    _hold_a_refresh(window)
    QTest.mouseClick(explain.back, Qt.MouseButton.LeftButton)
    assert explain.key[0] == "dW" and not bridge.refresh_waiting
    assert len(rendered) >= 2 and not any(rendered)
    assert window.counters.step.text() == f"Step {window.debugger.step}"


def test_a_tooltip_asked_for_in_a_held_view_comes_from_the_state_it_shows(window):
    """A tooltip is written when the mouse rests: in a held table it read the
    run's later state (a row not painted since the refresh computes anew)."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication

    for viewport in (
        window.parameters.table.viewport(),
        window.dataset.table.viewport(),
    ):
        _hold_a_refresh(window)
        position = QPoint(20, 20)
        tip = QHelpEvent(QEvent.Type.ToolTip, position, viewport.mapToGlobal(position))
        QApplication.sendEvent(viewport, tip)
        assert not window.bridge.refresh_waiting and viewport.updatesEnabled()
        assert window.counters.step.text() == f"Step {window.debugger.step}"


def test_an_evaluation_of_the_shown_state_is_not_marked_stale_beside_it(
    qtbot, make_window
):
    """An accuracy computed for the state the window shows, arriving while a
    run's refresh waits, was marked "(at step N)" beside "Step N" and its
    confusion counts greyed: they were compared with the debugger's later
    state, not with the one shown."""
    window = make_window("iris")
    follower, bridge = window.evaluations, window.bridge
    window.docks["confusion"].toggleViewAction().trigger()
    assert follower.wait()
    # the next evaluation may start (at most one per interval)
    qtbot.wait(int(1000 * follower._interval) + 100)
    _hold_a_refresh(window)  # its Step's refresh starts the evaluation
    shown = int(window.counters.step.text().removeprefix("Step "))
    qtbot.waitUntil(lambda: follower.latest.step == shown)
    assert not follower.is_current() and window.debugger.step > shown
    assert window.counters.step.text() == f"Step {shown}"
    assert window.counters.accuracy.text().endswith("%")  # no note
    assert "Stale" not in window.confusion.caption.text()
    bridge.refresh_pending()  # the run's state shown: now the note is due
    assert window.counters.accuracy.text().endswith(f"(at step {shown})")


def test_a_dock_shown_while_a_refresh_waits_shows_the_state_the_window_shows(
    qtbot, make_window
):
    """Raising the Explain tab, or opening Weight images, between two refreshes
    of a run drew them from the debugger's later state beside "Step N" (review)."""
    from backprop_gui.core.engine.keys import ParameterKey

    window = make_window("digits")
    window.show()
    qtbot.waitExposed(window)
    bridge, docks = window.bridge, window.docks
    docks["explain"].show()
    docks["explain"].raise_()
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()
    window.parameters.select_parameter(ParameterKey.weight(1, 0, 0))
    docks["dataset"].raise_()  # Explain: the tab behind it
    qtbot.waitUntil(lambda: window.explain.visibleRegion().isEmpty())
    rendered = []  # whether a refresh waited at each drawing
    window.explain.text.textChanged.connect(
        lambda: rendered.append(bridge.refresh_waiting)
    )
    images = window.weight_images
    original = images.redraw

    def redraw():
        rendered.append(bridge.refresh_waiting)
        original()

    images.redraw = redraw
    _hold_a_refresh(window)
    docks["explain"].raise_()
    qtbot.waitUntil(lambda: not window.explain.visibleRegion().isEmpty())
    assert rendered and not bridge.refresh_waiting
    _hold_a_refresh(window)
    docks["weight_images"].toggleViewAction().trigger()
    assert images.isVisible() and not bridge.refresh_waiting
    assert len(rendered) >= 2 and not any(rendered)
    assert window.counters.step.text() == f"Step {window.debugger.step}"
