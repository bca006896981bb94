"""The status bar: the message of the last action, and the step, next phase and
loss counters.

An error stays (in red) until the next message, or until a command succeeds: a
"Value refused" is gone once a later edit, phase, load or rewind worked. Only the
message turns red; the counters keep their colour. The loss of a forward pass that
is no longer the current state's says so, with the loss the current values give
("stale; now X", as the graph's caption).
"""

from __future__ import annotations

import logging
import time

from PySide6.QtWidgets import QStatusBar, QWidget

from ..core.debugger.debugger import Debugger
from .bridge import DebuggerBridge
from .formatting import fmt, now_word
from .status_label import StatusLabel, WhenResized

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
        message would not fit beside the others, and shown again after it."""
        self._yielding = widgets

    def _give_room(self, text: str) -> None:
        self._restore_room()
        needed = self.bar.fontMetrics().horizontalAdvance(text) + 24
        shown = [w for w in self.bar.findChildren(QWidget) if _counter(w, self.bar)]
        # the counters (their new texts' sizes: the layout follows later) sit at
        # the right, 6 px apart, before the size grip; the message has the rest
        free = self.bar.width() - 28 - sum(w.sizeHint().width() + 6 for w in shown)
        for widget in self._yielding():
            if free >= needed:
                break
            if not widget.isHidden():
                widget.set_yielding(True)
                self._hidden.append(widget)
                free += widget.sizeHint().width() + 6

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
    """A counter shown on the status bar (not the size grip)."""
    return (
        widget.parentWidget() is bar
        and not widget.isHidden()
        and isinstance(widget, StatusLabel)
    )


ACCURACY_TIP = (
    "Accuracy of the current parameters on every training and every validation "
    '(val.) sample; "at step N": computed for an earlier state, the current one '
    "is being computed"
)


LOSS_TIP = (
    'The loss of the latest forward pass; "stale; now X": the parameters, data '
    "or batch changed since that pass, and X is the loss the current values give "
    'on the same samples; "stale; next batch X": on the samples of the next '
    "forward pass, another mini-batch (so X is not that pass's loss made better "
    "or worse)"
)


#: Pixels of the status bar left to messages and Qt's spacing, at least.
MESSAGE_ROOM = 40


class StatusCounters:
    """Step, next phase, loss and (with classes or a validation split) accuracy,
    on the right of the status bar."""

    def __init__(self, bar: QStatusBar, debugger: Debugger, follower) -> None:
        self.bar = bar
        self.debugger = debugger
        self.follower = follower
        self.step = StatusLabel()
        self.phase = StatusLabel()
        self.loss = StatusLabel()
        self.accuracy = StatusLabel()
        # during a run "(at step N)" comes and goes at every refresh: the label
        # keeps its width for it, so the counters beside it stay where they are
        self.accuracy.keep_room_for = " (at step 0000000)"
        self.accuracy.setToolTip(ACCURACY_TIP)
        self.loss.setToolTip(LOSS_TIP)
        for label in (self.step, self.phase, self.loss, self.accuracy):
            bar.addPermanentWidget(label)
        #: the loss's texts, longest first (see :meth:`fit_loss`)
        self._loss_texts: tuple[str, ...] = ("",)
        follower.changed.connect(self.update_accuracy)
        self.update_accuracy()
        # the loss's room changes with the bar and the counters beside it (a
        # new size, a counter stepping aside): its text is chosen again, from
        # the texts of the state shown (a run may be past it)
        self._refit = WhenResized(
            [bar, self.step, self.phase, self.accuracy], self.fit_loss
        )

    def update_accuracy(self) -> None:
        follower = self.follower
        self.accuracy.set_wanted(follower.wanted())
        if not follower.wanted():
            return
        text = evaluation_text(follower.latest, self.debugger.session)
        if follower.error is not None:
            text = f"Accuracy: not computed ({follower.error})"
        elif follower.latest is not None and not follower.is_shown():
            # of an earlier state than the one shown: its step, or, at the same
            # step (an edit, a split or its undo), that it is stale; the
            # current one follows
            step = follower.latest.step
            same = step == follower.bridge.shown_step
            text += " (stale; computing)" if same else f" (at step {step})"
        self.accuracy.setToolTip(f"{ACCURACY_TIP}\n{text}")
        self.accuracy.set_text(text)

    def update(self) -> None:
        trainer = self.debugger.trainer
        self.step.set_text(f"Step {trainer.step}")
        quiz = self.debugger.quiz
        predict = (
            "" if quiz is None else " · Predict: {} of {} right".format(*quiz.score)
        )
        self.phase.set_text(f"Next: {trainer.next_phase}{predict}")
        session = trainer.session
        fwd = trainer.forward_result
        # the name of the loss shown first: a stale pass's from before a
        # penalty was set (or dropped) is not the penalised one
        penalised = (
            session.regularization.active if fwd is None else fwd.penalty is not None
        )
        penalty = " + penalty" if penalised else ""
        losses = self._losses(10)
        full = f"Loss ({session.spec.loss}{penalty}): {losses}"
        self._loss_texts = (
            full,
            "Loss: " + losses,
            "Loss: " + self._losses(8),
        )
        self.fit_loss()
        tip = f"{LOSS_TIP}\n{full}"  # the whole of it, in a narrow window too
        if self.loss.toolTip() != tip:
            self.loss.setToolTip(tip)

    def fit_loss(self) -> None:
        """The loss's longest text that fits beside the other counters."""
        fits = self._loss_fits()
        texts = self._loss_texts
        self.loss.set_text(next((t for t in texts if fits(t)), texts[-1]))

    def _losses(self, digits: int) -> str:
        trainer, quiz = self.debugger.trainer, self.debugger.quiz
        fwd = trainer.forward_result
        if fwd is None or not trainer.forward_valid and quiz is not None:
            return "–"  # (Predict mode: the loss to come is a question)
        if trainer.forward_valid:
            return fmt(fwd.loss, digits)
        preview = trainer.preview()
        now = f"{now_word(trainer)} {fmt(preview.loss, digits)}"
        if (preview.penalty is None) != (fwd.penalty is None):  # set since
            now += " without penalty" if preview.penalty is None else " with penalty"
        return f"{fmt(fwd.loss, digits)} (stale; {now})"

    def _loss_fits(self):
        """Whether a loss text fits beside the other counters: a narrow window
        drops the loss function's name (it is in the tooltip), then digits (10
        to 8, as the graph's caption): the counters ran into each other at
        1024 px with a loss of 0.0005708598174 (stale; next batch …)."""
        others = sum(
            label.width()
            for label in (self.step, self.phase, self.accuracy)
            if label.isVisibleTo(self.bar)
        )
        room = self.bar.width() - others - MESSAGE_ROOM
        margins = self.loss.contentsMargins()
        metrics = self.loss.fontMetrics()
        extra = margins.left() + margins.right()
        return lambda text: metrics.horizontalAdvance(text) + extra <= room


def evaluation_text(evaluation, session) -> str:
    """``Accuracy: train 97.5% · validation 90.0%``, or the validation loss of a
    session without classes."""
    if evaluation is None:
        return "Accuracy: …" if session.classes is not None else "Validation loss: …"
    train, held = evaluation.training, evaluation.validation
    if train.correct is None:
        return "–" if held is None else f"Validation loss: {fmt(held.loss, 6)}"
    text = f"Accuracy: train {100 * train.accuracy:.1f}%"
    if held is not None:
        text += f" · val. {100 * held.accuracy:.1f}%"
    return text
