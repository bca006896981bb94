"""A table view that repaints only the visible cells a change touches.

Qt's ``QTableView`` repaints its whole viewport when a model reports a change to
more rows than it shows (the parameter table reports all 2,410 rows of digits at
every phase, though only the value, gradient and change columns changed): here
the reported range is cut to the rows on screen before Qt sees it, so only the
columns that changed are painted again. While an editor is open, Qt gets the
whole range, so the editor's text follows the model wherever its row is.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView

_EDITING = QAbstractItemView.State.EditingState


class TableView(QTableView):
    def dataChanged(self, top_left, bottom_right, roles=()) -> None:
        model = self.model()
        if model is None or self.state() == _EDITING or not top_left.isValid():
            super().dataChanged(top_left, bottom_right, roles)
            return
        first = self.rowAt(0)
        last = self.rowAt(self.viewport().height() - 1)
        if last < 0:  # the rows end above the viewport's bottom
            last = model.rowCount() - 1
        top, bottom = max(top_left.row(), first), min(bottom_right.row(), last)
        if first < 0 or top > bottom:
            return  # nothing on screen changed
        super().dataChanged(
            model.index(top, top_left.column()),
            model.index(bottom, bottom_right.column()),
            roles,
        )
