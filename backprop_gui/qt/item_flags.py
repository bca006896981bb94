"""Item flags for the table models, as constants: a repaint asks a model for the
flags of every visible cell, and ``super().flags()`` costs a round trip through
Qt from Python each time."""

from __future__ import annotations

from PySide6.QtCore import Qt

_READ_ONLY = (
    Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemNeverHasChildren
)
_EDITABLE = _READ_ONLY | Qt.ItemFlag.ItemIsEditable


def cell_flags(index, editable: bool) -> Qt.ItemFlag:
    """What ``QAbstractTableModel.flags`` gives for ``index``, plus
    ``ItemIsEditable`` when ``editable``; no flags for the invalid (root) index."""
    if index.column() < 0:  # the invalid index
        return Qt.ItemFlag.NoItemFlags
    return _EDITABLE if editable else _READ_ONLY
