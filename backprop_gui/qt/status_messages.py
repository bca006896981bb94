"""The status bar's message: the last action's news (4 s) or error (in red,
until the next message, or until a command succeeds: a "Value refused" is gone
once a later edit, phase, load or rewind worked). Only the message turns red; the
counters keep their colour. A message needs its room: counters step aside while
it would not fit beside them (see :meth:`StatusMessages.make_room_with`).
"""

from __future__ import annotations

import logging
import time

from PySide6.QtWidgets import QStatusBar

from .bridge import DebuggerBridge
from .status_label import StatusLabel, WhenResized, message_width

INFO_MS = 4000
ERROR_STYLE = (
    "QStatusBar { color: #b91c1c; } QStatusBar QLabel { color: palette(window-text); }"
)


class _FileNotes(logging.Handler):
    """Collects what the file layer reports on its logger (such as temporary
    files of an interrupted write being removed) for the next message."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.notes: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.notes.append(record.getMessage())


class StatusMessages:
    """Also shows, after the message of the action that caused them, what the file
    layer reported (``backprop_gui.files`` logger) while the window is open."""

    def __init__(self, bar: QStatusBar, bridge: DebuggerBridge) -> None:
        self.bar = bar
        #: Whether the message shown now is an error.
        self.error = False
        #: Counters that step aside while a message needs their room (a narrow
        #: window left a message a word wide); see :meth:`make_room_with`.
        self._yielding = list
        self._hidden: list = []
        self._notes = _FileNotes()
        logging.getLogger("backprop_gui.files").addHandler(self._notes)
        bar.destroyed.connect(self.detach)
        bar.messageChanged.connect(self._on_changed)
        # a message is about the state it was shown in: a change of the state
        # ends it (an edit clears a gradient check, its message would still
        # say "all below 1e-6"); a command's own message follows its change.
        # A run's chunks (many a second) end an error only, once it has been
        # shown 4 s: news given during a run ("Learning rate 0.05") and an
        # error about it ("Learning rate refused") stay readable; a pause on a
        # breakpoint says so after the last chunk
        self._shown_at = 0.0
        bridge.stepsAdvanced.connect(self._run_advanced)
        for signal in (
            bridge.phaseCompleted,
            bridge.parametersEdited,
            bridge.settingsChanged,
            bridge.dataEdited,
            bridge.sessionReset,
            bridge.sessionLoaded,
            bridge.sessionRewound,
            bridge.gradientChecked,
        ):
            signal.connect(self.state_changed)

    def show(self, text: str, error: bool = False) -> None:
        """One line: an error stays until something succeeds, news for 4 s;
        either ends when the state changes (news during a run excepted)."""
        if self._notes.notes:
            text = f"{text} ({'; '.join(self._notes.notes)})"
            self._notes.notes.clear()
        text = " ".join(text.split())  # a message is one line, whatever it quotes
        self.error = error
        self._shown_at = time.monotonic()
        self.bar.setStyleSheet(ERROR_STYLE if error else "")
        self._give_room(text)
        self.bar.setToolTip(text)  # the whole message, should it still not fit
        self.bar.showMessage(text, 0 if error else INFO_MS)

    def make_room_with(self, widgets) -> None:
        """``widgets()`` (permanent ones, least needed first) are hidden while a
        message would not fit beside the others, and shown again after it;
        looked at again when the bar or a counter changes size while the
        message shows (a run's longer loss, or a zoom, left it a stub:
        "Undone: se")."""
        self._yielding = widgets
        counters = list(self.bar.findChildren(StatusLabel))
        self._resized = WhenResized([self.bar, *counters], self._keep_room)

    def _room(self, text: str) -> tuple[int, int]:
        """The pixels ``text`` needs, and those the counters shown leave it."""
        shown = [w for w in self.bar.findChildren(StatusLabel) if _counter(w, self.bar)]
        # the counters (their new texts' sizes: the layout follows later) sit at
        # the right before the size grip; the message has the rest
        free = self.bar.width() - 28 - sum(_slot(w) for w in shown)
        return message_width(self.bar, text), free

    def _keep_room(self) -> None:
        """More counters step aside if the message shown no longer fits, and
        those that fit beside it again come back (a wider window). A counter
        comes back only where it fits: shown and hidden again, its resize
        events called this for ever while a message wider than the bar
        showed."""
        text = self.bar.currentMessage()
        if not text:
            return
        self._step_aside(text)
        needed, free = self._room(text)
        while self._hidden:  # the last to step aside comes back first
            widget = self._hidden[-1]
            if free - _slot(widget) < needed:
                break
            self._hidden.pop()
            widget.set_yielding(False)
            free -= _slot(widget)

    def _give_room(self, text: str) -> None:
        self._restore_room()
        self._step_aside(text)

    def _step_aside(self, text: str) -> None:
        needed, free = self._room(text)
        for widget in self._yielding():
            if free >= needed:
                break
            if not widget.isHidden():
                widget.set_yielding(True)
                self._hidden.append(widget)
                free += _slot(widget)

    def _restore_room(self) -> None:
        for widget in self._hidden:
            widget.set_yielding(False)
        self._hidden.clear()

    def detach(self, *_args) -> None:
        logging.getLogger("backprop_gui.files").removeHandler(self._notes)

    def text(self) -> str:
        return self.bar.currentMessage()

    def state_changed(self, *_args) -> None:
        self.bar.clearMessage()

    def run_started(self) -> None:
        """Run succeeded in starting: a message shown before it is over (it was
        about a state the run leaves at once; beside the run's counters, which
        grow meanwhile, it was left a word wide: "Forwa")."""
        self.bar.clearMessage()

    def _run_advanced(self, *_args) -> None:
        if self.error and time.monotonic() - self._shown_at >= INFO_MS / 1000:
            self.bar.clearMessage()

    def _on_changed(self, text: str) -> None:
        if not text:
            self._restore_room()
            self.bar.setToolTip("")
        if not text and self.error:
            self.error = False
            self.bar.setStyleSheet("")


def _counter(widget, bar: QStatusBar) -> bool:
    """A counter shown on the status bar (a label of its own, not a child's)."""
    return widget.parentWidget() is bar and not widget.isHidden()


def _slot(widget) -> int:
    """The pixels a counter takes: its new text's size, and 6 px of spacing."""
    return widget.sizeHint().width() + 6
