"""What the table models tell Qt about their cells, as constants looked up once.

A repaint asks a model for the flags and about seven roles of every visible
cell, so these are looked up once here (an enum's short name such as
``Qt.DisplayRole`` costs ~3.7 us through PySide, its full name ~0.3 us), and the
flags are constants (``super().flags()`` costs a round trip through Qt)."""

from __future__ import annotations

import functools
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

_Role = Qt.ItemDataRole
DISPLAY, EDIT, TOOLTIP = _Role.DisplayRole, _Role.EditRole, _Role.ToolTipRole
ALIGN, BACKGROUND = _Role.TextAlignmentRole, _Role.BackgroundRole
FOREGROUND, FONT = _Role.ForegroundRole, _Role.FontRole
#: The float behind a number cell (None for text), for FittedNumberDelegate.
NUMBER = Qt.ItemDataRole(_Role.UserRole + 1)
#: TextAlignmentRole value for numbers.
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

_READ_ONLY = (
    Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemNeverHasChildren
)
_EDITABLE = _READ_ONLY | Qt.ItemFlag.ItemIsEditable


#: Numbers of a pass that is not the current state's: grey and italic.
STALE = QColor(150, 150, 150)
STALE_BRUSH = QBrush(STALE)


@functools.cache
def stale_font() -> QFont:  # made on first use: a QFont wants a running application
    font = QFont()
    font.setItalic(True)
    return font


def stale_style(role):
    """The FOREGROUND or FONT of a stale number (None for other roles)."""
    if role == FOREGROUND:
        return STALE_BRUSH
    return stale_font() if role == FONT else None


class Cell(NamedTuple):
    """What a cell shows, in one answer (``cell(row, column)`` of a table model):
    what :class:`~.number_delegate.FittedNumberDelegate` paints, and what the
    model's ``data`` gives Qt role by role."""

    text: str
    #: the float behind the text (None for text): fitted, not cut, when narrow
    number: float | None
    background: QBrush | None
    right: bool
    #: a number of a pass that is not the current state's: grey and italic
    stale: bool


def cell_role(cell: Cell, role):
    """``cell``'s answer for a display role (None for roles it does not set)."""
    if role == DISPLAY:
        return cell.text
    if role == NUMBER:
        return cell.number
    if role == BACKGROUND:
        return cell.background
    if role == ALIGN:
        return RIGHT if cell.right else None
    return stale_style(role) if cell.stale else None


def cell_flags(index, editable: bool) -> Qt.ItemFlag:
    """What ``QAbstractTableModel.flags`` gives for ``index``, plus
    ``ItemIsEditable`` when ``editable``; no flags for the invalid (root) index."""
    if index.column() < 0:  # the invalid index
        return Qt.ItemFlag.NoItemFlags
    return _EDITABLE if editable else _READ_ONLY
