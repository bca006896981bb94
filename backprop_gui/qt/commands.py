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
    """A command whose undo or redo may find that the state it applies to has
    moved on (``failed``, the reason reported). QUndoStack has already moved its
    place by then; the window puts it back the first time (see
    ``undo_messages.after_undo``): :meth:`stay` makes the opposite call it uses
    for that change nothing, so the command can be undone once the state is
    back (after a rewind, say). Refused again at once, it is passed over.
    Subclasses implement ``_undo`` and ``_redo``."""

    failed = False
    _staying = False
    #: Refusals in a row: the first keeps the command's place in the history,
    #: the second lets the history move past it (else nothing older could be
    #: undone)
    refusals = 0

    def stay(self) -> None:
        self._staying = True

    def undo(self) -> None:
        if self._staying:
            self._staying = False
            return
        self._undo()

    def redo(self) -> None:
        if self._staying:
            self._staying = False
            return
        self._redo()


class SetParameterCommand(RefusableCommand):
    """Set one weight or bias. Undo and redo apply only while the parameter
    holds the value the other left: after training, a reset or a rewind changed
    it, putting the old value back would mix a value of another state into this
    one. Then they change nothing, ``report(reason)`` says why and ``failed``
    is set (see :class:`RefusableCommand` for the undo history)."""

    def __init__(
        self,
        debugger: Debugger,
        key: ParameterKey,
        old: float,
        new: float,
        report=None,
    ) -> None:
        super().__init__(f"set {debugger.session.spec.label(key)} to {fmt(new, 6)}")
        self.debugger, self.key, self.old, self.new = debugger, key, old, new
        self.report = report
        self.failed = False

    def _move(self, expected: float, value: float, verb: str) -> None:
        now = self.key.read(self.debugger.trainer.params)
        self.failed = not same_bits(now, expected)
        if self.failed:
            label = self.debugger.session.spec.label(self.key)
            if self.report is not None:
                self.report(
                    f"Cannot {verb} {self.text()}: {label} is {fmt(now)} now, not "
                    f"{fmt(expected)} (training, a reset or a rewind changed it "
                    "since); nothing changed"
                )
            return
        self.debugger.set_parameter(self.key, value)

    def _redo(self) -> None:
        self._move(self.old, self.new, "redo")

    def _undo(self) -> None:
        self._move(self.new, self.old, "undo")


def same_bits(a: float, b: float) -> bool:
    """The same float64, bit for bit (0.0 and -0.0 differ)."""
    return np.float64(a).tobytes() == np.float64(b).tobytes()


class SetLearningRateCommand(QUndoCommand):
    def __init__(self, debugger: Debugger, old: float, new: float) -> None:
        super().__init__(f"set learning rate to {fmt(new, 6)}")
        self.debugger, self.old, self.new = debugger, old, new

    def redo(self) -> None:
        self.debugger.set_learning_rate(self.new)

    def undo(self) -> None:
        self.debugger.set_learning_rate(self.old)


class SetAllParametersCommand(RefusableCommand):
    """Replace every weight and bias at once (a weights import). As for one
    parameter, undo and redo apply only while the parameters are those the
    other left (else ``report(reason)``, ``failed``)."""

    def __init__(
        self, debugger: Debugger, old, new, text: str = "import weights", report=None
    ):
        super().__init__(text)
        self.debugger, self.old, self.new = debugger, old, new
        self.report = report
        self.failed = False

    def _move(self, expected, value, verb: str) -> None:
        now = self.debugger.trainer.params.flat
        self.failed = now.tobytes() != expected.flat.tobytes()
        if self.failed:
            if self.report is not None:
                self.report(
                    f"Cannot {verb} {self.text()}: the parameters have changed "
                    "since (training, a reset or a rewind); nothing changed"
                )
            return
        self.debugger.set_parameters(value)

    def _redo(self) -> None:
        self._move(self.old, self.new, "redo")

    def _undo(self) -> None:
        self._move(self.new, self.old, "undo")


class SetBufferEntryCommand(RefusableCommand):
    """Set one parameter's entry of an optimizer buffer (velocity, m, v). As for
    a parameter, undo and redo apply only while the entry holds the value the
    other left (an update since wrote a new one); a rewind or another optimizer
    may also make it impossible (no velocity before the first update, no m for
    momentum). Then undo or redo changes nothing and ``report(reason)`` says
    why (``failed`` is set)."""

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
        super().__init__(f"set {buffer} of {label} to {fmt(new, 6)}")
        self.debugger, self.buffer, self.key = debugger, buffer, key
        self.old, self.new = old, new
        self.report = report
        self.failed = False

    def _set(self, expected: float, value: float, verb: str) -> None:
        #: Whether the latest undo or redo could not be applied.
        self.failed = False
        now = self.debugger.trainer.buffer_entry(self.buffer, self.key)
        try:
            if now is not None and not same_bits(now, expected):
                raise ValueError(
                    f"it is {fmt(now)} now, not {fmt(expected)} (an update, a "
                    "reset or a rewind changed it since); nothing changed"
                )
            self.debugger.set_buffer_entry(self.buffer, self.key, value)
        except ValueError as exc:
            self.failed = True
            if self.report is not None:
                self.report(f"Cannot {verb} {self.text()}: {exc}")

    def _redo(self) -> None:
        self._set(self.old, self.new, "redo")

    def _undo(self) -> None:
        self._set(self.new, self.old, "undo")


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
