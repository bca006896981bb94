"""Undo commands: every edit the user makes goes through a QUndoStack."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from .formatting import fmt


class SetParameterCommand(QUndoCommand):
    """Set one weight (``kind`` "W", index ``(l, i, j)``) or bias ("b", ``(l, j)``)."""

    def __init__(self, bridge, kind: str, index: tuple, old: float, new: float):
        super().__init__()
        self.bridge, self.kind, self.index = bridge, kind, index
        self.old, self.new = old, new
        name = f"W{index[0] + 1}" if kind == "W" else f"b{index[0] + 1}"
        self.setText(f"set {name} to {fmt(new, 6)}")

    def _set(self, value: float) -> None:
        if self.kind == "W":
            self.bridge.set_weight(*self.index, value)
        else:
            self.bridge.set_bias(*self.index, value)

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class SetLearningRateCommand(QUndoCommand):
    def __init__(self, bridge, old: float, new: float):
        super().__init__(f"set learning rate to {fmt(new, 6)}")
        self.bridge, self.old, self.new = bridge, old, new

    def redo(self) -> None:
        self.bridge.set_learning_rate(self.new)

    def undo(self) -> None:
        self.bridge.set_learning_rate(self.old)


class SetAllParametersCommand(QUndoCommand):
    """Replace every weight and bias at once (a weights import)."""

    def __init__(self, bridge, old, new, text: str = "import weights"):
        super().__init__(text)
        self.bridge, self.old, self.new = bridge, old, new

    def redo(self) -> None:
        self.bridge.set_parameters(self.new)

    def undo(self) -> None:
        self.bridge.set_parameters(self.old)


class SetDataCommand(QUndoCommand):
    """Replace the dataset (inputs and targets)."""

    def __init__(self, bridge, old: tuple, new: tuple, text: str = "import dataset"):
        super().__init__(text)
        self.bridge, self.old, self.new = bridge, old, new

    def redo(self) -> None:
        self.bridge.trainer.set_data(*self.new)

    def undo(self) -> None:
        self.bridge.trainer.set_data(*self.old)


class SetBatchingCommand(QUndoCommand):
    """Change the batch size and shuffle seed (session settings)."""

    def __init__(self, bridge, old: tuple, new: tuple):
        super().__init__("change batching")
        self.bridge, self.old, self.new = bridge, old, new

    def redo(self) -> None:
        self.bridge.trainer.set_batching(*self.new)

    def undo(self) -> None:
        self.bridge.trainer.set_batching(*self.old)
