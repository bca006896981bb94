"""Undo commands: every edit the user makes goes through a QUndoStack, and each
command calls one debugger command to do and one to undo."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..core.debugger.debugger import Debugger
from ..core.engine.keys import ParameterKey
from .formatting import fmt


class SetParameterCommand(QUndoCommand):
    """Set one weight or bias."""

    def __init__(
        self, debugger: Debugger, key: ParameterKey, old: float, new: float
    ) -> None:
        super().__init__(f"set {debugger.session.spec.label(key)} to {fmt(new, 6)}")
        self.debugger, self.key, self.old, self.new = debugger, key, old, new

    def redo(self) -> None:
        self.debugger.set_parameter(self.key, self.new)

    def undo(self) -> None:
        self.debugger.set_parameter(self.key, self.old)


class SetLearningRateCommand(QUndoCommand):
    def __init__(self, debugger: Debugger, old: float, new: float) -> None:
        super().__init__(f"set learning rate to {fmt(new, 6)}")
        self.debugger, self.old, self.new = debugger, old, new

    def redo(self) -> None:
        self.debugger.set_learning_rate(self.new)

    def undo(self) -> None:
        self.debugger.set_learning_rate(self.old)


class SetAllParametersCommand(QUndoCommand):
    """Replace every weight and bias at once (a weights import)."""

    def __init__(self, debugger: Debugger, old, new, text: str = "import weights"):
        super().__init__(text)
        self.debugger, self.old, self.new = debugger, old, new

    def redo(self) -> None:
        self.debugger.set_parameters(self.new)

    def undo(self) -> None:
        self.debugger.set_parameters(self.old)


class SetDataCommand(QUndoCommand):
    """Replace the dataset (inputs and targets)."""

    def __init__(
        self, debugger: Debugger, old: tuple, new: tuple, text: str = "import dataset"
    ) -> None:
        super().__init__(text)
        self.debugger, self.old, self.new = debugger, old, new

    def redo(self) -> None:
        self.debugger.set_data(*self.new)

    def undo(self) -> None:
        self.debugger.set_data(*self.old)


class SetBatchingCommand(QUndoCommand):
    """Change the batch size and shuffle seed (session settings)."""

    def __init__(self, debugger: Debugger, old: tuple, new: tuple) -> None:
        super().__init__("change batching")
        self.debugger, self.old, self.new = debugger, old, new

    def redo(self) -> None:
        self.debugger.set_batching(*self.new)

    def undo(self) -> None:
        self.debugger.set_batching(*self.old)
