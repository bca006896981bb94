"""Running training from the event loop without freezing the window.

Each timer tick runs whole updates (or only as many as the chosen speed allows)
until the views' next refresh is due, but for at least ``MIN_BUDGET_S`` and at
most ``MAX_BUDGET_S`` seconds (or up to ``MIN_BUDGET_S`` more, when that reaches
the refresh: a second, short tick would delay it), then returns to the event loop,
so input, painting and Pause are handled between ticks. So a run computes in the
time between refreshes, which the bridge sends at ``REFRESH_HZ``, or less often
when the views take long to paint (a large network or dataset, a slow machine):
a fast run spaces its refreshes so that painting them takes at most
``1 - COMPUTE_SHARE`` of the time. Views redraw at each refresh (until it comes,
those that read the state as they paint hold their picture: see
:mod:`.frame_hold`); the ticks in between return to the event loop all the
same, so Pause stays prompt.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, QTimer, Signal

from .bridge import REFRESH_HZ, DebuggerBridge

#: (label, updates per second; 0 = as fast as possible)
SPEEDS = (
    ("1 step/s", 1),
    ("5 steps/s", 5),
    ("20 steps/s", 20),
    ("100 steps/s", 100),
    ("1,000 steps/s", 1000),
    ("Fastest", 0),
)
MIN_BUDGET_S = 0.004
MAX_BUDGET_S = 0.030
#: Share of a fast run's time that goes to computing, at least: when the views
#: take longer to paint than the refresh rate leaves room for, refreshes come
#: less often. A little above the 80% the project asks for: the estimate of the
#: views' time lags as it changes, and timers add their own.
COMPUTE_SHARE = 0.85
#: Seconds between two refreshes of a fast run, at most, however slow the views.
SLOWEST_REFRESH_S = 1.0
#: Updates a tick asks for, at most (it ends at its deadline long before).
MAX_UPDATES = 1_000_000


def tick_budget(due_in: float) -> float:
    """Seconds a tick may compute: until the views' refresh is due (``due_in``),
    within MIN_BUDGET_S..MAX_BUDGET_S (or a little more, when that reaches it)."""
    budget = due_in if due_in <= MAX_BUDGET_S + MIN_BUDGET_S else MAX_BUDGET_S
    return max(MIN_BUDGET_S, budget)


def refresh_interval(views: float, speed: int) -> float:
    """Seconds from one refresh to the next while running: 1/REFRESH_HZ, or, for
    a fast run whose views take ``views`` seconds to update and paint, long
    enough that computing keeps COMPUTE_SHARE of the time (at most
    SLOWEST_REFRESH_S)."""
    shortest = 1.0 / REFRESH_HZ
    if speed:
        return shortest
    return min(SLOWEST_REFRESH_S, max(shortest, views / (1 - COMPUTE_SHARE)))


class RunController(QObject):
    """Signals: ``runningChanged(bool)``; ``stoppedByItself(str)`` with the reason
    when a run pauses on its own (a breakpoint, or a loss or parameter that is not
    finite); ``breakpointHit(Hit)`` with what fired and where."""

    runningChanged = Signal(bool)
    stoppedByItself = Signal(str)
    #: A breakpoint fired: its Hit (message, parameter, layer).
    breakpointHit = Signal(object)

    def __init__(self, bridge: DebuggerBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.speed = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._started = 0.0
        self._done = 0
        #: seconds from the end of a tick's computing to the start of the next
        #: when the views refreshed in between: their updates and painting
        self.views_time = 0.0
        self._computed: float | None = None
        self._measured = 0.0  # the refresh whose cost views_time last took

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def set_speed(self, updates_per_second: int) -> None:
        self.speed = updates_per_second
        self._computed = None  # ticks of the new speed measure afresh
        if self.running:
            self._restart_clock()

    def start(self) -> None:
        if self.running:
            return
        self.bridge.debugger.start_run()
        self._restart_clock()
        self.views_time, self._computed = 0.0, None
        self._timer.start(0 if self.speed == 0 else max(1, min(16, 1000 // self.speed)))
        self.runningChanged.emit(True)

    def pause(self) -> None:
        if not self.running:
            return
        self._timer.stop()
        # commands refresh at once again, and the last updates show now
        self.bridge.refresh_interval = 1.0 / REFRESH_HZ
        self.bridge.refresh_pending()
        self.runningChanged.emit(False)

    def toggle(self) -> None:
        self.pause() if self.running else self.start()

    def run_chunk(self, count: int) -> int:
        """Run ``count`` updates at once, as one tick does (views hear about it
        once; breakpoints stop it); returns the updates done."""
        with self.bridge.bulk():
            return self.bridge.debugger.run(count).done

    def _restart_clock(self) -> None:
        self._started = time.monotonic()
        self._done = 0

    def _tick(self) -> None:
        now = time.monotonic()
        bridge = self.bridge
        refreshed = bridge.last_refresh
        if (
            self.speed == 0  # (at a set speed a tick may wait: not the views)
            and self._computed is not None
            and self._computed <= refreshed  # the views refreshed since
            and refreshed != self._measured  # (each refresh counted once)
        ):
            gap = now - self._computed  # the views refreshed and painted
            weight = 0.3 if self.views_time else 1.0
            self.views_time += weight * (gap - self.views_time)
            self._measured = refreshed
        bridge.refresh_interval = refresh_interval(self.views_time, self.speed)
        deadline = now + tick_budget(bridge.refresh_due_in())
        if self.speed:
            due = int((now - self._started) * self.speed) - self._done
            if due <= 0:
                return
        else:
            due = math.inf
        with self.bridge.bulk():
            # one call: it stops after the update that reaches the deadline
            result = self.bridge.debugger.run(int(min(due, MAX_UPDATES)), deadline)
            self._computed = time.monotonic()  # the views' updates follow
        self._done += result.done
        hit = result.hit
        if hit is not None:
            self.pause()
            self.stoppedByItself.emit(f"Paused: {hit.message}")
            self.breakpointHit.emit(hit)
