"""Table cells that show numbers in the space they have, without lying, painted
from one answer of the model.

Qt would elide a long number at its end (``-4.10523659644e…``), hiding the
exponent, so e+94 and e-05 look alike. This delegate rewrites the cell's text
with fewer mantissa digits until it fits (see ``formatting.fit_number``); the
tooltip and the edit box still hold all 17 digits.

Painting: Qt's own delegate asks the model for about seven roles of every visible
cell and lays its text out through the style, ~120 us a cell: 15 ms for the 126
visible cells of the parameter table, at every Step. A model with a
``cell(row, column)`` method (a :class:`~.table_cells.Cell`) is painted from that
one answer, its text drawn at a point, ~25 us a cell. For the selected row and
the focused cell the style draws the highlight and focus frame as everywhere
else, and the text is fitted and drawn here as in every other cell.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from .formatting import fit_number
from .table_cells import NUMBER, STALE, Cell

_State = QStyle.StateFlag
_LEFT_TO_QT = (_State.State_Selected | _State.State_HasFocus).value
_ENABLED, _ACTIVE = _State.State_Enabled.value, _State.State_Active.value
_ACTIVE_GROUP = QPalette.ColorGroup.Active
_INACTIVE_GROUP = QPalette.ColorGroup.Inactive
_DISABLED_GROUP = QPalette.ColorGroup.Disabled
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_ITEM = QStyle.ControlElement.CE_ItemViewItem
_ELIDE = Qt.TextElideMode.ElideRight
#: Fitted texts kept (text, number, room, italic) -> (text, advance); cleared
#: beyond this.
_KEPT = 20_000


def colour_group(state: int) -> QPalette.ColorGroup:
    """The palette group a cell's text is drawn in, for an item view option's
    ``state`` (as an int), as Qt's style chooses it."""
    if not state & _ENABLED:
        return _DISABLED_GROUP
    return _ACTIVE_GROUP if state & _ACTIVE else _INACTIVE_GROUP


class FittedNumberDelegate(QStyledItemDelegate):
    """For tables whose model answers the ``NUMBER`` role with a float (and,
    to be painted fast, ``cell(row, column)``)."""

    def __init__(self, parent=None, digits: int = 12) -> None:
        super().__init__(parent)
        self.digits = digits
        self._fitted: dict = {}
        self._font: QFont | None = None
        self._margin: int | None = None

    def text_margin(self, widget) -> int:
        """Pixels between a cell's border and its text, as the style leaves."""
        if self._margin is None:
            style = widget.style() if widget is not None else None
            self._margin = 1 + (
                style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget)
                if style is not None
                else 2
            )
        return self._margin

    def fitted(
        self, text: str, number, room: int, metrics: QFontMetrics, advances=None
    ) -> tuple[str, int]:
        """The text a cell shows in ``room`` pixels and its width: a number with
        fewer digits (never cut), other text elided at its end. ``advances``:
        the font's width of each character a number is written with; with them
        the candidates that are clearly too wide are passed over without asking
        Qt (which lays each one out: ~15 us, 6 candidates for a gradient such as
        -1.23456789012e-05 in a narrow column)."""

        def fits(candidate: str) -> bool:  # as Qt's drawing decides to elide
            if advances is not None and _too_wide(candidate, advances, room):
                return False
            return metrics.elidedText(candidate, _ELIDE, room) == candidate

        if not fits(text) and isinstance(number, float):
            text = fit_number(number, fits, self.digits)
        if not fits(text):
            # text, or a number whose one digit and exponent do not fit either:
            # elided as Qt does ("-4…"), never cut at the border ("-4e+9")
            text = metrics.elidedText(text, _ELIDE, room)
        return text, metrics.horizontalAdvance(text)

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        value = index.data(NUMBER)
        if not isinstance(value, float) or not option.text:
            return
        rect = visible_part(option.rect, option.widget)
        room = rect.width() - 2 * self.text_margin(option.widget)
        option.text = self.fitted(option.text, value, room, option.fontMetrics)[0]

    def paint(self, painter, option, index) -> None:
        cell_of = getattr(index.model(), "cell", None)
        if cell_of is None:
            super().paint(painter, option, index)
            return
        state = option.state.value  # an int: Python's enum operators are slow
        cell = cell_of(index.row(), index.column())
        role, selected = _TEXT, False
        if state & _LEFT_TO_QT:
            # the style draws the highlight and focus frame as everywhere else;
            # the text is fitted here too (Qt's drawing set it against the
            # whole cell: half scrolled out, "0" vanished, digits were cut)
            styled = QStyleOptionViewItem(option)
            # Qt's own roles (not our fitting: the text is drawn below)
            QStyledItemDelegate.initStyleOption(self, styled, index)
            styled.text = ""
            style = option.widget.style() if option.widget else QApplication.style()
            style.drawControl(_ITEM, styled, painter, option.widget)
            cell = cell._replace(background=None)
            if state & _State.State_Selected.value:
                role, selected = _HIGHLIGHTED_TEXT, True
        self.paint_cell(
            painter,
            option.rect,
            cell,
            option.palette.color(colour_group(state), role),
            option.font,
            option.widget,
            selected,
        )

    def paint_cell(
        self, painter, rect, cell: Cell, colour, font: QFont, widget, selected=False
    ) -> None:
        """Paint ``cell`` in ``rect``: its background, and its text fitted to
        the part of ``rect`` in view, in ``colour`` (grey italic when stale; on
        the selection's highlight italic in ``colour``: grey on it was hardly
        readable)."""
        if cell.background is not None:
            painter.fillRect(rect, cell.background)
        if not cell.text:
            return
        if font != self._font:  # another font: other metrics and widths
            self._set_font(font)
        if cell.stale:
            painter.save()
            painter.setFont(self._stale_font)
            painter.setPen(colour if selected else STALE)
            metrics = self._stale_metrics
        else:
            painter.setPen(colour)
            metrics = self._metrics
        margin = self.text_margin(widget)
        rect = visible_part(rect, widget)
        room = rect.width() - 2 * margin
        # the number too: 0.12344999999999999 and 0.12345000000000001 both show
        # 0.12345, but fit to 0.1234 and 0.1235
        number = cell.number if cell.number == cell.number else None  # NaN: text
        key = (cell.text, number, room, cell.stale)
        found = self._fitted.get(key)
        if found is None:
            if len(self._fitted) > _KEPT:
                self._fitted.clear()
            advances = self._stale_advances if cell.stale else self._advances
            found = self._fitted[key] = self.fitted(
                cell.text, cell.number, room, metrics, advances
            )
        text, width = found
        left = rect.left() + margin
        x = max(left, rect.right() + 1 - margin - width) if cell.right else left
        y = rect.top() + (rect.height() - self._height) / 2 + self._ascent
        painter.drawText(QPointF(x, y), text)
        if cell.stale:
            painter.restore()

    def _set_font(self, font: QFont) -> None:
        self._font, self._fitted = QFont(font), {}
        self._metrics = QFontMetrics(font)
        self._stale_font = QFont(font)
        self._stale_font.setItalic(True)
        self._stale_metrics = QFontMetrics(self._stale_font)
        self._height, self._ascent = self._metrics.height(), self._metrics.ascent()
        self._advances = number_advances(font)
        self._stale_advances = number_advances(self._stale_font)


#: The characters numbers are written with (``fmt``, ``repr``, inf and nan).
NUMBER_CHARACTERS = "0123456789.-+eainf"
#: Pixels a number's text may measure less than the sum of its characters'
#: widths (kerning, rounding): within this, Qt is asked.
KERNING_SLACK = 2.0


def number_advances(font: QFont) -> dict:
    """Each number character's width in ``font``, in fractions of a pixel."""
    metrics = QFontMetricsF(font)
    return {c: metrics.horizontalAdvance(c) for c in NUMBER_CHARACTERS}


def _too_wide(text: str, advances: dict, room: int) -> bool:
    """Whether ``text`` is wider than ``room`` by more than KERNING_SLACK, by
    the sum of its characters' widths (False for other characters: Qt asked)."""
    try:
        width = sum(advances[c] for c in text)
    except KeyError:
        return False
    return width > room + KERNING_SLACK


def visible_part(rect, widget):
    """The part of a cell's ``rect`` in ``widget``'s view. A number is fitted
    to it: a cell half scrolled out of view showed "1.45699089" for
    1.45699089e-05 (its end clipped at the edge) or ".514" for 0.514."""
    viewport = getattr(widget, "viewport", None)
    return rect if viewport is None else rect.intersected(viewport().rect())


class ValueDelegate(FittedNumberDelegate):
    """A line edit for an editable number (a parameter's value, a dataset's
    input or target), opened with the number in full. The text is handed to the
    model as typed; the model parses it (C locale, finite, in range) and refuses
    bad input with a message, leaving the state untouched."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setToolTip(
            "A number such as 0.5, -2 or 1e-3 (Enter to apply, Esc to cancel)"
        )
        return editor

    def setEditorData(self, editor, index) -> None:
        text = str(index.data(Qt.ItemDataRole.EditRole))
        editor.setText(text)
        # all selected, typing replaces it; the cursor at the start, so a narrow
        # cell shows the number's sign and first digits, not its last ones (after
        # Qt's own selectAll on opening the editor, which moves it to the end)
        QTimer.singleShot(0, editor, lambda: editor.setSelection(len(text), -len(text)))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
