"""What one row of the parameter table shows: every cell's text, number, tooltip and
highlight, computed once per row until the numbers change (see
:class:`~.param_model.ParameterTableModel`)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QBrush

from . import colour_scheme
from .formatting import fmt
from .quiz_hiding import hidden

#: The table's number columns (in COLUMNS).
VALUE, GRADIENT, CHANGE, CHECK = 4, 5, 6, 7
COLUMNS = (
    "Layer",
    "From",
    "To",
    "Kind",
    "Value",
    "Gradient",
    "Last change",
    "Grad check",
)
COLUMN_TIPS = {
    VALUE: "Current value (double-click to edit; numbers like 0.5 or 1e-3)",
    GRADIENT: "dL/dw or dL/db from the latest backward pass (grey: stale)",
    CHANGE: "New minus old value from the latest update",
    CHECK: "Relative error of backprop against central differences "
    "(Train > Gradient check); green < 1e-6, amber < 1e-4, red above",
}


@dataclass(slots=True, frozen=True)
class Row:
    display: tuple
    #: the float behind each cell (None for text): the NUMBER role
    numbers: tuple
    tooltip: tuple
    edit: str
    highlighted: frozenset
    stale_gradient: bool
    check_brush: QBrush | None


def _check_brush(error: float, scheme: colour_scheme.Scheme) -> QBrush:
    """Green below 1e-6, amber below 1e-4, red above (and for NaN)."""
    if error < 1e-6:
        return scheme.check_good
    return scheme.check_warn if error < 1e-4 else scheme.check_bad


def gradient_of(backward, key) -> float | None:
    """The gradient of ``key`` in a backward result (None: no result yet)."""
    if backward is None:
        return None
    array = (backward.dW if key.kind == "W" else backward.db)[key.layer]
    return float(array[key.index])


def compute_row(model, row: int) -> Row:
    """Everything row ``row`` of ``model`` shows (a ParameterTableModel)."""
    key = model.locate(row)
    trainer = model.debugger.trainer
    shared = trainer.session.spec.bias_mode == "shared"
    value = key.read(trainer.params)
    gradient = gradient_of(trainer.backward_result, key)
    if hidden(model.debugger, trainer.backward_valid):
        gradient = None  # Predict mode: a question of the next backward pass
    change = trainer.last_change_of(key)
    labels = (
        str(key.layer + 1),
        "bias" if key.kind == "b" else str(key.source + 1),
        "all" if key.kind == "b" and shared else str(key.target + 1),
        "weight" if key.kind == "W" else "bias",
    )
    name = trainer.session.spec.label(key)
    stale_gradient = not trainer.backward_valid
    highlighted = set()
    if row == model.edited_row:
        highlighted.add(VALUE)
    elif trainer.last_phase == "backward" and gradient:
        highlighted.add(GRADIENT)
    elif trainer.last_phase == "update" and change:
        highlighted.update((VALUE, CHANGE))
    check = model.debugger.gradient_check_result()
    error = None if check is None else check.error_at(key)
    extra = [model.optimizer_columns.value(n, key) for n in model.optimizer_names]
    if row == model.edited_row and model.edited_column is not None:
        highlighted = {model.edited_column}
    return Row(
        display=(
            *labels,
            fmt(value),
            fmt(gradient, 10),
            fmt(change, 10),
            "" if error is None else f"{error:.2e}",
            *("frozen" if x is None else fmt(x, 10) for x in extra),
        ),
        numbers=(None, None, None, None, value, gradient, change, None, *extra),
        tooltip=(
            name,
            name,
            name,
            name,
            fmt(value, 17),
            fmt(gradient, 17)
            + (" (stale: from an earlier backward pass)" if stale_gradient else ""),
            fmt(change, 17),
            None if error is None else f"{error:.17g}",
            *(
                "frozen biases have no optimizer state" if x is None else fmt(x, 17)
                for x in extra
            ),
        ),
        edit=repr(value),
        highlighted=frozenset(highlighted),
        stale_gradient=stale_gradient,
        check_brush=None if error is None else _check_brush(error, model.scheme),
    )
