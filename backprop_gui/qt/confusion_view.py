"""The confusion matrix dock: for each actual class (rows), how many samples the
network predicts as each class (columns), on the training or validation samples.

The counts come from the :class:`~.evaluation_follower.EvaluationFollower`
(computed off the GUI thread); while the current state's are being computed the
caption says which step the counts shown belong to, and the cells are greyed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.engine.classes import class_name
from .shown_refresh import RefreshWhenShown
from .table_cells import STALE_BRUSH

CENTRE = Qt.AlignmentFlag.AlignCenter
#: More classes than this are not drawn as a table.
MAX_SHOWN = 40
PARTS = ("Training samples", "Validation samples")
RIGHT_TINT = QColor(22, 163, 74, 70)
WRONG_TINT = QColor(220, 38, 38, 60)
STALE_TEXT = STALE_BRUSH  # as stale numbers in the other tables


class ConfusionView(RefreshWhenShown, QWidget):
    def __init__(self, bridge, follower, parent=None) -> None:
        super().__init__(parent)
        self.bridge, self.follower = bridge, follower
        self.part = QComboBox()
        self.part.addItems(PARTS)
        self.part.setToolTip("Which samples the counts are of")
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        top.addWidget(self.part)
        top.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.part.currentIndexChanged.connect(self.refresh)
        follower.changed.connect(self.refresh)

    def redraw(self) -> None:
        classes = self.bridge.debugger.session.classes
        evaluation = self.follower.latest
        if classes is None:
            self._clear(
                "The confusion matrix needs class labels (the iris or digits "
                "preset, or a dataset CSV imported with a class label column)."
            )
            return
        if len(classes) > MAX_SHOWN:
            self._clear(f"{len(classes)} classes: too many to draw as a table.")
            return
        if evaluation is None:
            self._clear("Computing…")
            return
        scores = (
            evaluation.training
            if self.part.currentIndex() == 0
            else (evaluation.validation)
        )
        if scores is None or scores.confusion is None:
            self._clear("No validation samples: set a split in Train → Settings.")
            return
        current = self.follower.is_shown()  # of the state the window shows
        caption = (
            f"Step {evaluation.step}: {scores.correct} of {scores.samples} right "
            f"({100 * scores.accuracy:.1f}%). Rows: actual class; columns: "
            "predicted."
        )
        if not current:
            caption += " Stale: the current state's counts are being computed."
        self.caption.setText(caption)
        self._fill(scores.confusion, [class_name(c) for c in classes], current)

    def _fill(self, counts, names: list[str], current: bool) -> None:
        k = len(names)
        if self.table.rowCount() != k:
            self.table.setRowCount(k)
            self.table.setColumnCount(k)
        self.table.setVerticalHeaderLabels([f"{n} (actual)" for n in names])
        self.table.setHorizontalHeaderLabels(names)
        for r in range(k):
            for c in range(k):
                count = int(counts[r, c])
                item = QTableWidgetItem(str(count))
                item.setTextAlignment(CENTRE)
                if count:
                    item.setBackground(RIGHT_TINT if r == c else WRONG_TINT)
                if not current:
                    item.setForeground(STALE_TEXT)
                item.setToolTip(
                    f"{count} sample(s) of class {names[r]} predicted as {names[c]}"
                )
                self.table.setItem(r, c, item)

    def _clear(self, text: str) -> None:
        self.caption.setText(text)
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
