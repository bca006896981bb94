"""Running training from the event loop without freezing the window.

Each timer tick runs whole updates (or only as many as the chosen speed allows)
until the views' next refresh is due, but for at least ``MIN_BUDGET_S`` and at
most ``MAX_BUDGET_S`` seconds (or up to ``MIN_BUDGET_S`` more, when that reaches
the refresh: a second, short tick would delay it), then returns to the event loop,
so input, painting and Pause are handled between ticks. So a run computes in the
time between refreshes, which the bridge sends at ``REFRESH_HZ``. Views are told
once per tick.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, QTimer, Signal

from .bridge import DebuggerBridge

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
#: take longer to repaint than the refresh rate leaves room for (a large network
#: or dataset), ticks grow, up to LONGEST_BUDGET_S, and the views refresh less often.
#: A little above the 80% the project asks for: the estimate of the views' time
#: lags as it changes, and timers add their own (measured 79-82% with it).
COMPUTE_SHARE = 0.83
LONGEST_BUDGET_S = 0.090
#: Updates a tick asks for, at most (it ends at its deadline long before).
MAX_UPDATES = 1_000_000


def tick_budget(due_in: float, outside: float, speed: int) -> float:
    """Seconds a tick may compute: until the views' refresh is due (``due_in``),
    within MIN_BUDGET_S..MAX_BUDGET_S; longer, up to LONGEST_BUDGET_S, when a
    fast run's event loop takes ``outside`` seconds between ticks (painting) so
    that computing keeps at least COMPUTE_SHARE of the time."""
    budget = due_in if due_in <= MAX_BUDGET_S + MIN_BUDGET_S else MAX_BUDGET_S
    share = COMPUTE_SHARE / (1 - COMPUTE_SHARE) * outside
    if speed == 0 and share > budget:  # the views cost too much
        budget = min(share, LONGEST_BUDGET_S)
    return max(MIN_BUDGET_S, budget)


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
        #: seconds from the end of one tick's computing to the start of the
        #: next's: the views' updates after it, then painting and input
        self._outside = 0.0
        self._computed: float | None = None

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def set_speed(self, updates_per_second: int) -> None:
        self.speed = updates_per_second
        if self.running:
            self._restart_clock()

    def start(self) -> None:
        if self.running:
            return
        self.bridge.debugger.start_run()
        self._restart_clock()
        self._outside, self._computed = 0.0, None
        self._timer.start(0 if self.speed == 0 else max(1, min(16, 1000 // self.speed)))
        self.runningChanged.emit(True)

    def pause(self) -> None:
        if not self.running:
            return
        self._timer.stop()
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
        if self._computed is not None:
            self._outside = 0.7 * self._outside + 0.3 * (now - self._computed)
        budget = tick_budget(self.bridge.refresh_due_in(), self._outside, self.speed)
        deadline = now + budget
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
