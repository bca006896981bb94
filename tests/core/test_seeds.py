"""The three seed presets against the numbers their scripts print (shared/seeds/)."""

import numpy as np
import pytest

from backprop_gui.core import Trainer, load_preset


def one_step(name):
    trainer = Trainer(load_preset(name))
    before = trainer.params.copy()
    trainer.run_phase()
    fwd = trainer.forward_result
    trainer.run_phase()
    bwd = trainer.backward_result
    trainer.run_phase()
    return before, fwd, bwd, trainer


# --------------------------------------------------------------------- seed 004
MAZUR_UPDATED = {
    # name: (weights index, i, j) or ("b", layer), printed old -> new
    "w1_11": ((0, 0, 0), 0.149780716133),
    "w1_12": ((0, 0, 1), 0.249751143632),
    "w1_21": ((0, 1, 0), 0.199561432266),
    "w1_22": ((0, 1, 1), 0.299502287265),
    "w2_11": ((1, 0, 0), 0.358916479718),
    "w2_12": ((1, 0, 1), 0.511301270239),
    "w2_21": ((1, 1, 0), 0.408666186076),
    "w2_22": ((1, 1, 1), 0.561370121108),
}


def test_mazur_matches_seed_004_to_1e9():
    before, fwd, bwd, trainer = one_step("mazur")
    tol = dict(rel=0, abs=1e-9)
    assert fwd.a[2][0, 0] == pytest.approx(0.751365069552, **tol)
    assert fwd.a[2][0, 1] == pytest.approx(0.772928465321, **tol)
    assert fwd.loss == pytest.approx(0.298371108760, **tol)
    assert bwd.delta[2][0, 0] == pytest.approx(0.138498561629, **tol)
    assert bwd.delta[2][0, 1] == pytest.approx(-0.038098236517, **tol)
    assert bwd.delta[1][0, 0] == pytest.approx(0.008771354689, **tol)
    assert bwd.delta[1][0, 1] == pytest.approx(0.009954254705, **tol)
    for (l, i, j), new in MAZUR_UPDATED.values():
        assert trainer.params.weights[l][i, j] == pytest.approx(new, **tol)
    assert trainer.params.biases[0][0] == pytest.approx(0.340637195303, **tol)
    assert trainer.params.biases[1][0] == pytest.approx(0.549799837444, **tol)
    # and the old values it prints
    assert before.weights[0].tolist() == [[0.15, 0.25], [0.2, 0.3]]
    assert before.weights[1].tolist() == [[0.4, 0.5], [0.45, 0.55]]
    assert before.biases[0][0] == 0.35 and before.biases[1][0] == 0.6


def test_mazur_shared_bias_gradient_is_sum_of_deltas():
    _, _, bwd, _ = one_step("mazur")
    assert bwd.db[1][0] == bwd.delta[2].sum()
    assert bwd.db[0][0] == bwd.delta[1].sum()


# --------------------------------------------------------------------- seed 000
def test_single_sample_weights_are_seed_000_random_state():
    rs = np.random.RandomState(1)
    w1 = rs.uniform(low=-0.5, high=0.5, size=(2, 2))
    w2 = rs.uniform(low=-0.5, high=0.5, size=(2, 1))
    params = load_preset("single-sample").params
    assert params.weights[0].tobytes() == w1.tobytes()
    assert params.weights[1].tobytes() == w2.tobytes()


def test_single_sample_matches_every_printed_number():
    before, fwd, bwd, trainer = one_step("single-sample")
    r = lambda a: np.round(a, 4).tolist()  # noqa: E731 - the seed prints .round(4)
    assert r(before.weights[0]) == [[-0.083, 0.2203], [-0.4999, -0.1977]]
    assert r(before.weights[1]) == [[-0.3532], [-0.4077]]
    assert r(fwd.a[1]) == [[0.3776, 0.4507]]
    assert r(fwd.a[2]) == [[0.4214]]
    assert r(bwd.delta[2]) == [[-0.1411]]
    assert r(bwd.dW[1]) == [[-0.0533], [-0.0636]]
    assert r(bwd.delta[1]) == [[0.0117, 0.0142]]
    assert r(bwd.dW[0]) == [[0.0, 0.0], [0.0117, 0.0142]]
    assert r(0.1 * bwd.dW[0]) == [[0.0, 0.0], [0.0012, 0.0014]]
    assert r(0.1 * bwd.dW[1]) == [[-0.0053], [-0.0064]]
    assert r(trainer.params.weights[0]) == [[-0.083, 0.2203], [-0.5011, -0.1991]]
    assert r(trainer.params.weights[1]) == [[-0.3479], [-0.4013]]
    # frozen zero biases never move
    assert trainer.params.biases[0].tolist() == [0.0, 0.0]
    assert trainer.params.biases[1].tolist() == [0.0]


def test_single_sample_loss_is_half_of_the_seeds_printed_mse():
    _, fwd, _, _ = one_step("single-sample")
    yhat = fwd.a[2][0, 0]
    assert round((1 - yhat) ** 2, 4) == 0.3348  # what the seed prints (MSE)
    assert round(fwd.loss, 4) == 0.1674  # half_sse, whose gradient the seed uses
    assert fwd.loss == pytest.approx(0.5 * (1 - yhat) ** 2, rel=1e-15)


def test_single_sample_matches_seed_000_code_exactly():
    """Run the seed's own formulas on the same weights: identical to rounding."""
    rs = np.random.RandomState(1)
    W1 = rs.uniform(-0.5, 0.5, (2, 2))
    W2 = rs.uniform(-0.5, 0.5, (2, 1))
    X, y = np.array([[0, 1]]), np.array([[1]])
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    A1 = sig(X @ W1)
    y_pred = sig(A1 @ W2)
    dZ2 = (y_pred - y) * y_pred * (1 - y_pred)
    dW2 = A1.T @ dZ2
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    dW1 = X.T @ dZ1
    _, fwd, bwd, trainer = one_step("single-sample")
    np.testing.assert_allclose(fwd.a[1], A1, rtol=1e-14)
    np.testing.assert_allclose(bwd.delta[2], dZ2, rtol=1e-14)
    np.testing.assert_allclose(bwd.dW[1], dW2, rtol=1e-14)
    np.testing.assert_allclose(bwd.dW[0], dW1, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(trainer.params.weights[0], W1 - 0.1 * dW1, rtol=1e-14)
    np.testing.assert_allclose(trainer.params.weights[1], W2 - 0.1 * dW2, rtol=1e-14)


# --------------------------------------------------------------------- seed 003
def seed_003_backward(X, y, W1, W2):
    """Seed 003's forward_propagation and backward_propagation, verbatim in math;
    W1 is (n_hidden, n_features) and W2 is (n_output, n_hidden) there."""
    sig = lambda z: 1 / (1 + np.exp(-np.clip(z, -500, 500)))  # noqa: E731
    a1 = sig(X @ W1.T)
    a2 = sig(a1 @ W2.T)
    m = X.shape[0]
    delta2 = a2 - y
    dW2 = (1 / m) * delta2.T @ a1
    db2 = (1 / m) * np.sum(delta2, axis=0, keepdims=True)
    delta1 = (delta2 @ W2) * a1 * (1 - a1)
    dW1 = (1 / m) * delta1.T @ X
    db1 = (1 / m) * np.sum(delta1, axis=0, keepdims=True)
    return dW1, db1, dW2, db2


def test_batch_231_gradients_equal_seed_003_formulas():
    session = load_preset("batch-231")
    assert session.spec.layers == [2, 3, 1] and session.spec.loss == "bce"
    assert session.inputs.tolist() == [[0.5, 0.8], [0.3, 0.6]]
    assert session.targets.tolist() == [[1.0], [0.0]]
    W1, W2 = session.params.weights
    trainer = Trainer(session)
    trainer.run_phase()
    trainer.run_phase()
    bwd = trainer.backward_result
    dW1, db1, dW2, db2 = seed_003_backward(session.inputs, session.targets, W1.T, W2.T)
    # shapes as the seed prints them, once transposed back
    assert (bwd.dW[0].T.shape, bwd.dW[1].T.shape) == ((3, 2), (1, 3))
    np.testing.assert_allclose(bwd.dW[0], dW1.T, rtol=1e-13)
    np.testing.assert_allclose(bwd.dW[1], dW2.T, rtol=1e-13)
    np.testing.assert_allclose(bwd.db[0], db1[0], rtol=1e-13)
    np.testing.assert_allclose(bwd.db[1], db2[0], rtol=1e-13)


def test_batch_231_weights_come_from_its_stated_init():
    from backprop_gui.core import initialise

    session = load_preset("batch-231")
    assert session.init.scheme == "normal" and session.init.std == 0.5
    drawn = initialise(session.spec, session.init)
    assert drawn.identical(session.params)
