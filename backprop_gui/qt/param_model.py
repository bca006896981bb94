"""The parameter table: one row per weight and bias of the network.

Rows come layer by layer: the weights feeding layer 1 (source-major), its biases,
then layer 2, and so on. Columns: layer, from, to, kind, value, gradient, last
change. Only the value column is editable; edits go through the undo stack and the
bridge. The model never resets on a step: it emits ``dataChanged`` for the columns a
phase changed, and resets only when a session with another shape is loaded.
"""

from __future__ import annotations

import bisect

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtCore import Signal as _Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack

from ..core.network import BackwardResult
from ..core.numbers import parse_number
from .bridge import TrainerBridge
from .commands import SetParameterCommand
from .formatting import fmt, parameter_name

_ROOT = QModelIndex()
_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
COLUMNS = ("Layer", "From", "To", "Kind", "Value", "Gradient", "Last change")
VALUE, GRADIENT, CHANGE = 4, 5, 6
HIGHLIGHT = QColor(255, 236, 150)
STALE = QColor(150, 150, 150)
COLUMN_TIPS = {
    VALUE: "Current value (double-click to edit; numbers like 0.5 or 1e-3)",
    GRADIENT: "dL/dw or dL/db from the latest backward pass (grey: stale)",
    CHANGE: "New minus old value from the latest update",
}


class ParameterTableModel(QAbstractTableModel):
    """Signal ``editRejected(str)``: a typed value was refused, with the reason."""

    editRejected = _Signal(str)

    def __init__(self, bridge: TrainerBridge, undo_stack: QUndoStack | None = None):
        super().__init__()
        self.bridge = bridge
        self.undo_stack = undo_stack
        self._edited_row: int | None = None
        self._build_blocks()
        bridge.phaseCompleted.connect(self._on_phase)
        bridge.stepsAdvanced.connect(lambda _step: self._columns_changed(VALUE, CHANGE))
        bridge.parametersEdited.connect(self._on_edit)
        bridge.sessionReset.connect(lambda: self._columns_changed(VALUE, CHANGE))
        bridge.sessionLoaded.connect(self._on_loaded)
        bridge.dataEdited.connect(lambda: self._columns_changed(GRADIENT, GRADIENT))

    # ------------------------------------------------------------ row layout
    def _build_blocks(self) -> None:
        """``_starts[k]`` is the first row of block k = (kind, l, shape)."""
        self._starts, self._blocks = [], []
        row = 0
        for l, (w, b) in enumerate(zip(self._params.weights, self._params.biases)):
            for kind, array in (("W", w), ("b", b)):
                if array.size:
                    self._starts.append(row)
                    self._blocks.append((kind, l, array.shape))
                    row += array.size
        self._rows = row

    @property
    def _params(self):
        return self.bridge.trainer.params

    def locate(self, row: int) -> tuple[str, int, int | None, int]:
        """``(kind, l, i, j)`` of a row; ``i`` is None for a bias."""
        k = bisect.bisect_right(self._starts, row) - 1
        kind, l, shape = self._blocks[k]
        offset = row - self._starts[k]
        if kind == "W":
            i, j = divmod(offset, shape[1])
            return kind, l, i, j
        return kind, l, None, offset

    def row_of(self, kind: str, l: int, i: int | None, j: int) -> int:
        for start, (k, layer, shape) in zip(self._starts, self._blocks):
            if k == kind and layer == l:
                return start + (i * shape[1] + j if kind == "W" else j)
        raise KeyError((kind, l, i, j))

    def layer_of_row(self, row: int) -> int:
        return self._blocks[bisect.bisect_right(self._starts, row) - 1][1]

    @staticmethod
    def _value(source, kind: str, l: int, i, j) -> float | None:
        """A weight or bias from ``Parameters``, or its gradient from a
        ``BackwardResult``; None when there is no such result yet."""
        if source is None:
            return None
        if isinstance(source, BackwardResult):
            array = source.dW[l] if kind == "W" else source.db[l]
        else:
            array = source.weights[l] if kind == "W" else source.biases[l]
        return float(array[i, j] if kind == "W" else array[j])

    # ------------------------------------------------------------ Qt model
    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal:
            if role == Qt.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ToolTipRole:
                return COLUMN_TIPS.get(section)
        elif role == Qt.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemIsEditable if index.column() == VALUE else base

    _ROLES = frozenset(
        {
            Qt.DisplayRole,
            Qt.EditRole,
            Qt.ToolTipRole,
            Qt.TextAlignmentRole,
            Qt.BackgroundRole,
            Qt.ForegroundRole,
            Qt.FontRole,
        }
    )

    def data(self, index, role=Qt.DisplayRole):
        if role not in self._ROLES or not index.isValid():
            return None  # views ask for many roles per cell: answer the rest at once
        if role == Qt.TextAlignmentRole:
            return _RIGHT if index.column() >= VALUE else None
        row, column = index.row(), index.column()
        kind, l, i, j = self.locate(row)
        trainer = self.bridge.trainer
        if role in (Qt.DisplayRole, Qt.EditRole, Qt.ToolTipRole):
            if column == VALUE:
                value = self._value(trainer.params, kind, l, i, j)
                if role == Qt.DisplayRole:
                    return fmt(value)
                return repr(value) if role == Qt.EditRole else fmt(value, 17)
            digits = 17 if role == Qt.ToolTipRole else 10
            if column == GRADIENT:
                return fmt(self._value(trainer.backward_result, kind, l, i, j), digits)
            if column == CHANGE:
                if trainer.previous_params is None:
                    return ""
                now = self._value(trainer.params, kind, l, i, j)
                before = self._value(trainer.previous_params, kind, l, i, j)
                return fmt(now - before, digits)
            if role == Qt.ToolTipRole:
                shared = trainer.session.spec.bias_mode == "shared"
                return parameter_name(kind, l, i, j, shared)
            return self._label(column, kind, l, i, j)
        if role == Qt.BackgroundRole and self._highlighted(row, column, kind, l, i, j):
            return QBrush(HIGHLIGHT)
        if column == GRADIENT and not trainer.backward_valid:
            if role == Qt.ForegroundRole:
                return QBrush(STALE)
            if role == Qt.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
        return None

    def _label(self, column, kind, l, i, j) -> str:
        shared = self.bridge.session.spec.bias_mode == "shared"
        if column == 0:
            return str(l + 1)
        if column == 1:
            return "bias" if kind == "b" else str(i + 1)
        if column == 2:
            return "all" if kind == "b" and shared else str(j + 1)
        return "weight" if kind == "W" else "bias"

    def _highlighted(self, row, column, kind, l, i, j) -> bool:
        trainer = self.bridge.trainer
        if row == self._edited_row:
            return column == VALUE
        phase = trainer.last_phase
        if phase == "backward" and column == GRADIENT:
            return self._value(trainer.backward_result, kind, l, i, j) != 0.0
        if phase == "update" and column in (VALUE, CHANGE):
            before = self._value(trainer.previous_params, kind, l, i, j)
            return before != self._value(trainer.params, kind, l, i, j)
        return False

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole or index.column() != VALUE:
            return False
        try:
            number = parse_number(value) if isinstance(value, str) else float(value)
            parse_number(repr(number))  # the same range and finiteness rules
        except (TypeError, ValueError) as exc:
            self.editRejected.emit(f"Value refused: {exc}")
            return False
        kind, l, i, j = self.locate(index.row())
        old = self._value(self._params, kind, l, i, j)
        if number == old and np.signbit(number) == np.signbit(old):
            return True
        target = (l, i, j) if kind == "W" else (l, j)
        command = SetParameterCommand(self.bridge, kind, target, old, number)
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        else:
            command.redo()
        return True

    # ------------------------------------------------------- bridge signals
    def _columns_changed(self, first: int, last: int, edited_row=None) -> None:
        self._edited_row = edited_row
        if self._rows:
            self.dataChanged.emit(
                self.index(0, first), self.index(self._rows - 1, last)
            )

    def _on_phase(self, step: int, phase: str) -> None:
        if phase == "update":
            self._columns_changed(VALUE, CHANGE)
        else:  # forward marks gradients stale, backward computes them
            self._columns_changed(VALUE, GRADIENT)

    def _on_edit(self, detail) -> None:
        if detail[0] == "all":
            self._columns_changed(VALUE, CHANGE)
            return
        kind, l = detail[0], detail[1]
        i, j = (detail[2], detail[3]) if kind == "W" else (None, detail[2])
        # the gradient column turns stale and the highlight moves to the edited cell
        self._columns_changed(VALUE, CHANGE, self.row_of(kind, l, i, j))

    def _on_loaded(self) -> None:
        self.beginResetModel()
        self._edited_row = None
        self._build_blocks()
        self.endResetModel()


class LayerFilterModel(QSortFilterProxyModel):
    """Shows only the rows of one layer (``set_layer(None)`` shows all)."""

    def __init__(self, source: ParameterTableModel) -> None:
        super().__init__()
        self.setSourceModel(source)
        self.setDynamicSortFilter(False)  # rows never move between layers
        self._layer: int | None = None

    def set_layer(self, layer: int | None) -> None:
        if hasattr(
            self, "endFilterChange"
        ):  # Qt >= 6.10; invalidateFilter is deprecated
            self.beginFilterChange()
            self._layer = layer
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._layer = layer
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:
        return (
            self._layer is None or self.sourceModel().layer_of_row(row) == self._layer
        )
