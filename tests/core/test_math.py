"""Activations and losses against their definitions and finite differences."""

import warnings

import numpy as np
import pytest

from backprop_gui.core.engine.activations import ACTIVATIONS, get_activation
from backprop_gui.core.engine.losses import check_loss, loss_value, output_delta

RNG = np.random.default_rng(7)


@pytest.mark.parametrize("name", [n for n in ACTIVATIONS if n != "softmax"])
def test_elementwise_backward_matches_finite_differences(name):
    act = get_activation(name)
    z = RNG.normal(0, 2, (4, 3))
    z[np.abs(z) < 1e-3] = 0.5  # stay away from the relu kink
    grad_a = RNG.normal(size=z.shape)
    h = 1e-6
    numeric = (act.forward(z + h) - act.forward(z - h)) / (2 * h) * grad_a
    analytic = act.backward(z, act.forward(z), grad_a)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


def test_softmax_backward_is_the_jacobian_product():
    act = get_activation("softmax")
    z = RNG.normal(size=(3, 4))
    a = act.forward(z)
    grad_a = RNG.normal(size=z.shape)
    for s in range(3):
        p = a[s]
        jacobian = np.diag(p) - np.outer(p, p)
        np.testing.assert_allclose(
            act.backward(z, a, grad_a)[s], jacobian @ grad_a[s], rtol=1e-12
        )
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=1e-15)


def test_sigmoid_is_stable_and_exact_for_large_inputs():
    z = np.array([[-1000.0, -40.0, 0.0, 40.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = get_activation("sigmoid").forward(z)
        s = get_activation("softmax").forward(np.array([[1000.0, 0.0, -1000.0]]))
    assert 0.0 <= a[0, 0] < 1.3e-308  # exponent capped below overflow
    assert a[0, 4] == 1.0 and a[0, 2] == 0.5
    assert a[0, 1] == pytest.approx(np.exp(-40.0) / (1 + np.exp(-40.0)), rel=1e-15)
    assert s.tolist() == [[1.0, 0.0, 0.0]]


def test_loss_definitions():
    y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    a = np.array([[0.9, 0.2], [0.3, 0.6], [0.7, 0.8]])
    z = np.log(a / (1 - a))  # so that sigmoid(z) == a
    diff2 = (y - a) ** 2
    assert loss_value("mse", z, a, y) == pytest.approx(diff2.sum() / 6, rel=1e-14)
    assert loss_value("half_sse", z, a, y) == pytest.approx(
        0.5 * diff2.sum() / 3, rel=1e-14
    )
    bce = -(y * np.log(a) + (1 - y) * np.log(1 - a)).mean()
    assert loss_value("bce", z, a, y) == pytest.approx(bce, rel=1e-12)
    onehot = np.eye(3)
    logits = RNG.normal(size=(3, 3))
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    ce = -(onehot * np.log(p)).sum() / 3
    assert loss_value("cross_entropy", logits, p, onehot) == pytest.approx(
        ce, rel=1e-12
    )


def test_bce_stays_finite_when_the_output_saturates():
    z = np.array([[800.0], [-800.0]])
    a = get_activation("sigmoid").forward(z)
    y = np.array([[0.0], [1.0]])
    assert loss_value("bce", z, a, y) == pytest.approx(800.0)


@pytest.mark.parametrize(
    "loss,activation",
    [
        ("mse", "tanh"),
        ("half_sse", "sigmoid"),
        ("bce", "sigmoid"),
        ("cross_entropy", "softmax"),
        ("mse", "softmax"),
    ],
)
def test_output_delta_is_the_derivative_of_the_loss(loss, activation):
    act = get_activation(activation)
    z = RNG.normal(size=(4, 3))
    y = RNG.uniform(0.05, 0.95, size=(4, 3))
    if loss == "cross_entropy":
        y = np.eye(3)[[0, 2, 1, 1]]
    delta = output_delta(loss, act, z, act.forward(z), y)
    h = 1e-6
    for index in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[index] += h
        zm[index] -= h
        numeric = (
            loss_value(loss, zp, act.forward(zp), y)
            - loss_value(loss, zm, act.forward(zm), y)
        ) / (2 * h)
        assert delta[index] == pytest.approx(numeric, rel=1e-6, abs=1e-10)


def test_invalid_pairs_are_explained():
    with pytest.raises(ValueError, match="needs a sigmoid output"):
        check_loss("bce", "tanh")
    with pytest.raises(ValueError, match="needs a softmax output"):
        check_loss("cross_entropy", "sigmoid")
    with pytest.raises(ValueError, match="unknown loss"):
        check_loss("hinge", "linear")
    with pytest.raises(ValueError, match="unknown activation"):
        get_activation("swish")


@pytest.mark.parametrize("train_biases", [True, False])
@pytest.mark.parametrize("bias_mode", ["per_neuron", "shared", "none"])
def test_update_on_flat_buffers_equals_the_per_tensor_formula(bias_mode, train_biases):
    from backprop_gui.core import InitSpec, NetworkSpec, Session, Trainer

    spec = NetworkSpec(
        [3, 4, 2],
        ["tanh", "sigmoid"],
        "mse",
        bias_mode=bias_mode,
        train_biases=train_biases,
    )
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(6, 3)), rng.uniform(size=(6, 2))
    session = Session.create(spec, InitSpec("xavier", 3), x, y, learning_rate=0.3)
    trainer = Trainer(session)
    params = trainer.params
    # the per-layer arrays are views into the one buffer, weights first
    assert all(np.shares_memory(t, params.flat) for t in params.weights)
    assert params.flat[:12].tolist() == params.weights[0].ravel().tolist()
    before = params.copy()
    assert not np.shares_memory(before.flat, params.flat)
    trainer.run_phase()
    trainer.run_phase()
    grads = trainer.backward_result
    trainer.run_phase()
    for l in range(2):
        expected = before.weights[l] - 0.3 * grads.dW[l]
        assert trainer.params.weights[l].tobytes() == expected.tobytes()
        b = before.biases[l] - 0.3 * grads.db[l] if train_biases else before.biases[l]
        assert trainer.params.biases[l].tobytes() == b.tobytes()
    # the gradients are laid out like the parameters, in their own buffer
    assert grads.flat[:12].tolist() == grads.dW[0].ravel().tolist()
    assert len(grads.flat) == len(params.flat)
