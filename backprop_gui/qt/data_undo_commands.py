"""Undo commands for the data and the session's settings of how it trains: a new
dataset, an edit of the data by hand, the validation split and the batching (see
:mod:`.commands` for the parameters' and the optimizer's)."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..core.debugger.data_edits import DataSnapshot
from ..core.debugger.debugger import Debugger
from .commands import SettingCommand


class SetDataCommand(SettingCommand):
    """Replace the dataset (inputs and targets)."""

    def __init__(
        self, debugger: Debugger, old: tuple, new: tuple, text: str = "import dataset"
    ) -> None:
        super().__init__(text, debugger.set_data, old, new, spread=True)


class EditDataCommand(QUndoCommand):
    """An edit of the dataset by hand (a number, a sample added or removed),
    already made when pushed. It keeps the edit and the edit that undoes it, not
    copies of the data (see ``core.debugger.data_edits``). Each applies only to
    the data it was made on: after a rewind brought back other data, undo or
    redo leaves the data as they are and ``report(reason)`` says why
    (``failed`` is set; the undo stack still moves, as for any command)."""

    def __init__(
        self, debugger: Debugger, edit, undo, old_info, new_info, text, report=None
    ):
        super().__init__(text)
        self.debugger, self.edit, self.undo_edit = debugger, edit, undo
        self.old_info, self.new_info = old_info, new_info
        self.report = report
        self.failed = False
        self._made = True
        self._on = self._snapshot()  # the data its undo applies to

    def _snapshot(self) -> DataSnapshot:
        session = self.debugger.session
        return DataSnapshot(session.inputs, session.targets)

    def _apply(self, edit, info, verb: str) -> None:
        session = self.debugger.session
        # once failed, the stack's idea of done and undone no longer follows
        # the data: it stays failed
        self.failed = self.failed or not self._on.matches(
            session.inputs, session.targets
        )
        if not self.failed:
            try:
                self.debugger.edit_data(edit, info)
            except ValueError:
                self.failed = True
        if self.failed:
            if self.report is not None:
                self.report(
                    f"Cannot {verb} {self.text()}: the dataset is not the one it "
                    "was made on (a rewind or another change since); the data "
                    "stay as they are"
                )
            return
        self._on = self._snapshot()

    def redo(self) -> None:
        if self._made:  # QUndoStack.push redoes: the edit is made already
            self._made = False
            return
        self._apply(self.edit, self.new_info, "redo")

    def undo(self) -> None:
        self._apply(self.undo_edit, self.old_info, "undo")


class SetValidationCommand(SettingCommand):
    """Change the validation split (a ``ValidationSplit`` or None)."""

    def __init__(self, debugger: Debugger, old, new) -> None:
        text = "change the validation split"
        super().__init__(text, debugger.set_validation, old, new)


class SetBatchingCommand(SettingCommand):
    """Change the batch size and shuffle seed (session settings)."""

    def __init__(self, debugger: Debugger, old: tuple, new: tuple) -> None:
        text = "change batching"
        super().__init__(text, debugger.set_batching, old, new, spread=True)
