"""The parameter table: one row per weight and bias of the network.

Rows come layer by layer (see :mod:`.param_row_layout`). Columns: layer, from,
to, kind, value, gradient, last change, gradient check (see :mod:`.param_rows`),
then the optimizer's. Only the value column is editable; edits go through the
undo stack to the debugger. The model never resets on a step: it emits
``dataChanged`` for the columns a phase changed, and resets only when a session with
another shape is loaded. The gradient and the check column show only numbers of the
current state, or grey italic ones marked stale in their tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtCore import Signal as _Signal
from PySide6.QtGui import QUndoStack

from ..core.engine.keys import ParameterKey
from ..core.io.number_text import number_from
from . import colour_scheme
from .bridge import DebuggerBridge
from .commands import same_bits
from .optimizer_columns import HEADERS, OptimizerColumns
from .param_edits import edit_command
from .param_row_layout import ParameterRowLayout
from .param_rows import (
    CHANGE,
    CHECK,
    COLUMN_TIPS,
    COLUMNS,
    GRADIENT,
    VALUE,
    Row,
    compute_row,
)
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


class ParameterTableModel(QAbstractTableModel):
    """Signal ``editRejected(str)``: a typed value was refused, with the reason;
    ``columnsReplaced()``: a reset changed the optimizer's columns only (the
    rows are the same parameters)."""

    editRejected = _Signal(str)
    columnsReplaced = _Signal()

    def __init__(self, bridge: DebuggerBridge, undo_stack: QUndoStack | None = None):
        super().__init__()
        self.scheme = colour_scheme.current()
        self.bridge = bridge
        self.undo_stack = undo_stack
        self.debugger = bridge.debugger
        #: The optimizer's columns, after the fixed ones.
        self.optimizer_columns = OptimizerColumns(self.debugger)
        self.optimizer_names = self.optimizer_columns.names
        self.edited_row: int | None = None
        self.edited_column: int | None = None
        self._rows_cache: dict[int, Row] = {}
        self._build_blocks()
        bridge.phaseCompleted.connect(self._on_phase)
        bridge.stepsAdvanced.connect(self._on_run_advanced)
        bridge.stateChanged.connect(self._on_refresh)
        self._advanced = False
        bridge.parametersEdited.connect(self._on_edit)
        # a rewind may go back past a change of optimizer: other columns
        bridge.sessionReset.connect(self._on_replaced)
        bridge.sessionRewound.connect(self._on_replaced)
        bridge.sessionLoaded.connect(self._on_loaded)
        bridge.dataEdited.connect(lambda: self._columns_changed(GRADIENT, CHECK))
        bridge.settingsChanged.connect(self._on_settings)
        # Predict mode on or off: stale gradients hide or show again
        bridge.quizChanged.connect(lambda: self._columns_changed(GRADIENT, CHECK))
        bridge.gradientChecked.connect(lambda: self._columns_changed(CHECK, CHECK))

    # ------------------------------------------------------------ row layout
    def _build_blocks(self) -> None:
        self.row_layout = ParameterRowLayout(self._params.weights, self._params.biases)
        self._rows = self.row_layout.rows

    @property
    def _params(self):
        return self.debugger.trainer.params

    def locate(self, row: int) -> ParameterKey:
        """The parameter of a row."""
        return self.row_layout.locate(row)

    def row_of(self, key: ParameterKey) -> int:
        return self.row_layout.row_of(key)

    def layer_of_row(self, row: int) -> int:
        return self.row_layout.layer_of_row(row)

    # ------------------------------------------------------------ Qt model
    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS) + len(self.optimizer_names)

    def optimizer_column(self, name: str) -> int:
        """The column of an optimizer quantity (``m``, ``velocity``, ...)."""
        return len(COLUMNS) + self.optimizer_names.index(name)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            extra = section - len(COLUMNS)
            if role == Qt.ItemDataRole.DisplayRole:
                if extra < 0:
                    return COLUMNS[section]
                return HEADERS[self.optimizer_names[extra]][0]
            if role == Qt.ItemDataRole.ToolTipRole:
                if extra >= 0:
                    return HEADERS[self.optimizer_names[extra]][1]
                return COLUMN_TIPS.get(section)
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def _editable(self, column: int) -> bool:
        if column == VALUE:
            return True
        extra = column - len(COLUMNS)
        names = self.optimizer_names
        return extra >= 0 and self.optimizer_columns.editable(names[extra])

    def flags(self, index):
        return cell_flags(index, self._editable(index.column()))

    _ROLES = frozenset(
        {DISPLAY, EDIT, TOOLTIP, ALIGN, BACKGROUND, FOREGROUND, FONT, NUMBER}
    )

    def data(self, index, role=DISPLAY):
        if role not in self._ROLES or not index.isValid():
            return None  # views ask for many roles per cell: answer the rest at once
        row, column = index.row(), index.column()
        if role == TOOLTIP:
            return self._row(row).tooltip[column]
        if role == EDIT:
            found = self._row(row)
            if column == VALUE:
                return found.edit
            number = found.numbers[column]
            return found.display[column] if number is None else repr(number)
        return cell_role(self.cell(row, column), role)

    def cell(self, row: int, column: int) -> Cell:
        """What cell (row, column) shows (see :class:`~.table_cells.Cell`)."""
        found = self._row(row)
        if column == CHECK:
            background = found.check_brush
        else:
            background = self.scheme.highlight if column in found.highlighted else None
        return Cell(
            found.display[column],
            found.numbers[column],
            background,
            column >= VALUE,
            column == GRADIENT and found.stale_gradient,
        )

    def _row(self, row: int) -> Row:
        """Everything a row shows, computed once until the data changes again
        (a repaint asks for about seven roles of each of seven cells)."""
        found = self._rows_cache.get(row)
        if found is None:
            found = self._rows_cache[row] = self._compute_row(row)
        return found

    def _compute_row(self, row: int) -> Row:
        return compute_row(self, row)

    def refresh_colours(self) -> None:
        """The palette changed (light or dark): brushes of the new scheme."""
        self.scheme = colour_scheme.current()
        self._rows_cache.clear()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._rows - 1, self.columnCount() - 1)
            )

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        column = index.column()
        if role != Qt.ItemDataRole.EditRole or not self._editable(column):
            return False
        try:
            number = number_from(value)
        except (TypeError, ValueError) as exc:
            self.editRejected.emit(f"Value refused: {exc}")
            return False
        try:
            command, old = edit_command(self, self.locate(index.row()), column, number)
        except ValueError as exc:
            self.editRejected.emit(str(exc))
            return False
        if same_bits(number, old):
            return True
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        else:
            command.redo()
        return True

    # ------------------------------------------------------- bridge signals
    def _columns_changed(
        self, first: int, last: int, edited_row=None, edited_column=None
    ) -> None:
        """Columns ``first`` to ``last`` show new numbers (``last == CHECK``: to
        the end, the optimizer's columns too: they change with the values)."""
        self.edited_row, self.edited_column = edited_row, edited_column
        self._rows_cache.clear()
        self.optimizer_columns.clear()
        if last == CHECK:
            last = self.columnCount() - 1
        if self._rows:
            self.dataChanged.emit(
                self.index(0, first), self.index(self._rows - 1, last)
            )

    def _sync_columns(self) -> bool:
        """Columns for the session's optimizer now; True if they had to change
        (the model resets: its column count changes)."""
        if self.optimizer_columns.names == self.optimizer_names:
            return False
        self.beginResetModel()
        self.optimizer_names = self.optimizer_columns.names
        self.edited_row = self.edited_column = None
        self._rows_cache.clear()
        self.optimizer_columns.clear()
        self.endResetModel()
        self.columnsReplaced.emit()
        return True

    def _on_replaced(self) -> None:
        """A reset or rewind: every number may be another."""
        if not self._sync_columns():
            self._columns_changed(VALUE, CHECK)

    def _on_settings(self, detail) -> None:
        setting = detail[0]
        if setting == "optimizer":
            # the same buffers, other options: the derived columns change
            if not self._sync_columns():
                self._columns_changed(VALUE, CHECK)
        elif setting == "buffer_entry":
            row, name = self.row_of(detail[2]), detail[1]
            self._columns_changed(VALUE, CHECK, row, self.optimizer_column(name))
        else:  # batching or the penalty make the gradients stale; the learning
            # rate changes the Adam step
            self._columns_changed(GRADIENT, CHECK)

    def _on_phase(self, step: int, phase: str) -> None:
        if phase == "update":  # new values; the gradient check is stale
            self._columns_changed(VALUE, CHECK)
        else:  # forward marks gradients stale, backward computes them; the
            # update's highlight of values and changes goes
            self._columns_changed(VALUE, CHANGE)

    def _on_run_advanced(self, _step: int) -> None:
        """A run's tick: the rows are computed afresh at the refresh, with every
        other view (a run ticks several times between two refreshes when
        painting is slow); until then they answer what the table shows."""
        self._advanced = True

    def _on_refresh(self) -> None:
        if self._advanced:
            self._advanced = False
            self._columns_changed(VALUE, CHECK)

    def _on_edit(self, detail) -> None:
        if detail[0] == "all":
            self._columns_changed(VALUE, CHECK)
            return
        # the gradient column turns stale and the highlight moves to the edited cell
        self._columns_changed(VALUE, CHECK, self.row_of(detail[1]))

    def _on_loaded(self) -> None:
        self.beginResetModel()
        self.edited_row = None
        self.optimizer_names = self.optimizer_columns.names
        self.optimizer_columns.clear()
        self._rows_cache.clear()
        self._build_blocks()
        self.endResetModel()
