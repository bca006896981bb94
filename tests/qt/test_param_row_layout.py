"""The parameter table's rows: every parameter has exactly one row and back."""

import numpy as np
import pytest

from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.qt.param_row_layout import ParameterRowLayout


def _arrays(layers, bias_sizes):
    weights = [np.zeros((a, b)) for a, b in zip(layers, layers[1:])]
    biases = [np.zeros(n) for n in bias_sizes]
    return weights, biases


@pytest.mark.parametrize(
    "layers, bias_sizes",
    [([2, 3, 1], [3, 1]), ([2, 2, 2], [1, 1]), ([3, 4, 2], [0, 0]), ([1, 2], [2])],
)
def test_every_row_is_one_parameter_and_back(layers, bias_sizes):
    layout = ParameterRowLayout(*_arrays(layers, bias_sizes))
    weights = sum(a * b for a, b in zip(layers, layers[1:]))
    assert layout.rows == weights + sum(bias_sizes)
    keys = [layout.locate(row) for row in range(layout.rows)]
    assert len(set(keys)) == layout.rows
    assert [layout.row_of(key) for key in keys] == list(range(layout.rows))
    # layer by layer: W1 source-major, then b1, then W2 ...
    assert keys[0] == ParameterKey.weight(0, 0, 0)
    assert keys[1] == ParameterKey.weight(0, 0, 1)
    assert [layout.layer_of_row(row) for row in range(layout.rows)] == [
        key.layer for key in keys
    ]


def test_a_network_without_biases_has_no_bias_rows():
    layout = ParameterRowLayout(*_arrays([3, 4, 2], [0, 0]))
    assert all(layout.locate(row).kind == "W" for row in range(layout.rows))
    with pytest.raises(KeyError):
        layout.row_of(ParameterKey.bias(0, 0))
