"""The one place where the GUI listens to the core.

:class:`TrainerBridge` subscribes to the trainer's events and re-emits them as Qt
signals; views connect to the signals and read the new state from ``bridge.trainer``.
User actions come in through the bridge's command methods, which call the core.

Signals
-------
phaseCompleted(int step, str phase)
    A phase ran (manual stepping). ``step`` is the update the phase belongs to.
stepsAdvanced(int step)
    A chunk of a run finished (phases inside it are not announced one by one).
parametersEdited(object detail)
    A weight or bias was edited; ``detail`` is ``("W", l, i, j, value)``,
    ``("b", l, j, value)`` or ``("all", Parameters)``.
settingsChanged(object detail)
    Learning rate or batching changed: ``("learning_rate", lr)`` or
    ``("batching", batch_size, shuffle_seed)``.
dataEdited()
    Inputs or targets changed.
sessionReset()
    Back to the initial parameters.
sessionLoaded()
    Another session replaced the current one (network shape may differ).
sessionRewound()
    The state went back to an earlier point of its history (``bridge.timeline``).
stateChanged()
    After any of the above: for views that simply redraw everything. While running
    it is emitted at most ``REFRESH_HZ`` times a second.
modifiedChanged(bool)
    Whether the session has changes that are not saved.
"""

from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.debugger.breakpoints import Breakpoints
from ..core.debugger.events import Event
from ..core.debugger.journal import Journal
from ..core.debugger.metrics import MetricsHistory
from ..core.debugger.timeline import Timeline
from ..core.debugger.trainer import Trainer
from ..core.debugger.watches import Watches
from ..core.engine.session import Session

#: Refreshes per second while running: views redraw this often, and the run
#: computes in between (each refresh of the whole window costs ~10-15 ms).
REFRESH_HZ = 24


class TrainerBridge(QObject):
    phaseCompleted = Signal(int, str)
    stepsAdvanced = Signal(int)
    parametersEdited = Signal(object)
    settingsChanged = Signal(object)
    dataEdited = Signal()
    sessionReset = Signal()
    sessionLoaded = Signal()
    sessionRewound = Signal()
    stateChanged = Signal()
    modifiedChanged = Signal(bool)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.trainer = Trainer(session)
        self.history = MetricsHistory(session.spec.depth)
        self.journal = Journal(self.trainer)
        self.timeline = Timeline(self.trainer, self.journal)  # after the journal
        #: Checked after every update of a run (non-finite values always stop).
        self.breakpoints = Breakpoints()
        #: Pinned parameters and neurons, recorded after every update.
        self.watches = Watches()
        self.trainer.events.subscribe(self.watches, Watches.PHASES)
        self.trainer.events.subscribe(self.history, MetricsHistory.PHASES)
        self._stop_listening = self.trainer.events.subscribe(self._on_event)
        self._bulk = 0
        self._deferred = 0
        self._refresh_pending = False
        self._modified = False
        self._last_refresh = 0.0
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self._emit_refresh)

    # ---------------------------------------------------------------- state
    @property
    def session(self) -> Session:
        return self.trainer.session

    @property
    def modified(self) -> bool:
        return self._modified

    def set_modified(self, modified: bool) -> None:
        if modified != self._modified:
            self._modified = modified
            self.modifiedChanged.emit(modified)

    # ------------------------------------------------------------- commands
    def next_phase(self) -> str:
        return self.trainer.run_phase()

    def step_update(self) -> list[str]:
        with self._one_refresh():
            return self.trainer.step_update()

    def run_updates(self, count: int, should_stop=None) -> int:
        """Run ``count`` updates as one chunk: views hear about it once."""
        with self.bulk():
            return self.trainer.run(count, should_stop)

    def reset(self) -> None:
        self.trainer.reset()

    def load(self, session: Session) -> None:
        self.trainer.load(session)

    def set_weight(self, l: int, i: int, j: int, value: float) -> None:
        self.trainer.set_weight(l, i, j, value)

    def set_bias(self, l: int, j: int, value: float) -> None:
        self.trainer.set_bias(l, j, value)

    def set_parameters(self, params) -> None:
        self.trainer.set_parameters(params)

    def set_learning_rate(self, lr: float) -> None:
        self.trainer.set_learning_rate(lr)

    # --------------------------------------------------------------- events
    @contextlib.contextmanager
    def _one_refresh(self):
        """Views redraw once for the whole block (phases still signal one by one)."""
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1
            if self._deferred == 0 and self._refresh_pending:
                self._refresh_pending = False
                self._emit_refresh()

    @contextlib.contextmanager
    def bulk(self):
        """Coalesce phase signals: one ``stepsAdvanced`` when the block ends.

        The bridge stops listening to the trainer inside the block (the journal
        counts the phases run), so a run pays nothing for the bridge per phase.
        Only run phases inside it: edits made in the block are not announced."""
        outer = self._bulk == 0
        if outer:
            self._stop_listening()
            phases_before = self.journal.phase_count
        self._bulk += 1
        try:
            yield
        finally:
            self._bulk -= 1
            if outer:
                self._stop_listening = self.trainer.events.subscribe(self._on_event)
                if self.journal.phase_count != phases_before:
                    self.set_modified(True)
                    self.stepsAdvanced.emit(self.trainer.step)
                    self._refresh_soon()

    def _on_event(self, event: Event) -> None:
        kind = event.kind
        if kind == "phase":
            self.set_modified(True)
            self.phaseCompleted.emit(event.step, event.phase)
        elif kind == "parameters":
            self.set_modified(True)
            self.parametersEdited.emit(event.detail)
        elif kind == "settings":
            self.set_modified(True)
            self.settingsChanged.emit(event.detail)
        elif kind == "data":
            self.set_modified(True)
            self.dataEdited.emit()
        elif kind == "reset":
            self.sessionReset.emit()
        elif kind == "loaded":
            self.set_modified(False)
            self.sessionLoaded.emit()
        elif kind == "rewound":
            self.set_modified(True)
            self.sessionRewound.emit()
        self._emit_refresh()

    def refresh_due_in(self) -> float:
        """Seconds until a coalesced refresh may be sent again (<= 0: now)."""
        return self._last_refresh + 1.0 / REFRESH_HZ - time.monotonic()

    def _refresh_soon(self) -> None:
        """stateChanged now, or once later if one was sent less than 1/HZ ago
        (within a millisecond counts as now: a run tick ends when it is due)."""
        wait = self.refresh_due_in()
        if wait <= 0.001:
            self._emit_refresh()
        elif not self._refresh_timer.isActive():
            self._refresh_timer.start(int(wait * 1000) + 1)

    def _emit_refresh(self) -> None:
        if self._deferred:
            self._refresh_pending = True
            return
        self._refresh_timer.stop()
        self._last_refresh = time.monotonic()
        self.stateChanged.emit()
