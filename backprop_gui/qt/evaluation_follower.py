"""Keeps an evaluation (accuracy, validation loss, confusion matrix) of the
session's state for the views that show one, without holding up the window.

Evaluating every training and validation sample can take a second on an
MNIST-sized dataset; done at once it would freeze every Step. The follower takes
a job from the debugger (a snapshot of the parameters; the data arrays are never
changed in place) and computes it a chunk of rows at a time from the event loop,
at most :data:`SLICE_S` seconds per turn, so clicks, painting and a run go on in
between (no second thread: two threads multiplying matrices at once slowed both
by ten on a busy machine). While the state keeps changing a new job starts at
most once per interval (four times the last job's duration, at least
:data:`MIN_INTERVAL`). ``latest`` is the newest result; it belongs to the current
state when :meth:`is_current`; views mark it stale with its step unless it
:meth:`is_shown` (of the state they show).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.debugger.evaluation import Evaluation
from .bridge import DebuggerBridge

#: Seconds between two evaluations while the state keeps changing, at least.
MIN_INTERVAL = 0.25
#: The longest wait before the next evaluation (an interval from a very slow one)
MAX_WAIT_MS = 60_000
#: Seconds of computing per turn of the event loop, at most (one chunk more).
SLICE_S = 0.010


class EvaluationFollower(QObject):
    """Signal ``changed()``: ``latest`` is another evaluation, or the state moved
    on from it (views redraw either way)."""

    changed = Signal()

    def __init__(self, bridge: DebuggerBridge, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.latest: Evaluation | None = None
        #: why the latest evaluation failed (None: it did not)
        self.error: str | None = None
        self._failed: int | None = None  # the revision it failed for
        self._job = None  # (generator, revision) of the job under way
        self._interval = MIN_INTERVAL
        self._started = -1e9
        self._now = False  # wait(): an evaluation of the state as it is
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        self._worker = QTimer(self)
        self._worker.setSingleShot(True)
        self._worker.timeout.connect(self._advance)
        bridge.stateChanged.connect(self.refresh)
        bridge.sessionLoaded.connect(self._new_session)
        self.refresh()

    def wanted(self) -> bool:
        """Whether the session has anything to evaluate (classes or a split)."""
        return self.bridge.debugger.session.evaluated

    def is_current(self) -> bool:
        latest = self.latest
        return latest is not None and latest.revision == (
            self.bridge.debugger.trainer.revision
        )

    def is_shown(self) -> bool:
        """Whether ``latest`` is of the state the window shows: the current one
        but while a run's refresh waits (the views then show the last refresh's
        state, and an evaluation of it is not stale beside them)."""
        latest = self.latest
        return latest is not None and latest.revision == self.bridge.shown_revision

    def refresh(self) -> None:
        if not self.wanted():
            self._job, self.latest = None, None
            self.changed.emit()  # views hide or clear what they showed
            return
        self.changed.emit()  # the state moved: views mark the latest stale
        revision = self.bridge.debugger.trainer.revision
        if self.is_current() or self._job is not None or self._failed == revision:
            return  # a finished job asks again; a failed state is not retried
        if self.bridge.refresh_waiting and not self._now:
            # a run is past what the window shows: start from the state its
            # next refresh shows (an accuracy "at step 1166" sat beside
            # "Step 798" in the status bar)
            return
        wait = self._started + self._interval - time.monotonic()
        if wait > 0:
            if not self._timer.isActive():  # (a QTimer takes at most 2^31 ms)
                self._timer.start(min(int(wait * 1000) + 1, MAX_WAIT_MS))
            return
        self._started = time.monotonic()
        self._job = (self.bridge.debugger.evaluation_job().steps(), revision)
        self._worker.start(0)

    def wait(self) -> bool:
        """Compute the current state's evaluation now (tests, and exports that
        need it at once); whether there is one."""
        if not self.wanted():
            return False
        if not self.is_current():
            if self._job is not None and self._job[1] != (
                self.bridge.debugger.trainer.revision
            ):
                self._job = None  # an older state's: not worth finishing
            self._interval = MIN_INTERVAL
            if self._job is None:  # start one now (a job under way keeps its
                self._started = -1e9  # start: the next interval follows from it)
            self._now = True
            try:
                self.refresh()
            finally:
                self._now = False
            while self._job is not None:
                self._advance(budget=float("inf"))
        return self.is_current()

    def _advance(self, budget: float = SLICE_S) -> None:
        """Compute chunks for up to ``budget`` seconds; take the result when the
        job is done, else come back after the event loop had its turn."""
        if self._job is None:
            return
        steps, revision = self._job
        deadline = time.monotonic() + budget
        try:
            while time.monotonic() < deadline:
                next(steps)
        except StopIteration as done:
            self._job = None
            self.latest, self.error = done.value, None
        except (ArithmeticError, MemoryError, ValueError) as exc:
            self._job = None
            self.error, self._failed = f"{type(exc).__name__}: {exc}", revision
        else:
            self._worker.start(0)
            return
        self._interval = max(MIN_INTERVAL, 4 * (time.monotonic() - self._started))
        self.refresh()

    def _new_session(self) -> None:
        self._job = None
        self.latest, self.error, self._failed = None, None, None
        self._interval, self._started = MIN_INTERVAL, -1e9
        self.refresh()

    def shutdown(self) -> None:
        self._timer.stop()
        self._worker.stop()
        self._job = None
