"""What reads the optimizer's state and the penalty: the gradient check, the trace,
the loss history, and rewinds through checkpoints."""

from __future__ import annotations

import numpy as np
import pytest
from optimizer_sessions import session_for

from backprop_gui.core import Trainer
from backprop_gui.core.engine.optimizer_spec import (
    OptimizerSpec,
    Regularization,
)
from backprop_gui.core.engine.spec import NetworkSpec


def test_gradient_check_includes_the_penalty():
    from backprop_gui.core.debugger.gradcheck import check_trainer

    spec = NetworkSpec([2, 3, 2], ["tanh", "sigmoid"], "mse")
    trainer = Trainer(
        session_for(spec, 8, OptimizerSpec("adam"), Regularization(0.05, 0.3))
    )
    assert check_trainer(trainer).worst_error < 1e-6


def test_trace_holds_the_buffers_and_the_loss_parts(tmp_path):
    import csv

    from backprop_gui.core.debugger.debugger import Debugger

    spec = NetworkSpec([2, 2, 1], ["tanh", "sigmoid"], "mse", "shared")
    debugger = Debugger(
        session_for(spec, 8, OptimizerSpec("adam"), Regularization(0.01, 0.1))
    )
    debugger.trainer.run(3)
    path = tmp_path / "t.csv"
    debugger.export_trace(path)
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    state = debugger.session.optimizer_state
    for name in ("m", "v"):
        last = [r for r in rows if r["step"] == "3" and r["quantity"] == name]
        # weights (row set) first, then the biases, as in the flat buffer
        values = [float(r["value"]) for r in last if r["row"]]
        values += [float(r["value"]) for r in last if not r["row"]]
        assert values == state.buffers[name].tolist()  # 4 + 2 weights, 2 biases
    init_m = [r for r in rows if r["phase"] == "init" and r["quantity"] == "m"]
    assert [float(r["value"]) for r in init_m] == [0.0] * 8
    losses = {
        q: [float(r["value"]) for r in rows if r["quantity"] == q]
        for q in ("loss", "data_loss", "penalty")
    }
    assert len(losses["loss"]) == len(losses["penalty"]) == 3
    for loss, data, penalty in zip(*losses.values()):
        assert loss == data + penalty


def test_metrics_keep_the_loss_parts():
    from backprop_gui.core.debugger.debugger import Debugger

    spec = NetworkSpec([2, 2, 1], ["tanh", "sigmoid"], "mse")
    debugger = Debugger(session_for(spec, 8, OptimizerSpec(), Regularization(l2=0.5)))
    debugger.trainer.run(4)
    m = debugger.metrics
    assert len(m) == 4 and (m.loss == m.data_loss + m.penalty).all()
    assert (m.penalty > 0).all()
    debugger.trainer.set_regularization(Regularization())
    debugger.trainer.run(1)
    assert np.isnan(m.penalty[-1]) and np.isnan(m.data_loss[-1])


@pytest.mark.parametrize("name", ["momentum", "rmsprop", "adamw"])
def test_rewind_through_checkpoints_restores_the_state_bitwise(name):
    from backprop_gui.core.debugger.debugger import Debugger

    spec = NetworkSpec([2, 3, 1], ["tanh", "sigmoid"], "mse")
    optimizer = OptimizerSpec(name, weight_decay=0.01)
    session = session_for(spec, 6, optimizer, Regularization(l2=0.01))
    debugger = Debugger(session.copy(), rewind_every=50)
    debugger.trainer.run(230)
    debugger.rewind_to_step(120)  # replayed from the checkpoint at 100
    straight = Trainer(session)
    straight.run(120)
    assert debugger.session.params.identical(straight.params)
    assert debugger.session.optimizer_state.identical(straight.session.optimizer_state)
    assert debugger.trainer.previous_state.identical(straight.previous_state)
    debugger.trainer.run(10)
    straight.run(10)
    assert debugger.session.optimizer_state.identical(straight.session.optimizer_state)
