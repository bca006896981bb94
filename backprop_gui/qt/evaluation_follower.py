"""Keeps an evaluation (accuracy, validation loss, confusion matrix) of the
session's state for the views that show one, computed off the GUI thread.

Evaluating every training and validation sample can take a second on an
MNIST-sized dataset; done in the GUI thread it would freeze every Step. The
follower takes a job from the debugger (a snapshot of the parameters; the data
arrays are never changed in place) and runs it on a worker thread, one at a time,
and at most once per interval (four times the last job's duration, at least
:data:`MIN_INTERVAL`) while the state keeps changing. ``latest`` is the newest
result; it belongs to the current state when :meth:`is_current`, else views mark
it stale with its step.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.debugger.evaluation import Evaluation
from .bridge import DebuggerBridge

#: Seconds between two evaluations while the state keeps changing, at least.
MIN_INTERVAL = 0.25


class EvaluationFollower(QObject):
    """Signal ``changed()``: ``latest`` is another evaluation, or the state moved
    on from it (views redraw either way)."""

    changed = Signal()
    _finished = Signal(object, int)

    def __init__(self, bridge: DebuggerBridge, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.latest: Evaluation | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="evaluate")
        self._running: Future | None = None
        self._interval = MIN_INTERVAL
        self._started = -1e9
        self._generation = 0  # a new session: results of the old one are dropped
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        self._finished.connect(self._take)
        bridge.stateChanged.connect(self.refresh)
        bridge.sessionLoaded.connect(self._new_session)
        self.refresh()

    def wanted(self) -> bool:
        """Whether the session has anything to evaluate (classes or a split)."""
        session = self.bridge.debugger.session
        return session.classes is not None or session.validation is not None

    def is_current(self) -> bool:
        latest = self.latest
        return latest is not None and latest.revision == (
            self.bridge.debugger.trainer.revision
        )

    def refresh(self) -> None:
        if not self.wanted():
            if self.latest is not None:
                self.latest = None
                self.changed.emit()
            return
        self.changed.emit()  # the state moved: views mark the latest stale
        if self.is_current() or self._running is not None:
            return  # a finished job asks again
        wait = self._started + self._interval - time.monotonic()
        if wait > 0:
            if not self._timer.isActive():
                self._timer.start(int(wait * 1000) + 1)
            return
        job = self.bridge.debugger.evaluation_job()
        self._started = time.monotonic()
        generation = self._generation
        self._running = self._pool.submit(job.run)
        self._running.add_done_callback(
            lambda done: self._finished.emit(done, generation)
        )

    def wait(self, timeout: float = 30.0) -> bool:
        """Block until the evaluation of the current state is in (tests, and
        exports that need it now)."""
        deadline = time.monotonic() + timeout
        while not self.is_current() and time.monotonic() < deadline:
            running = self._running
            if running is not None:
                self._take(running, self._generation, wait=True)
            else:
                self._interval, self._started = MIN_INTERVAL, -1e9
                self.refresh()
                if self._running is None and not self.wanted():
                    return False
        return self.is_current()

    def _take(self, done: Future, generation: int, wait: bool = False) -> None:
        if done is not self._running:
            return  # taken already (by wait)
        if wait:
            done.result()
        self._running = None
        self._interval = max(MIN_INTERVAL, 4 * (time.monotonic() - self._started))
        if generation == self._generation and done.exception() is None:
            self.latest = done.result()
        self.refresh()

    def _new_session(self) -> None:
        self._generation += 1
        self.latest = None
        self._interval, self._started = MIN_INTERVAL, -1e9
        self.refresh()

    def shutdown(self) -> None:
        self._timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
