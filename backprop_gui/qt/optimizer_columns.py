"""The parameter table's optimizer columns: the buffers of the session's optimizer
(``velocity``; ``v``; ``m`` and ``v``), editable like values, and for Adam and AdamW
the bias-corrected ``m̂``, ``v̂`` and the step ``lr·m̂/(√v̂ + ε)`` they give.

The columns follow the table's fixed ones. Every number is the current state's
(the optimizer's state after the latest update); the derived ones are computed by
the core (``optimizer_view``) once per state, not per cell.
"""

from __future__ import annotations

from ..core.debugger.optimizer_view import (
    DERIVED,
    optimizer_quantities,
    quantity_names,
)
from ..core.engine.keys import ParameterKey

#: (header, tooltip) of each buffer and derived quantity.
HEADERS = {
    "velocity": (
        "Velocity",
        "b: the momentum buffer, μ·b + g at each update (double-click to edit)",
    ),
    "m": ("m", "First moment: β1·m + (1−β1)·g (double-click to edit)"),
    "v": ("v", "Second moment: the running mean of g² (double-click to edit)"),
    # spelled out: the combining hat of "m̂" vanished in some header fonts
    "m_hat": ("m-hat", "m̂: the bias-corrected first moment m/(1−β1^t)"),
    "v_hat": ("v-hat", "v̂: the bias-corrected second moment v/(1−β2^t)"),
    "step": (
        "Adam move",
        "−lr·m̂/(√v̂ + ε) with the current learning rate and betas: right after an "
        "update, the move Adam's rule made (Last change without AdamW's decay)",
    ),
}


#: The most columns an optimizer adds (Adam: m, v, m̂, v̂ and the move).
MAX_OPTIMIZER_COLUMNS = 5


class OptimizerColumns:
    """What the optimizer columns show for the debugger's current session."""

    def __init__(self, debugger) -> None:
        self.debugger = debugger
        self._views: dict | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return quantity_names(self.debugger.session.optimizer)

    def editable(self, name: str) -> bool:
        return name not in DERIVED

    def clear(self) -> None:
        """The state changed: compute again on the next read."""
        self._views = None

    def _arrays(self) -> dict:
        if self._views is None:
            self._views = optimizer_quantities(self.debugger.session)
        return self._views

    def value(self, name: str, key: ParameterKey) -> float | None:
        """The entry of ``key`` (None for a frozen bias: it has no state)."""
        views = self._arrays()[name]
        array = key.array_in(views)
        if not array.size:
            return None
        return float(array[key.index])
