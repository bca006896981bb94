"""The engine's faster formulations give the plain NumPy expressions' values, bit
for bit: 0-d constant operands, the fused softmax + cross-entropy, the mean as a
sum over the count, the relu derivative as a boolean product."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from backprop_gui.core.engine.activations import ONE, ZERO, get_activation, operand
from backprop_gui.core.engine.losses import loss_value, output_and_loss, output_delta

finite = st.floats(-800, 800, allow_nan=False, allow_infinity=False)


def matrices(max_rows=9, max_cols=7):
    shapes = st.tuples(st.integers(1, max_rows), st.integers(1, max_cols))
    return shapes.flatmap(lambda shape: arrays(np.float64, shape, elements=finite))


def same_bits(a, b) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and a.tobytes() == b.tobytes()


@settings(max_examples=200, deadline=None)
@given(matrices(), st.data())
def test_activations_equal_their_plain_formulas(z, data):
    grad_a = data.draw(arrays(np.float64, z.shape, elements=finite))
    with np.errstate(all="ignore"):
        sigmoid = 1.0 / (1.0 + np.exp(np.minimum(-z, 709.0)))
        a = get_activation("sigmoid").forward(z)
        assert same_bits(a, sigmoid)
        assert same_bits(
            get_activation("sigmoid").backward(z, a, grad_a), grad_a * (a * (1.0 - a))
        )
        t = np.tanh(z)
        assert same_bits(
            get_activation("tanh").backward(z, t, grad_a), grad_a * (1.0 - t * t)
        )
        relu = get_activation("relu")
        assert same_bits(relu.forward(z), np.maximum(z, 0.0))
        assert same_bits(
            relu.backward(z, relu.forward(z), grad_a),
            grad_a * (z > 0).astype(np.float64),
        )


@settings(max_examples=200, deadline=None)
@given(matrices(), st.data())
def test_softmax_cross_entropy_equals_the_separate_formulas(z, data):
    y = data.draw(arrays(np.float64, z.shape, elements=st.floats(0, 1)))
    shifted = z - z.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    softmax = exps / exps.sum(axis=1, keepdims=True)
    log_p = shifted - np.log(exps.sum(axis=1, keepdims=True))
    loss = float(-(y * log_p).sum() / z.shape[0])

    a, fused_loss = output_and_loss("cross_entropy", get_activation("softmax"))(z, y)
    assert same_bits(a, softmax)
    assert same_bits(get_activation("softmax").forward(z), softmax)
    assert same_bits(fused_loss, loss)
    assert same_bits(loss_value("cross_entropy", z, softmax, y), loss)


@settings(max_examples=200, deadline=None)
@given(matrices(), st.data())
def test_bce_and_squared_losses_equal_numpy_means(z, data):
    y = data.draw(arrays(np.float64, z.shape, elements=st.floats(0, 1)))
    with np.errstate(all="ignore"):
        a = 1.0 / (1.0 + np.exp(np.minimum(-z, 709.0)))
        per_element = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
        assert same_bits(loss_value("bce", z, a, y), float(per_element.mean()))
        squares = float(np.dot((y - a).reshape(-1), (y - a).reshape(-1)))
        assert same_bits(loss_value("mse", z, a, y), squares / a.size)
        assert same_bits(loss_value("half_sse", z, a, y), 0.5 * squares / z.shape[0])
        sigmoid = get_activation("sigmoid")
        assert same_bits(
            output_delta("half_sse", sigmoid, z, a, y),
            (a - y) / z.shape[0] * (a * (1.0 - a)),
        )
        assert same_bits(output_delta("bce", sigmoid, z, a, y), (a - y) / a.size)
        assert same_bits(
            output_delta("mse", sigmoid, z, a, y),
            (2.0 / a.size) * (a - y) * (a * (1.0 - a)),
        )


@pytest.mark.parametrize("value", [0, 1, 3, 0.5, 1e-3, 709.0])
def test_operands_are_read_only_zero_d_arrays_of_the_value(value):
    array = operand(value)
    assert array.shape == () and array.dtype == np.float64 and array == value
    assert operand(value) is array  # cached
    with pytest.raises(ValueError):
        array[...] = 2.0  # a shared constant cannot be changed by accident
    assert ZERO == 0.0 and ONE == 1.0
