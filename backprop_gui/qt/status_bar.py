"""The status bar's counters: step, next phase, loss and (with classes or a
validation split) accuracy. The loss of a forward pass that is no longer the
current state's says so, with the loss the current values give ("stale; now X",
as the graph's caption). The message on their left is :mod:`.status_messages`'.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStatusBar

from ..core.debugger.debugger import Debugger
from .formatting import fmt, loss_now
from .status_label import StatusLabel, WhenResized, message_width

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
        # and leaves a message shown its room
        bar.messageChanged.connect(lambda _text: self._refit.soon())

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
        # penalty was set (or dropped) is not the penalised one; none shown
        # ("–", or Predict mode's loss to come) is the next pass's
        penalised = (
            session.regularization.active
            if self._losses_hidden()
            else fwd.penalty is not None
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

    def _losses_hidden(self) -> bool:
        """No loss to show: no pass yet, or Predict mode's loss to come."""
        trainer = self.debugger.trainer
        return trainer.forward_result is None or (
            not trainer.forward_valid and self.debugger.quiz is not None
        )

    def _losses(self, digits: int) -> str:
        trainer = self.debugger.trainer
        fwd = trainer.forward_result
        if self._losses_hidden():
            return "–"  # (Predict mode: the loss to come is a question)
        if trainer.forward_valid:
            return fmt(fwd.loss, digits)
        return f"{fmt(fwd.loss, digits)} (stale; {loss_now(trainer, digits)})"

    def _loss_fits(self):
        """Whether a loss text fits beside the other counters and the message
        shown: a narrow window drops the loss function's name (it is in the
        tooltip), then digits (10 to 8, as the graph's caption): the counters
        ran into each other at 1024 px with a loss of 0.0005708598174 (stale;
        next batch …)."""
        others = sum(
            label.width()
            for label in (self.step, self.phase, self.accuracy)
            if label.isVisibleTo(self.bar)
        )
        reserved = MESSAGE_ROOM + message_width(self.bar, self.bar.currentMessage())
        room = self.bar.width() - others - reserved
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
