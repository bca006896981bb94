"""Table cells that show numbers in the space they have, without lying.

Qt would elide a long number at its end (``-4.10523659644e…``), hiding the
exponent, so e+94 and e-05 look alike. This delegate rewrites the cell's text
with fewer mantissa digits until it fits (see ``formatting.fit_number``); the
tooltip and the edit box still hold all 17 digits.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from .formatting import fit_number
from .table_cells import NUMBER


class FittedNumberDelegate(QStyledItemDelegate):
    """For columns whose model answers the ``NUMBER`` role with a float."""

    def __init__(self, parent=None, digits: int = 12) -> None:
        super().__init__(parent)
        self.digits = digits

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        value = index.data(NUMBER)
        if not isinstance(value, float) or not option.text:
            return
        widget = option.widget
        style = widget.style() if widget is not None else None
        margin = 1 + (
            style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget)
            if style is not None
            else 2
        )
        room = option.rect.width() - 2 * margin
        metrics = option.fontMetrics
        if metrics.horizontalAdvance(option.text) <= room:
            return
        option.text = fit_number(
            value, lambda text: metrics.horizontalAdvance(text) <= room, self.digits
        )
