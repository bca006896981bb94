"""How a run refreshes the window: less often when the views paint slowly, and
in between one state on screen (the views that read the state as they paint
hold their picture until the refresh)."""

import time

import pytest
from widget_events import EventLog


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
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    bridge, table = window.bridge, window.parameters.table
    window.controls.step.trigger()  # a refresh now
    bridge.refresh_interval = 60.0  # a run whose views paint slowly
    window.runner.run_chunk(5)
    assert bridge.refresh_waiting and not table.viewport().updatesEnabled()
    viewport = table.viewport()
    point = QPointF(10, 10)
    wheel = QWheelEvent(
        point,
        QPointF(viewport.mapToGlobal(QPoint(10, 10))),
        QPoint(),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert not bridge.refresh_waiting and viewport.updatesEnabled()
    assert window.counters.step.text() == f"Step {window.debugger.step}"
