"""Built-in datasets: deterministic, well-formed, and learnable by their networks."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.io.builtin_datasets import DEFAULT_NETWORKS, GENERATORS, generate


@pytest.mark.parametrize("name", GENERATORS)
def test_generated_from_a_seed(name):
    x1, y1 = generate(name, seed=3)
    x2, y2 = generate(name, seed=3)
    assert x1.tobytes() == x2.tobytes() and y1.tobytes() == y2.tobytes()
    assert x1.dtype == y1.dtype == np.float64
    net = DEFAULT_NETWORKS[name]
    assert x1.shape[1] == net["layers"][0] and y1.shape[1] == net["layers"][-1]
    session = load_preset(name)
    assert session.inputs.tobytes() == generate(name, seed=0)[0].tobytes()


def test_truth_tables():
    assert generate("xor")[1].ravel().tolist() == [0, 1, 1, 0]
    assert generate("and")[1].ravel().tolist() == [0, 0, 0, 1]
    assert generate("or")[1].ravel().tolist() == [0, 1, 1, 1]


def test_blobs_are_one_hot_and_balanced():
    x, y = generate("blobs", samples=150)
    assert (y.sum(axis=1) == 1).all() and y.sum(axis=0).tolist() == [50, 50, 50]


def test_circles_are_separated_by_radius():
    x, y = generate("circles", noise=0.0)
    r = np.hypot(x[:, 0], x[:, 1])
    assert (r[y[:, 0] == 1] <= 0.5).all() and (r[y[:, 0] == 0] >= 0.8).all()


@pytest.mark.parametrize(
    "name,steps",
    [("xor", 1500), ("and", 500), ("or", 500), ("blobs", 800), ("circles", 1500)],
)
def test_default_networks_learn_their_dataset(name, steps):
    trainer = Trainer(load_preset(name))
    trainer.run(steps)
    trainer.run_phase()
    a = trainer.forward_result.a[-1]
    y = trainer.session.targets
    if y.shape[1] > 1:
        accuracy = (a.argmax(axis=1) == y.argmax(axis=1)).mean()
    else:
        accuracy = ((a > 0.5) == (y > 0.5)).mean()
    assert accuracy >= 0.97


def test_unknown_dataset():
    with pytest.raises(ValueError, match="unknown dataset 'moons'"):
        generate("moons")


def test_plot_ranges_cover_the_data_and_fit_the_plot():
    from backprop_gui.core.debugger.decision_grid import plot_ranges

    points = np.array([[0.0, 0.0], [2.0, 1.0]])
    (x0, x1), (y0, y1) = plot_ranges(points, aspect=3.0, margin=0.1)
    assert (x1 - x0) == pytest.approx(3.0 * (y1 - y0))
    assert x0 < 0 and x1 > 2 and y0 < 0 and y1 > 1
    assert y1 - y0 == pytest.approx(1.2)  # the taller side: data + 10% each way
    one = np.array([[0.05, 0.1]])
    (x0, x1), (y0, y1) = plot_ranges(one, aspect=1.0)
    assert (x0, x1, y0, y1) == pytest.approx((-0.45, 0.55, -0.4, 0.6))
    assert plot_ranges(points, aspect=float("nan")) == plot_ranges(points)


def test_output_grid_is_the_forward_pass_on_the_plane():
    from backprop_gui.core import forward
    from backprop_gui.core.debugger.decision_grid import output_grid

    trainer = Trainer(load_preset("circles"))
    trainer.run(200)
    before = trainer.params.copy()
    grid = output_grid(trainer, resolution=9)
    assert grid.values.shape == (9, 9) and not grid.is_class
    x = np.array([[grid.xs[3], grid.ys[5]]])
    expected = forward(trainer.session.spec, trainer.params, x, np.zeros((1, 1))).a[-1]
    # an 81-row and a 1-row matrix product may take different BLAS kernels, which
    # may round the last bit differently (NumPy 2.4.6 with OpenBLAS 0.3.31 does):
    # the same computation, not bitwise the same arithmetic
    assert grid.values[5, 3] == pytest.approx(expected[0, 0], rel=1e-14, abs=1e-15)
    assert trainer.params.identical(before)
    blobs = Trainer(load_preset("blobs"))
    assert output_grid(blobs, resolution=5).is_class
    with pytest.raises(ValueError, match="two inputs"):
        output_grid(Trainer(_three_inputs()))


def _three_inputs():
    from backprop_gui.core import InitSpec, NetworkSpec, Session

    spec = NetworkSpec([3, 1], ["sigmoid"], "bce")
    return Session.create(spec, InitSpec(), [[0, 0, 0]], [[1]])


CELLS = [
    "0", "1", "-2.5", "+.25", "5.", "1e-3", "1E+05", "0.1", "-0", " 7 ", "1e-400",
    "1e400", "1e100", "1e101", "nan", "x", "", ".", "1_0", "0x1", "2.5e-320", "1e-5",
    "123456789012345", "1234567890123456", "0.000000000000001", "-.5", "1.2.3",
    "1-2", "+-1", "--1", "00012", "9007199254740993", "3.14159265358979",
]  # fmt: skip


@given(
    st.lists(
        st.lists(st.sampled_from(CELLS), min_size=1, max_size=4),
        min_size=1,
        max_size=6,
    ),
    st.one_of(
        st.none(),
        st.sampled_from(["c", "a;b", "x" * 131_073, "nan", "1e5", "name", ""]),
    ),
)
@settings(max_examples=400, deadline=None)
def test_the_bulk_reader_agrees_with_the_cell_by_cell_reader(rows, header_cell):
    """Plain numeric files are read in bulk; whatever the bulk path accepts must
    be bitwise what the csv module and parse_number give (else it declines)."""
    from backprop_gui.core.io.csv_cells import DatasetFileError, cell_table
    from backprop_gui.core.io.csv_numbers import bulk_table

    lines = [",".join(row) for row in rows]
    if header_cell is not None:
        width = len(rows[0]) if header_cell != "a;b" else 1
        lines.insert(0, ",".join(header_cell for _ in range(width)))
    text = "\n".join(lines) + "\n"
    try:
        bulk = bulk_table(text.encode(), None)
    except DatasetFileError as exc:  # sizes are refused before any parsing
        bulk = exc
    try:
        careful = cell_table(text)
    except DatasetFileError as exc:
        assert bulk is None or str(bulk) == str(exc)
        return
    assert not isinstance(bulk, DatasetFileError)
    if bulk is not None:
        assert bulk[0] == careful[0]
        assert bulk[1].tobytes() == careful[1].tobytes()
        assert bulk[1].shape == careful[1].shape
