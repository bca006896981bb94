"""The trace's fast float text must be exactly repr's, for every float64."""

import struct

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_gui.core.io.float_text import reprs


def check(values):
    array = np.array(values, dtype=np.float64)
    expected = [repr(v) for v in array.tolist()]
    assert reprs([array] if len(array) else []) == expected
    if len(array) >= 4:  # mixed shapes, a plain float and a transposed view
        split = [array[:2].reshape(1, 2), float(array[2]), array[3:]]
        assert reprs(split) == expected
        square = array[: (len(array) // 2) * 2].reshape(-1, 2)
        assert reprs([square.T]) == [repr(v) for v in square.T.ravel().tolist()]


@settings(max_examples=300)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=40))
def test_any_floats_read_as_repr(values):
    check(values)


@settings(max_examples=300)
@given(st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=40))
def test_any_bit_patterns_read_as_repr(bits):
    check([struct.unpack("<d", struct.pack("<Q", b))[0] for b in bits])


def test_every_layout_boundary():
    edges = []
    for e in range(-323, 308):
        for m in (1.0, 1.5, 9.999999999999998, 2.220446049250313):
            for sign in (1.0, -1.0):
                edges.append(sign * m * 10.0**e)
    edges += [0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]
    edges += [1e-5, 1e-4, 9.99999e-5, 0.00001234, -0.00001, 10.00001, 100.00005]
    edges += [1e15, 1e16, 123456789012345680.0, 1.5e-7, -2.5e-9, 3e-10]
    check(edges)
    check(np.random.default_rng(0).normal(size=20000) * 1e-4)


def test_nan_and_infinities_keep_their_names():
    assert reprs(np.array([np.nan, np.inf, -np.inf, 0.5])) == [
        "nan",
        "inf",
        "-inf",
        "0.5",
    ]
