"""What typing a number into the parameter table does: an undo command that sets
a parameter's value or an entry of the optimizer's buffers, checked by the
debugger before anything is pushed."""

from __future__ import annotations

from .commands import SetBufferEntryCommand, SetParameterCommand
from .param_rows import COLUMNS, VALUE


def edit_command(model, key, column: int, number: float):
    """``(command, old value)`` for ``number`` typed into ``column`` of the row
    of ``key`` in the ParameterTableModel ``model``; ``ValueError`` with the
    message to show when it cannot be applied."""
    debugger, refused = model.debugger, model.editRejected.emit
    if column == VALUE:
        old = key.read(debugger.trainer.params)
        return SetParameterCommand(debugger, key, old, number, refused), old
    name = model.optimizer_names[column - len(COLUMNS)]
    old = model.optimizer_columns.value(name, key)
    if old is None:
        raise ValueError("Frozen biases have no optimizer state to edit")
    try:
        debugger.check_buffer_entry(name, key, number)
    except ValueError as exc:
        raise ValueError(f"Value refused: {exc}") from None
    return SetBufferEntryCommand(debugger, name, key, old, number, refused), old
