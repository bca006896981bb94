"""Undo commands: every edit the user makes goes through a QUndoStack, and each
command calls one debugger command to do and one to undo. Here the parameters',
the learning rate's and the optimizer's; the data's and the batching's are in
:mod:`.data_undo_commands`."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QUndoCommand

from ..core.debugger.debugger import Debugger
from ..core.engine.keys import ParameterKey
from .formatting import fmt


class RefusableCommand(QUndoCommand):
    """A command that sets a value from ``old`` to ``new`` whose undo or redo
    applies only while the state holds the value the other left; after training,
    a reset or a rewind changed it, putting the old value back would mix a value
    of another state into this one. Then it changes nothing, ``report(reason)``
    says why and ``failed`` is set. Subclasses give ``_refusal(expected)`` (the
    reason, or None) and ``_set(value)`` (which may raise ValueError too).

    QUndoStack has already moved its place by then; the window puts it back the
    first time (see ``undo_messages.after_undo``): :meth:`stay` makes the
    opposite call it uses for that change nothing, so the command can be undone
    once the state is back (after a rewind, say). Refused again at once, it is
    passed over."""

    failed = False
    _staying = False
    #: Refusals in a row: the first keeps the command's place in the history,
    #: the second lets the history move past it (else nothing older could be
    #: undone)
    refusals = 0

    def __init__(self, text: str, debugger: Debugger, old, new, report=None) -> None:
        super().__init__(text)
        self.debugger, self.old, self.new, self.report = debugger, old, new, report

    def stay(self) -> None:
        self._staying = True

    def undo(self) -> None:
        if self._staying:
            self._staying = False
            return
        self._move(self.new, self.old, "undo")

    def redo(self) -> None:
        if self._staying:
            self._staying = False
            return
        self._move(self.old, self.new, "redo")

    def _move(self, expected, value, verb: str) -> None:
        reason = self._refusal(expected)
        if reason is None:
            try:
                self._set(value)
            except ValueError as exc:
                reason = str(exc)
        self.failed = reason is not None
        if self.failed and self.report is not None:
            self.report(f"Cannot {verb} {self.text()}: {reason}")

    def _refusal(self, expected) -> str | None:
        raise NotImplementedError

    def _set(self, value) -> None:
        raise NotImplementedError


def same_bits(a: float, b: float) -> bool:
    """The same float64, bit for bit (0.0 and -0.0 differ)."""
    return np.float64(a).tobytes() == np.float64(b).tobytes()


class SetParameterCommand(RefusableCommand):
    """Set one weight or bias (see :class:`RefusableCommand`)."""

    def __init__(
        self,
        debugger: Debugger,
        key: ParameterKey,
        old: float,
        new: float,
        report=None,
    ) -> None:
        text = f"set {debugger.session.spec.label(key)} to {fmt(new, 6)}"
        super().__init__(text, debugger, old, new, report)
        self.key = key

    def _refusal(self, expected: float) -> str | None:
        now = self.key.read(self.debugger.trainer.params)
        if same_bits(now, expected):
            return None
        label = self.debugger.session.spec.label(self.key)
        return (
            f"{label} is {fmt(now)} now, not {fmt(expected)} (training, a reset "
            "or a rewind changed it since); nothing changed"
        )

    def _set(self, value: float) -> None:
        self.debugger.set_parameter(self.key, value)


class SettingCommand(QUndoCommand):
    """A command that calls ``apply(new)`` to do and ``apply(old)`` to undo: a
    debugger command whose check refuses what does not fit (a setting, the
    dataset); ``old`` and ``new`` are tuples of arguments when ``spread``."""

    def __init__(self, text: str, apply, old, new, spread: bool = False) -> None:
        super().__init__(text)
        self.apply, self.old, self.new, self.spread = apply, old, new, spread

    def redo(self) -> None:
        self._put(self.new)

    def undo(self) -> None:
        self._put(self.old)

    def _put(self, value) -> None:
        if self.spread:
            self.apply(*value)
        else:
            self.apply(value)


class SetLearningRateCommand(SettingCommand):
    def __init__(self, debugger: Debugger, old: float, new: float) -> None:
        text = f"set learning rate to {fmt(new, 6)}"
        super().__init__(text, debugger.set_learning_rate, old, new)


class SetAllParametersCommand(RefusableCommand):
    """Replace every weight and bias at once (a weights import; see
    :class:`RefusableCommand`)."""

    def __init__(
        self, debugger: Debugger, old, new, text: str = "import weights", report=None
    ):
        super().__init__(text, debugger, old, new, report)

    def _refusal(self, expected) -> str | None:
        if self.debugger.trainer.params.flat.tobytes() == expected.flat.tobytes():
            return None
        return (
            "the parameters have changed since (training, a reset or a rewind); "
            "nothing changed"
        )

    def _set(self, value) -> None:
        self.debugger.set_parameters(value)


class SetBufferEntryCommand(RefusableCommand):
    """Set one parameter's entry of an optimizer buffer (velocity, m, v; see
    :class:`RefusableCommand`). Beside an update since, a rewind or another
    optimizer may make it impossible (no velocity before the first update, no m
    for momentum): the debugger's reason is reported then."""

    def __init__(
        self,
        debugger: Debugger,
        buffer: str,
        key: ParameterKey,
        old: float,
        new: float,
        report=None,
    ) -> None:
        label = debugger.session.spec.label(key)
        text = f"set {buffer} of {label} to {fmt(new, 6)}"
        super().__init__(text, debugger, old, new, report)
        self.buffer, self.key = buffer, key

    def _refusal(self, expected: float) -> str | None:
        now = self.debugger.trainer.buffer_entry(self.buffer, self.key)
        if now is None or same_bits(now, expected):
            return None  # no entry now: the debugger says why below
        return (
            f"it is {fmt(now)} now, not {fmt(expected)} (an update, a reset or a "
            "rewind changed it since); nothing changed"
        )

    def _set(self, value: float) -> None:
        self.debugger.set_buffer_entry(self.buffer, self.key, value)


class SetOptimizerCommand(QUndoCommand):
    """Another optimizer, options or penalty. Undo restores the optimizer and
    the penalty. The optimizer's buffers come back as they were only when
    nothing has trained since (else undo would roll training back): then the
    usual rule holds (the same buffers carry over, others start from zero)."""

    def __init__(self, debugger: Debugger, optimizer, regularization) -> None:
        super().__init__("change the optimizer")
        session = debugger.session
        self.debugger = debugger
        self.old = (
            session.optimizer,
            session.optimizer_state.copy(),
            session.regularization,
        )
        self.new = (optimizer, regularization)
        self._position_at_redo = None

    def redo(self) -> None:
        self.note = ""
        optimizer, regularization = self.new
        # always announced (a redo after a rewind may find it in place already);
        # the same optimizer keeps its state
        self.debugger.set_optimizer(optimizer)
        if regularization != self.debugger.session.regularization:
            self.debugger.set_regularization(regularization)
        self._position_at_redo = self.debugger.journal.position()

    def undo(self) -> None:
        optimizer, state, regularization = self.old
        session = self.debugger.session
        # not the phase count alone: after a reset or a rewind and as many
        # phases of new training it is the same, but other updates ran
        untrained = self.debugger.journal.position() == self._position_at_redo
        #: What the status bar adds to "Undone: change the optimizer".
        self.note = ""
        if optimizer == session.optimizer and regularization == session.regularization:
            if not untrained:  # a rewind went back to before the change
                self.note = f"it is {optimizer.title} already; nothing changed"
        elif not untrained and optimizer != session.optimizer:
            # the usual rule: the same buffers carry over (Adam and AdamW,
            # other options), others start afresh (SGD has none)
            if optimizer.buffers and optimizer.buffers != session.optimizer.buffers:
                self.note = "its buffers start afresh: training ran since the change"
            elif optimizer.buffers:
                self.note = "its buffers carry on from the training since"
        if optimizer != session.optimizer or untrained:
            self.debugger.set_optimizer(optimizer, state.copy() if untrained else None)
        if regularization != session.regularization:
            self.debugger.set_regularization(regularization)
