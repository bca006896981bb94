"""Grey hollow markers for history points of the update under way whose pass an
edit made stale since.

The metrics keep the loss (and scores) of the update under way from its forward
pass, and its gradient norms from its backward pass, until the pass runs again
(see :mod:`..core.debugger.metrics`). After an edit of the parameters or the data
that point no longer belongs to the current state: it is drawn apart from its
curve, grey and hollow, so it is never taken for a current number. The next pass
of that update replaces it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from .table_cells import STALE

STALE_PEN = pg.mkPen(STALE, width=1.5)


def stale_step(trainer, phase: str) -> int | None:
    """The update whose ``phase`` ("forward" or "backward") result is in the
    history but no longer the current state's, or None."""
    valid = trainer.forward_valid if phase == "forward" else trainer.backward_valid
    return None if valid else trainer.step + 1


class StalePoints:
    def __init__(self, plot: pg.PlotWidget) -> None:
        #: no name: no legend entry
        self.item = pg.ScatterPlotItem(symbol="o", size=9, pen=STALE_PEN, brush=None)
        plot.addItem(self.item)
        self._step: int | None = None
        self._points: list[tuple[float, float]] = []
        self._hidden = False

    def begin(self, step: int | None, hidden: bool = False) -> None:
        """A refresh starts; ``step`` is the stale update's (or None). While
        ``hidden`` (Predict mode) the stale point is left out, not drawn: at
        three digits it would give the next pass's answer away."""
        self._step, self._points, self._hidden = step, [], hidden

    def take(self, steps: np.ndarray, values: np.ndarray):
        """``(steps, values)`` without the stale point, which is kept to draw."""
        if self._step is None or not len(steps) or steps[-1] != self._step:
            return steps, values
        if np.isfinite(values[-1]) and not self._hidden:
            self._points.append((float(steps[-1]), float(values[-1])))
        return steps[:-1], values[:-1]

    def end(self) -> None:
        """Draw the stale points taken since :meth:`begin`."""
        if self._points:
            xs, ys = zip(*self._points)
            self.item.setData(list(xs), list(ys))
        else:
            self.item.setData([], [])

    @property
    def points(self) -> list[tuple[float, float]]:
        return list(self._points)
