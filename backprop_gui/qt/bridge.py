"""The one place where the GUI listens to the core.

:class:`DebuggerBridge` subscribes to the debugger's events and re-emits them as Qt
signals; views connect to the signals and read the new state from
``bridge.debugger``. User actions call the debugger's commands; the bridge computes
nothing and changes nothing.

Signals
-------
phaseCompleted(int step, str phase)
    A phase ran (manual stepping). ``step`` is the update the phase belongs to.
stepsAdvanced(int step)
    A chunk of a run finished (phases inside it are not announced one by one).
parametersEdited(object detail)
    A weight or bias was edited; ``detail`` is ``("one", ParameterKey, value)``
    or ``("all", Parameters)``.
settingsChanged(object detail)
    A setting changed: ``("learning_rate", lr)``, ``("batching", batch_size,
    shuffle_seed)``, ``("validation", split)``, ``("optimizer", spec, state)``,
    ``("regularization", penalty)`` or ``("buffer_entry", name, key, value)``
    (see ``core.debugger.events.Event.detail``).
dataEdited()
    Inputs or targets changed.
sessionReset()
    Back to the initial parameters.
sessionLoaded()
    Another session replaced the current one (network shape may differ).
sessionRewound()
    The state went back to an earlier point of its history.
gradientChecked()
    A gradient check finished (``debugger.gradient_check_result()``).
watchesChanged()
    A watch was added or removed.
breakpointsChanged()
    A breakpoint was added or removed.
quizChanged()
    Predict mode started or ended, or answers were marked
    (``debugger.quiz``).
stateChanged()
    After any of the above: for views that simply redraw everything. While running
    it is emitted at most ``REFRESH_HZ`` times a second (fewer when the views
    take long to paint: see ``refresh_interval``).
refreshDeferred()
    A run's updates are done but their ``stateChanged`` waits for its time
    (``refresh_waiting``): until it comes, the views show the state of the last
    one, which is no longer the debugger's (see ``frame_hold``).
modifiedChanged(bool)
    Whether the session has changes that are not saved.
"""

from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.debugger.debugger import Debugger
from ..core.debugger.events import Event

#: Refreshes per second while running: views redraw this often, and the run
#: computes in between (each refresh of the whole window costs ~10-15 ms).
REFRESH_HZ = 24


class DebuggerBridge(QObject):
    phaseCompleted = Signal(int, str)
    stepsAdvanced = Signal(int)
    parametersEdited = Signal(object)
    settingsChanged = Signal(object)
    dataEdited = Signal()
    sessionReset = Signal()
    sessionLoaded = Signal()
    sessionRewound = Signal()
    gradientChecked = Signal()
    watchesChanged = Signal()
    breakpointsChanged = Signal()
    quizChanged = Signal()
    stateChanged = Signal()
    refreshDeferred = Signal()
    modifiedChanged = Signal(bool)

    def __init__(self, debugger: Debugger, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: The session's state and commands (read it; change it only by commands).
        self.debugger = debugger
        self._stop_listening = debugger.events.subscribe(self._on_event)
        self._bulk = 0
        self._deferred = 0
        self._refresh_pending = False
        self._modified = False
        self._last_refresh = 0.0
        self._note_shown()
        #: Seconds between two refreshes of a run, at least (the runner makes it
        #: longer when the views' painting would take more than 15% of it)
        self.refresh_interval = 1.0 / REFRESH_HZ
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self._emit_refresh)

    # ---------------------------------------------------------------- state
    @property
    def modified(self) -> bool:
        return self._modified

    def set_modified(self, modified: bool) -> None:
        if modified != self._modified:
            self._modified = modified
            self.modifiedChanged.emit(modified)

    # --------------------------------------------------------------- events
    @contextlib.contextmanager
    def one_refresh(self):
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
        journal = self.debugger.journal
        if outer:
            self._stop_listening()
            phases_before = journal.phase_count
        self._bulk += 1
        try:
            yield
        finally:
            self._bulk -= 1
            if outer:
                self._stop_listening = self.debugger.events.subscribe(self._on_event)
                if journal.phase_count != phases_before:
                    self.set_modified(True)
                    self.stepsAdvanced.emit(self.debugger.step)
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
        elif kind == "checked":
            self.gradientChecked.emit()
        elif kind == "watches":
            self.watchesChanged.emit()
        elif kind == "breakpoints":
            self.breakpointsChanged.emit()
        elif kind == "quiz":
            self.quizChanged.emit()
        self._emit_refresh()

    @property
    def last_refresh(self) -> float:
        """When ``stateChanged`` was last sent (``time.monotonic()``)."""
        return self._last_refresh

    @property
    def refresh_waiting(self) -> bool:
        """Whether a run's ``stateChanged`` is waiting for its time."""
        return self._refresh_timer.isActive()

    def refresh_due_in(self) -> float:
        """Seconds until a coalesced refresh may be sent again (<= 0: now)."""
        return self._last_refresh + self.refresh_interval - time.monotonic()

    def _refresh_soon(self) -> None:
        """stateChanged now, or once later if one was sent less than
        ``refresh_interval`` ago
        (within a millisecond counts as now: a run tick ends when it is due)."""
        wait = self.refresh_due_in()
        if wait <= 0.001:
            self._emit_refresh()
        elif not self._refresh_timer.isActive():
            self._refresh_timer.start(int(wait * 1000) + 1)
            self.refreshDeferred.emit()

    def refresh_pending(self) -> None:
        """Send the coalesced refresh that is waiting, now (a run paused)."""
        if self._refresh_timer.isActive():
            self._emit_refresh()

    def _emit_refresh(self) -> None:
        if self._deferred:
            self._refresh_pending = True
            return
        self._refresh_timer.stop()
        self._last_refresh = time.monotonic()
        self._note_shown()
        self.stateChanged.emit()

    def _note_shown(self) -> None:
        trainer = self.debugger.trainer
        #: The trainer's revision and step the views show: the last refresh's
        #: (while a run's refresh waits, the debugger is past them)
        self.shown_revision, self.shown_step = trainer.revision, trainer.step
