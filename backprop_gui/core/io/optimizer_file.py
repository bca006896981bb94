"""The optimizer's part of a session file: ``optimizer``, ``regularization`` and
``optimizer_state``.

::

    "optimizer": {"name": "adam", "betas": [0.9, 0.999], "eps": 1e-8,
                  "weight_decay": 0.0},
    "regularization": {"l1": 0.0, "l2": 0.0},
    "optimizer_state": {"step": 12,
                        "m": {"weights": [...], "biases": [...]},
                        "v": {"weights": [...], "biases": [...]}}

A file without them trains with plain gradient descent and no penalty. A buffer is
laid out like ``weights`` and ``biases`` (no ``biases`` when they are frozen). The
state is written only for an optimizer that keeps buffers; without it the state is
fresh (every buffer zero).
"""

from __future__ import annotations

import numpy as np

from ..engine.optimizer_spec import (
    OPTIMIZER_OPTIONS,
    OptimizerSpec,
    Regularization,
    optimizer_from_dict,
)
from ..engine.optimizers import OptimizerState
from ..engine.parameters import buffer_views
from ..engine.spec import NetworkSpec

OPTIMIZER_KEYS = {"name"} | {
    o for options in OPTIMIZER_OPTIONS.values() for o in options
}
REGULARIZATION_KEYS = {"l1", "l2"}


def read_optimizer(data: dict, spec: NetworkSpec, check_keys, table):
    """``(OptimizerSpec, Regularization, OptimizerState | None)`` from a parsed
    session file; ``check_keys`` and ``table`` are the session reader's key and
    number-table checks (raise ``ValueError``)."""
    raw = data.get("optimizer", {"name": "sgd"})
    if isinstance(raw, dict):
        check_keys(raw, OPTIMIZER_KEYS, '"optimizer"')
    try:
        optimizer = optimizer_from_dict(raw)
    except ValueError as exc:
        raise ValueError(f'"optimizer": {exc}') from None
    raw = data.get("regularization", {})
    if not isinstance(raw, dict):
        raise ValueError('"regularization" must be an object such as {"l2": 0.001}')
    check_keys(raw, REGULARIZATION_KEYS, '"regularization"')
    try:
        regularization = Regularization(**raw)
    except ValueError as exc:
        raise ValueError(f'"regularization": {exc}') from None
    state = _state(data.get("optimizer_state"), optimizer, spec, check_keys, table)
    return optimizer, regularization, state


def _state(raw, optimizer: OptimizerSpec, spec: NetworkSpec, check_keys, table):
    if raw is None:
        return None
    where = '"optimizer_state"'
    if not optimizer.buffers:
        raise ValueError(
            f"{where}: the {optimizer.name} optimizer keeps no state (remove it)"
        )
    if not isinstance(raw, dict):
        raise ValueError(f"{where} must be an object with the step and buffers")
    check_keys(raw, {"step", *optimizer.buffers}, where)
    if "step" not in raw:
        raise ValueError(f'{where}: missing "step", the updates the buffers have seen')
    missing = [b for b in optimizer.buffers if b not in raw]
    if missing:
        raise ValueError(f'{where}: missing buffer "{missing[0]}" of {optimizer.name}')
    count = raw.get("step", 0)
    if isinstance(count, bool) or not isinstance(count, int):
        raise ValueError(f'{where} > "step" must be a whole number')
    size = spec.trained_count()
    wanted = {"weights", "biases"} if _trains_biases(spec) else {"weights"}
    buffers = {}
    for name in optimizer.buffers:
        buffer = np.zeros(size)
        views = buffer_views(buffer, spec)
        value = raw[name]
        place = f"optimizer_state > {name}"
        if not isinstance(value, dict):
            raise ValueError(f'{place} must be an object with "weights" and "biases"')
        check_keys(value, wanted, place)
        for key in sorted(wanted):
            if key not in value:
                raise ValueError(f'{place}: missing "{key}"')
        layers = value["weights"]
        if not isinstance(layers, list) or len(layers) != spec.depth:
            matrices = "1 matrix" if spec.depth == 1 else f"{spec.depth} matrices"
            raise ValueError(f'{place} > "weights" must hold {matrices}')
        for l, rows in enumerate(layers):
            array = table(rows, f"{place} > weights[{l}]", spec.layers[l + 1])
            if array.shape != views.weights[l].shape:
                raise ValueError(
                    f"{place} > weights[{l}] has shape {array.shape}, expected "
                    f"{views.weights[l].shape}"
                )
            views.weights[l][...] = array
        if "biases" in wanted:
            layers = value["biases"]
            if not isinstance(layers, list) or len(layers) != spec.depth:
                raise ValueError(f'{place} > "biases" must hold {spec.depth} entries')
            for l, row in enumerate(layers):
                if isinstance(row, (int, float)) and not isinstance(row, bool):
                    row = [row]
                array = table([row], f"{place} > biases[{l}]")[0]
                if array.shape != views.biases[l].shape:
                    raise ValueError(
                        f"{place} > biases[{l}] has {array.size} values, expected "
                        f"{views.biases[l].size}"
                    )
                views.biases[l][...] = array
        buffers[name] = buffer
    state = OptimizerState(optimizer.name, count, buffers)
    try:
        state.check(size)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    return state


def write_optimizer(session, data: dict) -> None:
    """Add the optimizer's keys of ``session`` to ``data`` (a session dict): only
    what differs from plain gradient descent without a penalty, so older
    sessions are written as they were."""
    optimizer, spec = session.optimizer, session.spec
    if optimizer != OptimizerSpec():
        data["optimizer"] = optimizer.to_dict()
    if session.regularization.active:
        data["regularization"] = session.regularization.to_dict()
    state = session.optimizer_state
    if not optimizer.buffers:
        return
    shared = spec.bias_mode == "shared"
    out: dict = {"step": state.count}
    for name, buffer in state.buffers.items():
        views = buffer_views(buffer, spec)
        entry: dict = {"weights": [w.tolist() for w in views.weights]}
        if _trains_biases(spec):
            entry["biases"] = [
                float(b[0]) if shared else b.tolist() for b in views.biases
            ]
        out[name] = entry
    data["optimizer_state"] = out


def _trains_biases(spec: NetworkSpec) -> bool:
    """Whether the optimizer keeps state for biases: they exist and train."""
    return spec.train_biases and spec.bias_mode != "none"
