"""Every optimizer and penalty against the formulas of the issue, written out here in
plain NumPy, on random networks; and the state they keep through the trainer's
commands."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from optimizer_reference import reference_penalty, reference_update

from backprop_gui.core import Trainer
from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.core.engine.optimizer_spec import (
    OPTIMIZERS,
    OptimizerSpec,
    Regularization,
)
from backprop_gui.core.engine.parameters import initialise
from backprop_gui.core.engine.passes import Plan
from backprop_gui.core.engine.session import Session
from backprop_gui.core.engine.spec import InitSpec, NetworkSpec

UPDATES = 100


networks = st.builds(
    lambda sizes, hidden, bias_mode, train_biases, seed: (
        NetworkSpec(
            sizes,
            [hidden] * (len(sizes) - 2) + ["sigmoid"],
            "mse",
            bias_mode,
            train_biases,
        ),  # fmt: skip
        seed,
    ),
    st.lists(st.integers(1, 4), min_size=2, max_size=4),
    st.sampled_from(["sigmoid", "tanh", "relu", "leaky_relu", "linear"]),
    st.sampled_from(["per_neuron", "shared", "none"]),
    st.booleans(),
    st.integers(0, 2**32),
)
optimizers = st.builds(
    OptimizerSpec,
    name=st.sampled_from(OPTIMIZERS),
    momentum=st.sampled_from([0.0, 0.5, 0.9, 0.99]),
    alpha=st.sampled_from([0.0, 0.9, 0.99]),
    betas=st.sampled_from([(0.9, 0.999), (0.5, 0.9), (0.0, 0.0), (0.99, 0.9999)]),
    eps=st.sampled_from([1e-8, 1e-3, 0.1]),
    weight_decay=st.sampled_from([0.0, 0.01, 0.5]),
)
penalties = st.builds(
    Regularization,
    l1=st.sampled_from([0.0, 1e-3, 0.05]),
    l2=st.sampled_from([0.0, 1e-3, 0.1]),
)


def session_for(spec, seed, optimizer, regularization, lr=0.05):
    rng = np.random.default_rng(seed)
    inputs = rng.normal(size=(5, spec.layers[0]))
    targets = rng.uniform(size=(5, spec.layers[-1]))
    return Session(
        spec,
        initialise(spec, InitSpec("normal", seed, std=0.7, bias=0.1)),
        inputs,
        targets,
        learning_rate=lr,
        optimizer=optimizer,
        regularization=regularization,
    )


@settings(max_examples=60, deadline=None)
@given(networks, optimizers, penalties)
def test_every_optimizer_follows_its_formula_for_100_updates(network, o, r):
    spec, seed = network
    session = session_for(spec, seed, o, r)
    trainer = Trainer(session.copy())
    # the reference: the engine's data gradient (tested elsewhere against finite
    # differences) plus the penalty's, then the optimizer by the formulas above
    plain = Plan(spec)
    params = session.params.copy()
    n_weights, n = plain.n_weights, spec.trained_count()
    state = {b: np.zeros(n) for b in o.buffers}
    x, y = session.inputs, session.targets
    for t in range(1, UPDATES + 1):
        fwd = plain.forward(params, x, y, None)
        grads = plain.backward(params, fwd, y).flat.copy()
        w = params.flat[:n_weights]
        grads[:n_weights] += r.l1 * np.sign(w) + r.l2 * w
        new, state = reference_update(
            o.name, o, session.learning_rate, params.flat[:n], grads[:n], state, t
        )
        trainer.step_update()
        expected_loss = fwd.loss + reference_penalty(params.weights, r)
        assert trainer.forward_result.loss == pytest.approx(expected_loss, rel=1e-12)
        assert trainer.forward_result.data_loss == pytest.approx(fwd.loss, rel=1e-14)
        params.flat[:n] = new
    scale = np.abs(params.flat).max()
    np.testing.assert_allclose(
        trainer.params.flat, params.flat, rtol=1e-12, atol=1e-12 * scale
    )
    got = trainer.session.optimizer_state
    assert got.count == (UPDATES if o.buffers else 0)
    for name, buffer in state.items():
        np.testing.assert_allclose(
            got.buffers[name],
            buffer,
            rtol=1e-12,
            atol=1e-12 * max(np.abs(buffer).max(), 1e-300),
        )
    if not spec.train_biases and spec.bias_mode != "none":
        assert (trainer.params.flat[n:] == session.params.flat[n:]).all()


def test_one_adam_update_by_hand():
    """Adam's first update moves every parameter with a non-zero gradient by
    about lr (m̂/√v̂ = ±1), whatever the gradient's size."""
    spec = NetworkSpec([2, 2, 1], ["sigmoid", "sigmoid"], "mse")
    session = session_for(spec, 3, OptimizerSpec("adam"), Regularization(), lr=0.01)
    trainer = Trainer(session)
    before = trainer.params.flat.copy()
    trainer.step_update()
    grads = trainer.backward_result.flat
    moved = before - trainer.params.flat
    np.testing.assert_allclose(moved, 0.01 * grads / (np.abs(grads) + 1e-8), rtol=1e-12)


def test_penalty_gradient_matches_finite_differences():
    spec = NetworkSpec([3, 4, 2], ["tanh", "sigmoid"], "mse")
    session = session_for(spec, 5, OptimizerSpec(), Regularization(0.03, 0.2))
    plan = Plan(spec, session.regularization)
    x, y = session.inputs, session.targets
    params = session.params
    grads = plan.backward(params, plan.forward(params, x, y, None), y).flat
    h = 1e-6
    for k in range(params.flat.size):
        keep = params.flat[k]
        params.flat[k] = keep + h
        up = plan.forward(params, x, y, None).loss
        params.flat[k] = keep - h
        down = plan.forward(params, x, y, None).loss
        params.flat[k] = keep
        assert grads[k] == pytest.approx((up - down) / (2 * h), rel=1e-6, abs=1e-9)


def test_penalty_is_separate_from_the_data_loss():
    spec = NetworkSpec([2, 1], ["sigmoid"], "mse", "per_neuron")
    session = session_for(spec, 1, OptimizerSpec(), Regularization(0.5, 2.0))
    session.params.weights[0][...] = [[0.5], [-1.5]]
    session.params.biases[0][...] = [100.0]  # biases carry no penalty
    fwd = Plan(spec, session.regularization).forward(
        session.params, session.inputs, session.targets, None
    )
    assert fwd.penalty == 0.5 * 2.0 + 2.0 / 2 * (0.25 + 2.25)
    assert fwd.loss == fwd.data_loss + fwd.penalty


def test_sign_of_zero_weight_is_zero_in_the_l1_gradient():
    spec = NetworkSpec([1, 1], ["linear"], "mse", "none")
    session = session_for(spec, 0, OptimizerSpec(), Regularization(l1=1.0))
    session.params.weights[0][0, 0] = 0.0
    session.inputs[...] = 0.0  # the data gradient is 0 too
    trainer = Trainer(session)
    trainer.step_update()
    assert trainer.backward_result.dW[0][0, 0] == 0.0
    assert trainer.params.weights[0][0, 0] == 0.0


# -------------------------------------------------------------- the state
def adam_trainer(**options):
    spec = NetworkSpec([2, 3, 1], ["tanh", "sigmoid"], "mse")
    return Trainer(
        session_for(spec, 4, OptimizerSpec("adam", **options), Regularization())
    )


def test_changing_options_keeps_the_state_and_another_buffer_set_starts_afresh():
    trainer = adam_trainer()
    trainer.run(3)
    m = trainer.session.optimizer_state.buffers["m"].copy()
    trainer.set_optimizer(OptimizerSpec("adamw", weight_decay=0.1))
    state = trainer.session.optimizer_state
    assert state.name == "adamw" and state.count == 3
    assert (state.buffers["m"] == m).all()
    trainer.set_optimizer(OptimizerSpec("momentum"))
    state = trainer.session.optimizer_state
    assert state.count == 0 and (state.buffers["velocity"] == 0).all()


def test_optimizer_change_keeps_the_cached_passes_valid_and_the_penalty_does_not():
    trainer = adam_trainer()
    trainer.run_phase()
    trainer.run_phase()
    trainer.set_optimizer(OptimizerSpec("rmsprop"))
    assert trainer.forward_valid and trainer.backward_valid
    trainer.set_regularization(Regularization(l2=0.1))
    assert not trainer.forward_valid and trainer.next_phase == "forward"


def test_buffer_edit_is_used_by_the_next_update_and_replayed():
    from backprop_gui.core.debugger.debugger import Debugger

    debugger = Debugger(adam_trainer().session)
    debugger.trainer.run(2)
    key = ParameterKey.weight(0, 1, 2)
    debugger.trainer.set_buffer_entry("m", key, 0.25)
    debugger.trainer.set_buffer_entry("v", ParameterKey.bias(1, 0), 4.0)
    debugger.trainer.run(3)
    replayed = debugger.journal.replay()
    assert replayed.params.identical(debugger.session.params)
    assert replayed.session.optimizer_state.identical(debugger.session.optimizer_state)
    # and it mattered: without the edit the parameters differ
    other = Debugger(adam_trainer().session)
    other.trainer.run(5)
    assert not other.session.params.identical(debugger.session.params)


@pytest.mark.parametrize(
    "buffer, key, value, message",
    [
        ("velocity", ParameterKey.weight(0, 0, 0), 1.0, "keeps no velocity"),
        ("v", ParameterKey.weight(0, 0, 0), -1.0, "cannot be negative"),
        ("m", ParameterKey.weight(5, 0, 0), 1.0, "no parameter"),
        ("m", ParameterKey.weight(0, 0, 0), float("nan"), "not a finite"),
    ],
)
def test_bad_buffer_edits_are_refused_and_change_nothing(buffer, key, value, message):
    trainer = adam_trainer()
    trainer.run(1)
    before = trainer.session.optimizer_state.copy()
    with pytest.raises(ValueError, match=message):
        trainer.set_buffer_entry(buffer, key, value)
    assert trainer.session.optimizer_state.identical(before)


def test_frozen_biases_have_no_state():
    spec = NetworkSpec([2, 2, 1], ["tanh", "sigmoid"], "mse", "per_neuron", False)
    trainer = Trainer(session_for(spec, 2, OptimizerSpec("adam"), Regularization()))
    assert trainer.session.optimizer_state.buffers["m"].size == 6
    with pytest.raises(ValueError, match="frozen biases"):
        trainer.set_buffer_entry("m", ParameterKey.bias(0, 0), 1.0)


def test_reset_restores_the_initial_state_bitwise():
    trainer = adam_trainer()
    initial = trainer.session.optimizer_state.copy()
    trainer.run(4)
    trainer.reset()
    assert trainer.session.optimizer_state.identical(initial)
    trainer.run(4)
    again = trainer.session.optimizer_state.copy()
    trainer.reset()
    trainer.run(4)
    assert trainer.session.optimizer_state.identical(again)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"name": "adagrad"}, "unknown optimizer"),
        ({"name": "momentum", "momentum": 1.0}, "momentum must be from 0 and below 1"),
        ({"name": "adam", "betas": (0.9,)}, "betas must be two numbers"),
        ({"name": "adam", "betas": (0.9, 1.5)}, "beta2"),
        ({"name": "adam", "eps": 0.0}, "needs eps > 0"),
        ({"name": "sgd", "weight_decay": -1.0}, "weight_decay"),
        ({"name": "rmsprop", "alpha": float("nan")}, "alpha"),
    ],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(ValueError, match=message):
        OptimizerSpec(**options)


def test_bad_penalties_are_refused():
    with pytest.raises(ValueError, match="l1"):
        Regularization(l1=-0.1)
    with pytest.raises(ValueError, match="l2"):
        Regularization(l2=float("inf"))


# ------------------------------------------------- what reads the state
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


# ------------------------------------------- found by a hostile-input probe
def test_an_overflowing_buffer_stops_the_run_and_is_never_saved(tmp_path):
    from backprop_gui.core.debugger.debugger import Debugger, NotSaveable

    spec = NetworkSpec([1, 1], ["linear"], "mse")
    session = session_for(spec, 0, OptimizerSpec("adam"), Regularization())
    session.inputs[...] = 1e80  # g ~ 1e160: g² overflows (v = inf); w stays finite
    debugger = Debugger(session)
    debugger.start_run()
    result = debugger.run(5)
    assert result.done == 1
    assert result.hit.message == "v of W1[1→1] is not finite at step 1"
    assert result.hit.parameter == ParameterKey.weight(0, 0, 0)
    assert debugger.session.params.all_finite()
    with pytest.raises(NotSaveable, match="the optimizer's v of W1"):
        debugger.save(tmp_path / "s.json")
    assert not (tmp_path / "s.json").exists()
    assert debugger.back_to_finite() and debugger.step == 0


def test_more_optimizer_updates_than_session_updates_are_refused():
    spec = NetworkSpec([1, 1], ["linear"], "mse")
    session = session_for(spec, 0, OptimizerSpec("adam"), Regularization())
    state = session.optimizer_state.copy()
    state.count = 3
    with pytest.raises(
        ValueError, match="has seen 3 updates, more than the session's 0"
    ):
        Session(session.spec, session.params, session.inputs, session.targets,
                optimizer=OptimizerSpec("adam"), optimizer_state=state)  # fmt: skip


def test_the_velocity_cannot_be_set_before_the_first_update():
    spec = NetworkSpec([2, 1], ["sigmoid"], "mse")
    trainer = Trainer(session_for(spec, 0, OptimizerSpec("momentum"), Regularization()))
    with pytest.raises(ValueError, match="edit it after the first update"):
        trainer.set_buffer_entry("velocity", ParameterKey.weight(0, 0, 0), 1.0)
    trainer.step_update()
    trainer.set_buffer_entry("velocity", ParameterKey.weight(0, 0, 0), 1.0)


def test_reset_after_adam_to_adamw_keeps_the_initial_buffers():
    trainer = adam_trainer()
    trainer.run(3)
    trainer.reset()  # the initial state is the fresh one: run from a later one
    trainer.session.step = 0
    trainer.run(4)
    later = Trainer(trainer.session.copy())
    initial = later.session.optimizer_state.copy()
    later.run(3)
    later.set_optimizer(OptimizerSpec("adamw"))
    later.reset()
    state = later.session.optimizer_state
    assert state.name == "adamw" and state.count == initial.count == 4
    assert all((state.buffers[b] == initial.buffers[b]).all() for b in ("m", "v"))


def test_a_rewind_onto_a_checkpoint_keeps_the_update_explainable():
    from backprop_gui.core.debugger.debugger import Debugger

    debugger = Debugger(adam_trainer().session, rewind_every=5)
    debugger.trainer.run(12)
    debugger.rewind_to_step(10)  # exactly a checkpoint
    e = debugger.explain(("update_W", 0, 0, 0))
    assert e.title.startswith("Update 10 of")
    assert e.value == debugger.session.params.weights[0][0, 0]
