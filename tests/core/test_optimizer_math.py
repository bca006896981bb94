"""Every optimizer and penalty against the formulas of issue 17, written out in
plain NumPy (tests/support/optimizer_reference.py), on random networks; and the
options that are refused."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from optimizer_reference import reference_penalty, reference_update
from optimizer_sessions import session_for

from backprop_gui.core import Trainer
from backprop_gui.core.engine.optimizer_spec import (
    OPTIMIZERS,
    OptimizerSpec,
    Regularization,
)
from backprop_gui.core.engine.passes import Plan
from backprop_gui.core.engine.spec import NetworkSpec

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
    session.inputs = np.zeros_like(session.inputs)  # the data gradient is 0
    trainer = Trainer(session)
    trainer.step_update()
    assert trainer.backward_result.dW[0][0, 0] == 0.0
    assert trainer.params.weights[0][0, 0] == 0.0


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
