"""The Dataset dock: the dataset table, a line on its size, batching, split and
classes, buttons to add and remove samples, and the selected sample as a picture
when the inputs form a square image."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.debugger.data_edits import InsertSample, RemoveSample
from .bridge import DebuggerBridge
from .dataset_view import DIGITS, DatasetModel
from .image_views import SampleImage, image_side
from .number_delegate import ValueDelegate
from .table_view import TableView

#: The least width columns share the dock's width with (a number shows about
#: five digits: "0.7514"); narrower, they keep 84 px and scroll (in 48 px a
#: prediction read "0.…").
SHARED_WIDTH = 60


class DatasetPanel(QWidget):
    def __init__(self, bridge: DebuggerBridge, undo_stack=None, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.model = DatasetModel(bridge, undo_stack)
        self.table = TableView()
        self.table.setItemDelegate(ValueDelegate(self.table, DIGITS))
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setDefaultSectionSize(84)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.note = QLabel()
        self.note.setWordWrap(True)
        # short labels leave the note its width (the dock is ~390 px at 1024)
        self.add = QToolButton(text="Add")
        self.add.setToolTip(
            "Add sample: append a copy of the selected sample (or the last one)"
        )
        self.add.clicked.connect(self.add_sample)
        self.remove = QToolButton(text="Remove")
        self.remove.setToolTip("Remove sample: delete the selected sample")
        self.remove.clicked.connect(self.remove_sample)
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        bar.addWidget(self.add)
        bar.addWidget(self.remove)
        #: the selected sample as a picture, when the inputs form a square image
        self.picture = SampleImage()
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(self.picture, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(bar)
        layout.addLayout(body)
        bridge.stateChanged.connect(lambda: self._describe(bridge))
        bridge.stateChanged.connect(self._show_picture)
        self.table.selectionModel().currentRowChanged.connect(self._show_picture)
        self.model.modelReset.connect(self._size_columns)
        self.table.viewport().installEventFilter(self)
        self._describe(bridge)
        self._size_columns()
        self._show_picture()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._show_picture()

    def _show_picture(self, *_args) -> None:
        session = self.bridge.debugger.session
        square = image_side(session.inputs.shape[1]) is not None
        self.picture.setVisible(square)
        if square and self.isVisible():
            row = max(0, self.table.currentIndex().row())
            row = min(row, session.n_samples - 1)
            self.picture.show_sample(session, row, self.model.class_of(row))

    def _size_columns(self, *_args, again: bool = True) -> None:
        """Columns share the width while each gets SHARED_WIDTH; otherwise
        they keep a readable width (84 px, or their title's) and scroll. Again
        whenever the columns change (an import) or the table is resized
        (``again=False``: widths a user set stay while they scroll)."""
        header = self.table.horizontalHeader()
        count = self.model.columnCount()
        readable = header.defaultSectionSize()
        if count * SHARED_WIDTH <= self.table.viewport().width():
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            return
        stretched = (
            count and header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
        )
        if not (again or stretched):
            return
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in range(count):
            title = header.sectionSizeFromContents(column).width()
            header.resizeSection(column, max(readable, title))

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._size_columns(again=False)
        return False

    def _selected_row(self) -> int:
        current = self.table.currentIndex()
        if current.isValid():
            return current.row()
        return self.bridge.debugger.session.n_samples - 1

    def add_sample(self) -> None:
        s = self.bridge.debugger.session
        row = self._selected_row()
        copy = InsertSample(
            s.n_samples,
            tuple(map(float, s.inputs[row])),
            tuple(map(float, s.targets[row])),
        )
        if self.model.apply_edit(copy, f"add a copy of sample {row + 1}"):
            self.table.selectRow(s.n_samples - 1)

    def remove_sample(self) -> None:
        s = self.bridge.debugger.session
        if s.n_samples == 1:
            self.model.editRejected.emit("The dataset needs at least one sample")
            return
        row = self._selected_row()
        self.model.apply_edit(RemoveSample(row), f"remove sample {row + 1}")

    def _describe(self, bridge: DebuggerBridge) -> None:
        """One short line (``150 samples · full batch · 30 validation (v) · 3
        classes · standardized``); its tooltip says each part in words."""
        s = bridge.debugger.session
        parts = [f"{s.n_samples:,} sample{'s' if s.n_samples != 1 else ''}"]
        tips = [f"{s.n_samples:,} samples in the dataset."]
        if s.batch_size is None or s.batch_size >= s.n_training:
            parts.append("full batch")
            tips.append("Every update trains on all training samples (full batch).")
        else:
            order = "shuffled" if s.shuffle_seed is not None else "in order"
            parts.append(f"batches of {s.batch_size:,}, {order}")
            tips.append(
                f"Each update trains on a batch of {s.batch_size:,} samples, "
                f"taken {order}; the current batch is highlighted."
            )
        if s.validation is not None:
            held = s.n_samples - s.n_training
            parts.append(f"{held:,} validation (v)")
            tips.append(
                f"{held:,} samples are held out for validation (rows marked v): "
                "they never train."
            )
        if s.classes is not None:
            parts.append(f"{len(s.classes)} classes")
            tips.append(f"The targets are {len(s.classes)} classes.")
        if s.input_scaling is not None:
            parts.append("standardized")
            tips.append("The inputs are standardized: what the network sees.")
        text = " · ".join(parts)
        if self.note.text() != text:  # setText lays the window out again
            self.note.setText(text)
            self.note.setToolTip("\n".join(tips))
