"""No typed input can put a non-finite number into the model, and none raises:
hypothesis feeds arbitrary text to the table, the learning-rate field and the new
network dialog."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_gui.core import load_preset
from backprop_gui.qt.new_network_dialog import NewNetworkDialog
from backprop_gui.qt.param_rows import VALUE

TYPED = st.one_of(
    st.text(max_size=40),
    st.text(max_size=5000),
    st.sampled_from(
        [
            "0,5",
            "1e-400",
            "-0",
            "1e400",
            "nan",
            "-inf",
            "1_0",
            "٣",
            "0x10",
            " 2 ",
            "+.5",
            "1e308",
            "-1e100",
            "１",
        ]
    ),
    st.floats().map(repr),
    st.integers().map(str),
)
CHECK = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@CHECK
@given(text=TYPED, row=st.integers(0, 9))
def test_table_edits_never_raise_or_store_non_finite(window, text, row):
    model = window.param_model
    accepted = model.setData(model.index(row, VALUE), text)
    params = window.debugger.trainer.params
    assert params.all_finite()
    if accepted:
        kind, l, i, j = model.locate(row)
        stored = params.weights[l][i, j] if kind == "W" else params.biases[l][j]
        assert math.isfinite(stored) and abs(stored) <= 1e100


@CHECK
@given(text=TYPED)
def test_learning_rate_field_never_raises_or_stores_non_finite(window, text):
    field = window.controls.learning_rate
    field.setText(text)
    field.editingFinished.emit()
    lr = window.debugger.session.learning_rate
    assert math.isfinite(lr) and lr >= 0


@CHECK
@given(sizes=TYPED, lr=TYPED, low=TYPED)
def test_new_network_dialog_never_raises_and_builds_only_valid_sessions(
    qtbot, sizes, lr, low
):
    dialog = NewNetworkDialog(load_preset("mazur"))
    qtbot.addWidget(dialog)
    dialog.scheme.setCurrentText("uniform")
    dialog.sizes.setText(sizes[:200])
    dialog.learning_rate.setText(lr)
    dialog.init_low.setText(low)
    session = dialog.session()
    if session is not None:
        assert session.params.all_finite()
        assert math.isfinite(session.learning_rate)
        assert np.isfinite(session.inputs).all()
    else:
        assert dialog.error.text()
