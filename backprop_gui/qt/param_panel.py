"""The parameter dock: a layer filter over the parameter table, with an editor for
values that accepts only finite C-locale numbers."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.engine.keys import ParameterKey
from .bridge import DebuggerBridge
from .layer_filter import LayerFilterModel
from .number_delegate import FittedNumberDelegate, ValueDelegate
from .optimizer_columns import MAX_OPTIMIZER_COLUMNS
from .param_model import ParameterTableModel
from .param_rows import CHANGE, COLUMNS, GRADIENT, VALUE
from .table_view import TableView

#: The words of the Kind column, and the pixels of a cell that are not text (its
#: margins on both sides and the grid line).
LABEL_WORDS = ("weight", "bias")
CELL_MARGINS = 8


class ParameterPanel(QWidget):
    """Signal ``rowSelected(ParameterKey)``."""

    rowSelected = Signal(object)

    def __init__(self, bridge: DebuggerBridge, model: ParameterTableModel, parent=None):
        super().__init__(parent)
        self.bridge = bridge
        self.model = model
        self.proxy = LayerFilterModel(model)
        self.layer = QComboBox()
        self.layer.setToolTip("Show the parameters feeding one layer")
        self.layer.currentIndexChanged.connect(self._filter)
        self.table = TableView()
        # every column painted from the model's cells (see number_delegate)
        self.table.setItemDelegate(FittedNumberDelegate(self.table, 10))
        self.table.setItemDelegateForColumn(VALUE, ValueDelegate(self.table, 12))
        for column in (GRADIENT, CHANGE):
            self.table.setItemDelegateForColumn(
                column, FittedNumberDelegate(self.table, 10)
            )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self._show(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((38, 38, 32, 48, 112, 112, 112, 76)):
            header.resizeSection(column, width)
        self.fit_label_columns()
        header.setStretchLastSection(True)
        self._optimizer_delegates: list = []
        model.modelReset.connect(self._optimizer_columns)
        # a reset for the optimizer's columns keeps the row selected (the graph
        # kept its edge highlighted while the table lost the row)
        self._kept: ParameterKey | None = None
        self._restoring = False
        model.modelAboutToBeReset.connect(self._keep_selection)
        model.columnsReplaced.connect(self._restore_selection)
        self._optimizer_columns()
        self.watch = QPushButton("Watch")
        self.watch.setToolTip(
            "Plot the selected parameter over the updates (Plots > Watches)"
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Layer"))
        bar.addWidget(self.layer)
        bar.addStretch()
        bar.addWidget(self.watch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        bridge.sessionLoaded.connect(self._fill_layers)
        self._fill_layers()

    def fit_label_columns(self, *_level) -> None:
        """Widen Layer, From, To and Kind to their words in the table's font
        (the zoom scales columns, but a cell's margins do not shrink with the
        text: at 80% Kind showed "wei…")."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        words = {0: ("10",), 1: ("bias", "999"), 2: ("all", "999"), 3: LABEL_WORDS}
        for column, texts in words.items():
            text = max(metrics.horizontalAdvance(t) for t in texts) + CELL_MARGINS
            title = header.sectionSizeFromContents(column).width()
            if header.sectionSize(column) < max(text, title):
                header.resizeSection(column, max(text, title))

    def _optimizer_columns(self) -> None:
        """Delegates and widths for the optimizer's columns (after the fixed
        ones): buffers edit like values, derived numbers only show."""
        header = self.table.horizontalHeader()
        first = len(COLUMNS)
        for column in range(first, first + MAX_OPTIMIZER_COLUMNS):  # another's
            self.table.setItemDelegateForColumn(column, None)
        self._optimizer_delegates = []
        for offset, name in enumerate(self.model.optimizer_columns.names):
            column = first + offset
            delegate = (
                ValueDelegate(self.table, 12)
                if self.model.optimizer_columns.editable(name)
                else FittedNumberDelegate(self.table, 10)
            )
            self._optimizer_delegates.append(delegate)
            self.table.setItemDelegateForColumn(column, delegate)
            header.resizeSection(column, 104)

    def _fill_layers(self) -> None:
        self.layer.blockSignals(True)
        self.layer.clear()
        self.layer.addItem("All layers", None)
        for l in range(self.bridge.debugger.session.spec.depth):
            self.layer.addItem(f"Layer {l + 1} (W{l + 1}, b{l + 1})", l)
        self.layer.blockSignals(False)
        self._filter()

    def _filter(self) -> None:
        """All layers: the table shows the model itself; one layer: the filter.
        (Through the filter model every cell of a repaint costs extra calls into
        Python, ~2 ms a repaint on a small network.)"""
        layer = self.layer.currentData()
        if layer is None:
            self._show(self.model)
            self.proxy.set_layer(None)  # after the table let go of it
        else:
            self.proxy.set_layer(layer)
            self._show(self.proxy)

    def _show(self, model) -> None:
        if self.table.model() is not model:
            header = self.table.horizontalHeader()
            widths = [header.sectionSize(c) for c in range(header.count())]
            previous = self.table.selectionModel()
            self.table.setModel(model)  # a new selection model: Qt keeps the old
            if previous is not None:
                previous.deleteLater()
            for column, width in enumerate(widths):  # the user's column widths
                header.resizeSection(column, width)
            self.table.selectionModel().currentRowChanged.connect(self._on_current)

    def to_source(self, index):
        """A table index as an index of the parameter model."""
        if self.table.model() is self.proxy:
            return self.proxy.mapToSource(index)
        return index

    def from_source(self, index):
        """A parameter model index as an index of the table (invalid if hidden)."""
        if self.table.model() is self.proxy:
            return self.proxy.mapFromSource(index)
        return index

    def _on_current(self, current, _previous) -> None:
        if not current.isValid() or self._restoring:
            return
        self.rowSelected.emit(self.model.locate(self.to_source(current).row()))

    def _keep_selection(self) -> None:
        self._kept = self.selected_key()

    def _restore_selection(self) -> None:
        """The row selected before the columns changed, again, as it was (no
        ``rowSelected``: the graph and Explain kept it)."""
        key, self._kept = self._kept, None
        if key is not None:
            self._restoring = True
            try:
                self.select_parameter(key)
            finally:
                self._restoring = False

    def selected_key(self) -> ParameterKey | None:
        """The parameter of the current row, or None."""
        current = self.table.currentIndex()
        if not current.isValid():
            return None
        return self.model.locate(self.to_source(current).row())

    def select_parameter(self, key: ParameterKey) -> None:
        """Select (and scroll to) the row of a parameter, clearing a layer filter
        that would hide it."""
        row = self.model.row_of(key)
        index = self.from_source(self.model.index(row, VALUE))
        if not index.isValid():
            self.layer.setCurrentIndex(0)
            index = self.from_source(self.model.index(row, VALUE))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
