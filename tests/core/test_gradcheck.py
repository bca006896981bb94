"""Backprop against central finite differences, over random networks (hypothesis)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backprop_gui.core import (
    InitSpec,
    NetworkSpec,
    Trainer,
    check_trainer,
    forward,
    gradient_check,
    initialise,
    load_preset,
)
from backprop_gui.core.debugger.gradcheck import GradCheckCancelled, relative_error

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
OUTPUT_FOR_LOSS = {
    "mse": ["sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax"],
    "half_sse": ["sigmoid", "tanh", "linear", "softmax"],
    "bce": ["sigmoid"],
    "cross_entropy": ["softmax"],
}


@st.composite
def networks(draw):
    loss = draw(st.sampled_from(sorted(OUTPUT_FOR_LOSS)))
    output = draw(st.sampled_from(OUTPUT_FOR_LOSS[loss]))
    hidden = draw(st.lists(st.integers(1, 5), min_size=0, max_size=3))
    n_in = draw(st.integers(1, 4))
    n_out = draw(st.integers(2 if output == "softmax" else 1, 4))
    layers = [n_in, *hidden, n_out]
    activations = [draw(st.sampled_from(HIDDEN)) for _ in hidden] + [output]
    bias_mode = draw(st.sampled_from(["per_neuron", "shared", "none"]))
    spec = NetworkSpec(layers, activations, loss, bias_mode)
    seed = draw(st.integers(0, 2**16))
    m = draw(st.integers(1, 5))
    rng = np.random.default_rng(seed)
    params = initialise(spec, InitSpec("normal", seed=seed, std=0.8, bias=0.1))
    x = rng.normal(size=(m, n_in))
    if loss == "cross_entropy":
        y = np.eye(n_out)[rng.integers(0, n_out, m)]
    else:
        y = rng.uniform(0, 1, (m, n_out))
    return spec, params, x, y


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(networks())
def test_backprop_matches_finite_differences(case):
    spec, params, x, y = case
    # central differences are wrong where a relu-type kink lies within the step:
    # keep every such pre-activation clear of 0 (the backprop side is exact there)
    fwd = forward(spec, params, x, y)
    for z, name in zip(fwd.z[1:], spec.activations):
        if name in ("relu", "leaky_relu"):
            assume(np.abs(z).min() > 1e-3)
    before = params.copy()
    result = gradient_check(spec, params, x, y)
    # the numeric side carries rounding noise of about 1e-16 * |L| / h; where a
    # gradient is exactly zero (a shared bias before a softmax) the 1e-4 floor
    # turns that into an error of about 1e-6 * |L|: a large loss needs room
    assert result.worst_error < 1e-6 * max(1.0, abs(fwd.loss)), result.summary_lines()
    assert params.identical(before)  # the check leaves parameters as they were
    assert [t.name for t in result.tensors][:1] == ["W1"]


def test_a_wrong_gradient_is_caught(monkeypatch):
    """The check can fail: break backprop on purpose and it must say so."""
    from backprop_gui.core.debugger import gradcheck

    class BrokenPlan(gradcheck.Plan):
        __slots__ = ()

        def backward(self, *args):
            grads = super().backward(*args)
            grads.dW[0][1, 0] *= 1.01
            return grads

    trainer = Trainer(load_preset("mazur"))
    monkeypatch.setattr(gradcheck, "Plan", BrokenPlan)
    result = check_trainer(trainer)
    w1 = result.tensors[0]
    assert w1.name == "W1" and w1.worst_index == (1, 0)
    assert w1.worst_error > 1e-3
    assert max(t.worst_error for t in result.tensors[1:]) < 1e-6


def test_per_tensor_report_for_mazur():
    result = check_trainer(Trainer(load_preset("mazur")))
    assert [t.name for t in result.tensors] == ["W1", "b1", "W2", "b2"]
    assert result.worst_error < 1e-7
    assert result.tensors[1].analytic.shape == (1,)


def test_relative_error_definition():
    assert relative_error(0.0, 0.0).item() == 0.0
    assert relative_error(1.0, 1.1).item() == pytest.approx(0.1 / 2.1)
    assert relative_error(1e-12, 2e-12).item() == pytest.approx(1e-12 / 1e-4)


def test_progress_can_cancel():
    trainer = Trainer(load_preset("spirals"))
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return False

    with pytest.raises(GradCheckCancelled):
        check_trainer(trainer, progress=progress)
    assert calls == [(64, trainer.session.spec.parameter_count())]


def test_compare_losses_finds_seed_000s_factor_of_two():
    from backprop_gui.core.debugger.gradcheck import compare_losses

    trainer = Trainer(load_preset("single-sample"))
    comparison = compare_losses(trainer, "mse")
    ratios = np.concatenate([r.ravel() for _n, r in comparison.ratios()])
    finite = ratios[np.isfinite(ratios)]
    assert len(finite) == 7 and np.allclose(finite, 2.0, rtol=1e-6)
    assert np.isnan(ratios[:2]).all()  # W1's first row: x1 = 0, gradient exactly 0
    assert comparison.summary().startswith("d(mse)/dp = 2 × the backprop gradient")
    same = compare_losses(trainer, "half_sse")
    assert same.summary().startswith("d(half_sse)/dp = 1 ×")
    with pytest.raises(ValueError, match="needs a softmax output"):
        compare_losses(trainer, "cross_entropy")


def test_compare_losses_leaves_a_weight_penalty_out_of_both():
    """Found in review: with L2 0.1 both gradients held the penalty's, and mse
    against half_sse read "not proportional"."""
    from backprop_gui.core.debugger.gradcheck import compare_losses
    from backprop_gui.core.engine.optimizer_spec import Regularization

    trainer = Trainer(load_preset("single-sample"))
    trainer.set_regularization(Regularization(l1=0.01, l2=0.1))
    comparison = compare_losses(trainer, "mse")
    assert comparison.summary() == (
        "d(mse)/dp = 2 × the backprop gradient of half_sse for every parameter "
        "(the weight penalty left out of both)"
    )


def test_a_sampled_check_matches_the_full_check_where_it_looks():
    from backprop_gui.core.debugger.gradcheck import check_trainer
    from backprop_gui.core.engine.keys import ParameterKey

    trainer = Trainer(load_preset("spirals"))
    full = check_trainer(trainer)
    calls = []
    sampled = check_trainer(
        trainer, sample=50, seed=1, progress=lambda d, t: calls.append((d, t))
    )
    assert sampled.sample == 50 and sampled.checked == 50
    assert calls[-1] == (50, 50)
    for tf, ts in zip(full.tensors, sampled.tensors):
        seen = ~np.isnan(ts.errors)
        # the same computation for the parameters checked: bitwise equal
        assert ts.numeric[seen].tobytes() == tf.numeric[seen].tobytes()
        assert np.isnan(ts.numeric[~seen]).all()
    assert sampled.worst_error <= full.worst_error
    spec = trainer.session.spec
    covered = [
        sampled.error_at(ParameterKey("W", 1, i, j))
        for i in range(spec.layers[1])
        for j in range(spec.layers[2])
    ]
    assert sum(e is not None for e in covered) == sampled.tensors[2].checked
    assert check_trainer(trainer, sample=10**9).sample is None  # all: a full check
    with pytest.raises(ValueError, match="sample"):
        check_trainer(trainer, sample=0)


def test_a_check_whose_loss_overflows_fails_instead_of_passing():
    """Found in review: NaN errors (inf - inf) once read as "not checked" and
    the check passed with worst error 0."""
    spec = NetworkSpec([1, 1], ["linear"], "mse")
    params = initialise(spec, InitSpec("normal", 0, std=1.0))
    params.weights[0][:] = 1e200
    result = gradient_check(spec, params, np.array([[1e120]]), np.array([[0.0]]))
    assert result.checked == spec.parameter_count()
    assert result.worst_error == np.inf
    assert "not in the sample" not in "\n".join(result.summary_lines())
