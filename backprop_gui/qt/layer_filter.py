"""A proxy of the parameter table that shows the rows of one layer."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel


class LayerFilterModel(QSortFilterProxyModel):
    """Shows only the rows of one layer (``set_layer(None)`` shows all)."""

    def __init__(self, source) -> None:
        super().__init__()
        self.setSourceModel(source)
        self.setDynamicSortFilter(False)  # rows never move between layers
        self._layer: int | None = None

    def set_layer(self, layer: int | None) -> None:
        if hasattr(
            self, "endFilterChange"
        ):  # Qt >= 6.10; invalidateFilter is deprecated
            self.beginFilterChange()
            self._layer = layer
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._layer = layer
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent) -> bool:
        return (
            self._layer is None or self.sourceModel().layer_of_row(row) == self._layer
        )

    def cell(self, row: int, column: int):
        """The source model's cell behind (row, column), for the fast painting of
        :class:`~.number_delegate.FittedNumberDelegate`."""
        source = self.mapToSource(self.index(row, column))
        return self.sourceModel().cell(source.row(), column)
