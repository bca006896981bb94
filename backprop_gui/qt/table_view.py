"""A table view that repaints only the visible cells a change touches, in one
pass from Python.

Qt's ``QTableView`` repaints its whole viewport when a model reports a change to
more rows than it shows (the parameter table reports all 2,410 rows of digits at
every phase, though only the value, gradient and change columns changed): here
the reported range is cut to the rows on screen before Qt sees it, so only the
columns that changed are painted again. While an editor is open, Qt gets the
whole range, so the editor's text follows the model wherever its row is.

For a model with ``cell(row, column)`` the view paints the cells itself, with
its delegates' ``paint_cell`` (see number_delegate): the parameter table of
digits in ~2.7 ms instead of ~6 ms of one delegate call per cell, ~15 ms with
Qt's own delegate. Tests check the picture is the same, pixel for pixel.

A tooltip shown while the mouse rests is asked for again when the numbers
under it change, so it never gives an earlier state's value beside the cell.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLineF, QRect
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

from .number_delegate import colour_group

_EDITING = QAbstractItemView.State.EditingState
_TEXT = QPalette.ColorRole.Text
_ALTERNATE_BASE = QPalette.ColorRole.AlternateBase
#: What ends a tooltip where the mouse rested (Qt hides it)
_TIP_ENDS = frozenset(
    {QEvent.Type.Leave, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}
)


class TableView(QTableView):
    #: False: Qt's own paintEvent paints (every cell through the delegate)
    paint_from_cells = True

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Qt moves the pixels and paints only the strip scrolled into view;
        numbers are fitted (and centred) to the part of their cell in view, so
        the cells at the edges change: the whole view paints again after a
        scroll (a half-shown last row, moved up whole, showed its text twice,
        5 px apart; trial)."""
        super().scrollContentsBy(dx, dy)
        if dx or dy:
            self.viewport().update()

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:
        self._pass_on_change(top_left, bottom_right, roles)
        self._follow_tip()

    def _pass_on_change(self, top_left, bottom_right, roles) -> None:
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

    # -------------------------------------------------------------- tooltip
    #: ``(point, global point)`` of the tooltip asked for, while the mouse rests
    _tip_at = None

    def viewportEvent(self, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ToolTip:
            self._tip_at = (event.pos(), event.globalPos())
        elif kind in _TIP_ENDS:
            self._tip_at = None
        return super().viewportEvent(event)

    def _follow_tip(self) -> None:
        """The numbers changed under a tooltip shown: it is asked for again, so
        that it gives the new ones (during a run it kept a value of an earlier
        update beside the cell's; trial)."""
        if self._tip_at is not None and QToolTip.isVisible():
            point, global_point = self._tip_at
            QApplication.sendEvent(
                self.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, global_point)
            )

    # ------------------------------------------------------------- painting
    def paintEvent(self, event) -> None:
        """Cells of a model with ``cell(row, column)`` painted in one pass from
        Python (Qt calls the delegate once per cell, ~25 us of calls each): the
        alternate rows, the cells, then the grid, as Qt's own ``paintEvent``
        draws them. Rows that hold the selection or the focused cell are
        painted by Qt's delegate, so the style draws their highlight."""
        model = self.model()
        cell_of = getattr(model, "cell", None)
        fast = cell_of is not None and self.paint_from_cells
        columns = self._painted_columns(event.rect()) if fast else None
        if not columns:
            super().paintEvent(event)
            return
        area = event.rect()
        top, bottom = self.rowAt(area.top()), self.rowAt(area.bottom())
        if bottom < 0:
            bottom = model.rowCount() - 1
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        group = colour_group(option.state.value)
        colour, font = option.palette.color(group, _TEXT), option.font
        alternate = self.alternatingRowColors()
        alternate_brush = option.palette.brush(group, _ALTERNATE_BASE)
        grid = 1 if self.showGrid() else 0
        selection = self.selectionModel()
        focused = (  # the current cell, when the view has the focus
            self.currentIndex()
            if self.hasFocus() or self.viewport().hasFocus()
            else None
        )
        focused_row = -1 if focused is None else focused.row()
        painter = QPainter(self.viewport())
        rows = []
        for row in range(max(top, 0), bottom + 1):
            if self.isRowHidden(row):
                continue
            y, height = self.rowViewportPosition(row), self.rowHeight(row) - grid
            rows.append((y, height))
            odd = alternate and row % 2 == 1
            if row == focused_row or selection.rowIntersectsSelection(row):
                cells = [(column, QRect(x, y, width - grid, height), delegate)
                         for column, x, width, delegate in columns]  # fmt: skip
                self._paint_row_as_qt(painter, option, row, cells, odd, focused)
                continue
            for column, x, width, delegate in columns:
                rect = QRect(x, y, width - grid, height)
                if odd:
                    painter.fillRect(rect, alternate_brush)
                delegate.paint_cell(
                    painter, rect, cell_of(row, column), colour, font, self
                )
        if grid:
            self._paint_grid(painter, option, area, rows, columns)
        painter.end()

    def _painted_columns(self, area: QRect) -> list | None:
        """(column, x, width, delegate) of the columns in ``area``, or None when
        Qt must paint (right to left, moved sections, or a delegate that cannot
        paint cells by itself)."""
        header = self.horizontalHeader()
        if (
            self.isRightToLeft()
            or header.sectionsMoved()
            or self.verticalHeader().sectionsMoved()
        ):
            return None
        left, right = self.columnAt(area.left()), self.columnAt(area.right())
        if left < 0 or self.rowAt(area.top()) < 0:
            return None
        if right < 0:
            right = self.model().columnCount() - 1
        default = self.itemDelegate()
        columns = []
        for column in range(left, right + 1):
            if self.isColumnHidden(column):
                continue
            delegate = self.itemDelegateForColumn(column) or default
            if not hasattr(delegate, "paint_cell"):
                return None
            x, width = self.columnViewportPosition(column), self.columnWidth(column)
            columns.append((column, x, width, delegate))
        return columns

    def _paint_row_as_qt(self, painter, option, row, cells, odd, focused) -> None:
        """One row as Qt's ``drawCell`` paints it: the style's row panel, then
        the delegate with the cell's selected state, and the focus on
        ``focused`` (the current index, None without the focus)."""
        model, selection, style = self.model(), self.selectionModel(), self.style()
        for column, rect, delegate in cells:
            index = model.index(row, column)
            cell = QStyleOptionViewItem(option)
            cell.rect = rect
            if selection.isSelected(index):
                cell.state |= QStyle.StateFlag.State_Selected
            if focused is not None and index == focused:
                cell.state |= QStyle.StateFlag.State_HasFocus
            if odd:
                cell.features |= QStyleOptionViewItem.ViewItemFeature.Alternate
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewRow, cell, painter, self
            )
            delegate.paint(painter, cell, index)

    def _paint_grid(self, painter, option, area: QRect, rows, columns) -> None:
        across, down = self.horizontalHeader(), self.verticalHeader()
        area = area.intersected(  # as Qt: the grid ends with the last row, column
            QRect(
                0, 0, across.length() - across.offset(), down.length() - down.offset()
            )
        )
        hint = self.style().styleHint(
            QStyle.StyleHint.SH_Table_GridLineColor, option, self
        )
        painter.setPen(QPen(QColor.fromRgba(hint & 0xFFFFFFFF), 1, self.gridStyle()))
        lines = [
            QLineF(area.left() + 0.5, y + h + 0.5, area.right() + 0.5, y + h + 0.5)
            for y, h in rows
        ]
        lines += [
            QLineF(x + w - 0.5, area.top() + 0.5, x + w - 0.5, area.bottom() + 0.5)
            for _, x, w, _ in columns
        ]
        painter.drawLines(lines)
