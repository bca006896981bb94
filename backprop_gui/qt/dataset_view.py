"""The dataset table: inputs, targets and the latest outputs, one row per sample;
with classes, each sample's class and the class the latest outputs predict.

Input and target cells are editable (C-locale numbers, refused with a message
otherwise), and samples can be added and removed; every change goes through the
undo stack. Rows of the batch being worked on are highlighted, which matters in
mini-batch mode.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from ..core.debugger.data_edits import SetValue
from ..core.engine.classes import class_name, predicted_classes, true_classes
from ..core.io.number_text import number_from
from . import colour_scheme
from .bridge import DebuggerBridge
from .data_undo_commands import EditDataCommand
from .formatting import fmt
from .quiz_hiding import hidden
from .table_cells import (
    ALIGN,
    BACKGROUND,
    DISPLAY,
    EDIT,
    FONT,
    FOREGROUND,
    NUMBER,
    TOOLTIP,
    Cell,
    cell_flags,
    cell_role,
)

_ROOT = QModelIndex()
#: Significant digits of a dataset cell (fewer where the column is narrow).
DIGITS = 8
_ROLES = frozenset(
    {DISPLAY, EDIT, BACKGROUND, ALIGN, TOOLTIP, FOREGROUND, FONT, NUMBER}
)
VALIDATION_TIP = "A validation sample: held out of training (Train → Settings)"
OUTPUT_TIP = "Network output from the latest forward pass (this batch only)"
STALE_TIP = (
    "Network output from an earlier forward pass: stale, the parameters, data or "
    "batching changed since"
)
PREDICTED_TIP = (
    "The class the latest forward pass predicts (the largest output; a single "
    "output: 1 from 0.5); ✗ where it is not the sample's class"
)
#: Marks a prediction that is not the sample's class.
WRONG = "✗ "


class DatasetModel(QAbstractTableModel):
    """Signal ``editRejected(str)``: a typed value was refused, with the reason."""

    editRejected = Signal(str)

    def __init__(self, bridge: DebuggerBridge, undo_stack=None) -> None:
        super().__init__()
        self._batch_brush = colour_scheme.current().batch
        self.bridge = bridge
        self.undo_stack = undo_stack
        self._batch = frozenset()
        self._validation = frozenset()
        self._held = None
        #: (forward result, {dataset row: its position in the result's batch})
        self._positions = None
        self._shape = self._current_shape()
        self._update_batch()
        bridge.stateChanged.connect(self._on_state)

    def _current_shape(self):
        s = self.bridge.debugger.session
        return s.n_samples, s.inputs.shape[1], s.targets.shape[1], s.classes is not None

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else self._shape[0]

    def columnCount(self, parent=_ROOT) -> int:
        n_in, n_out, with_class = self._shape[1:]
        return 0 if parent.isValid() else n_in + 2 * (n_out + with_class)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            held = section in self._validation
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{section + 1} v" if held else str(section + 1)
            if role == TOOLTIP and held:
                return VALIDATION_TIP
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        n_in, n_out, with_class = self._shape[1:]
        if section < n_in:
            return f"x{section + 1}"
        if section < n_in + n_out:
            return f"y{section - n_in + 1}"
        if with_class and section == n_in + n_out:
            return "class"
        if with_class and section == n_in + 2 * n_out + 1:
            return "predicted"
        return f"ŷ{section - n_in - n_out - with_class + 1}"

    def class_of(self, row: int) -> str | None:
        """The class name of sample ``row``'s targets (None without classes)."""
        session = self.bridge.debugger.session
        if session.classes is None:
            return None
        return class_name(session.classes[self._actual_class(row)])

    def _actual_class(self, row: int) -> int:
        targets = self.bridge.debugger.session.targets
        return int(true_classes(targets[row : row + 1])[0])

    def data(self, index, role=DISPLAY):
        if role not in _ROLES or not index.isValid():
            return None  # views ask for many roles per cell: answer the rest at once
        row, column = index.row(), index.column()
        if role == EDIT:  # the editor opens with the number in full
            number = self.cell(row, column).number
            return "" if number is None else repr(number)
        if role == TOOLTIP:
            if column < sum(self._shape[1:]):  # inputs, targets and the class
                return None
            fresh = self.bridge.debugger.trainer.forward_valid
            if column == self._predicted_column():
                return PREDICTED_TIP if fresh else STALE_TIP
            return OUTPUT_TIP if fresh else STALE_TIP
        return cell_role(self.cell(row, column), role)

    def cell(self, row: int, column: int) -> Cell:
        """What cell (row, column) shows (see :class:`~.table_cells.Cell`)."""
        n_in, n_out, with_class = self._shape[1:]
        background = self._batch_brush if row in self._batch else None
        if with_class and column == n_in + n_out:
            return Cell(self.class_of(row), None, background, False, False)
        if column == self._predicted_column():
            stale = not self.bridge.debugger.trainer.forward_valid
            return Cell(self.predicted_of(row), None, background, False, stale)
        session = self.bridge.debugger.session
        stale = False
        if column < n_in:
            value = float(session.inputs[row, column])
        elif column < n_in + n_out:
            value = float(session.targets[row, column - n_in])
        else:
            value = self._output(row, column - n_in - n_out - with_class)
            stale = not self.bridge.debugger.trainer.forward_valid
        text = "" if value is None else fmt(value, DIGITS)
        return Cell(text, value, background, True, stale)

    def refresh_colours(self) -> None:
        """The palette changed (light or dark): brushes of the new scheme."""
        self._batch_brush = colour_scheme.current().batch
        rows, columns = self.rowCount(), self.columnCount()
        if rows and columns:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1))

    def flags(self, index):
        return cell_flags(index, index.column() < self._shape[1] + self._shape[2])

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        row, column = index.row(), index.column()
        try:
            number = number_from(value)
        except (TypeError, ValueError) as exc:
            self.editRejected.emit(f"Value refused: {exc}")
            return False
        n_in = self._shape[1]
        name = f"x{column + 1}" if column < n_in else f"y{column - n_in + 1}"
        return self.apply_edit(
            SetValue(row, column, number),
            f"set {name} of sample {row + 1}",
            "Value refused",
        )

    def apply_edit(self, edit, text: str, refused: str = "Refused") -> bool:
        """Edit the data by hand (a :mod:`~..core.debugger.data_edits` edit),
        undoably: the classes, scaling and description stay; the numbers are no
        longer a file's. A refused edit says why and changes nothing."""
        debugger = self.bridge.debugger
        old_info = debugger.session.dataset_info
        info = replace(old_info, source=None)
        try:
            undo = debugger.edit_data(edit, info)
        except ValueError as exc:
            self.editRejected.emit(f"{refused}: {exc}")
            return False
        command = EditDataCommand(
            debugger, edit, undo, old_info, info, text, self.editRejected.emit
        )
        if self.undo_stack is not None:
            self.undo_stack.push(command)  # made already: its first redo is not
        return True

    def _predicted_column(self) -> int | None:
        n_in, n_out, with_class = self._shape[1:]
        return n_in + 2 * n_out + 1 if with_class else None

    def predicted_of(self, row: int) -> str:
        """The class the latest outputs of sample ``row`` predict, marked WRONG
        when it is not the sample's class ("" outside that pass's batch). A
        stale prediction is not set against the sample's class of now (the
        targets may have changed since): no mark."""
        position = self._position(row)[1]
        if position is None:
            return ""
        session = self.bridge.debugger.session
        predicted = int(self._positions[2][position])
        name = class_name(session.classes[predicted])
        if not self.bridge.debugger.trainer.forward_valid:
            return name
        return name if predicted == self._actual_class(row) else WRONG + name

    def _output(self, row: int, k: int) -> float | None:
        fwd, position = self._position(row)
        return None if position is None else float(fwd.a[-1][position, k])

    def _position(self, row: int):
        """``(forward result, row's position in its batch)``; the position is
        None when no pass is shown or the row was not in its batch."""
        trainer = self.bridge.debugger.trainer
        fwd = trainer.forward_result
        if fwd is None or hidden(self.bridge.debugger, trainer.forward_valid):
            return fwd, None
        if fwd.revision < trainer.rows_revision:
            # samples were added, removed or replaced since the pass: its rows
            # may be other samples now, show none
            return fwd, None
        if self._positions is None or self._positions[0] is not fwd:
            # each sample's position in the pass and its prediction, once per
            # pass, not per cell
            self._positions = (
                fwd,
                {int(r): p for p, r in enumerate(fwd.samples)},
                predicted_classes(fwd.a[-1]),
            )
        return fwd, self._positions[1].get(row)

    def _update_batch(self) -> None:
        trainer = self.bridge.debugger.trainer
        session = trainer.session
        #: what the input, target and class cells show (read-only arrays:
        #: replaced, never changed in place, when the data change)
        self._data = (session.inputs, session.targets, session.classes)
        if trainer.forward_valid:
            batch = trainer.forward_result.samples
        else:
            batch = trainer.current_batch()
        if len(batch) == trainer.session.n_training:
            self._batch = frozenset()  # full batch: nothing to single out
        else:
            self._batch = frozenset(batch.tolist())
        held = trainer.validation_rows()  # the same array until the split changes
        if held is not self._held:
            self._held = held
            self._validation = frozenset(held.tolist())
            if self._shape[0]:
                self.headerDataChanged.emit(
                    Qt.Orientation.Vertical, 0, self._shape[0] - 1
                )

    def _on_state(self) -> None:
        shape = self._current_shape()
        if shape != self._shape:
            self.beginResetModel()
            self._shape = shape
            self._update_batch()
            self.endResetModel()
            return
        batch, data = self._batch, self._data
        self._update_batch()
        if self._shape[0]:
            # the same samples in the same batch: only the outputs changed (a
            # full repaint of digits' visible inputs cost ~5 ms of a Step)
            same = batch == self._batch and all(
                old is new for old, new in zip(data, self._data)
            )
            first = sum(self._shape[2:]) + self._shape[1] if same else 0
            last = self.columnCount() - 1
            if first <= last:
                self.dataChanged.emit(
                    self.index(0, first), self.index(self._shape[0] - 1, last)
                )
