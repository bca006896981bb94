"""Editing parameters in the table: through the delegate editor and setData; bad
entries are refused with a visible message and the core left untouched; undo."""

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.qt.param_model import ParameterTableModel
from backprop_gui.qt.param_rows import GRADIENT, VALUE

W2_11 = 5  # row of W2[1→1] (weights[1][0, 0]) in the mazur table


def edit_with_delegate(qtbot, window, row, text):
    table = window.parameters.table
    index = window.parameters.from_source(window.param_model.index(row, VALUE))
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt commits a line edit's data through a queued call after Return
    qtbot.waitUntil(
        lambda: table.state() != QAbstractItemView.State.EditingState, timeout=2000
    )


def test_delegate_edit_changes_the_core_and_stale_results_recompute(qtbot, window):
    c = window.controls
    c.next_phase.trigger()
    c.next_phase.trigger()
    old_loss = window.debugger.trainer.forward_result.loss
    edit_with_delegate(qtbot, window, W2_11, "0.1")
    trainer = window.debugger.trainer
    assert trainer.params.weights[1][0, 0] == 0.1
    assert trainer.next_phase == "forward"
    assert window.param_model.index(W2_11, VALUE).data() == "0.1"
    c.next_phase.trigger()
    assert trainer.forward_result.loss != old_loss
    # the recomputed forward uses the edited weight: check one output by hand
    import numpy as np

    a1 = trainer.forward_result.a[1][0]
    w = trainer.params.weights[1]
    z = a1 @ w + trainer.params.biases[1][0]
    np.testing.assert_allclose(trainer.forward_result.z[2][0], z, rtol=1e-15)


def test_set_data_accepts_numbers_and_text(window):
    model = window.param_model
    assert model.setData(model.index(0, VALUE), 0.25)
    assert model.setData(model.index(1, VALUE), " 1e-3 ")
    assert window.debugger.trainer.params.weights[0][0].tolist() == [0.25, 0.001]
    assert not model.setData(model.index(0, GRADIENT), 1.0)  # not editable
    assert not model.flags(model.index(0, GRADIENT)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, VALUE)) & Qt.ItemFlag.ItemIsEditable
    # the same flags as QAbstractTableModel's own, plus editable on values
    reference = QAbstractTableModel.flags(model, model.index(3, GRADIENT))
    assert model.flags(model.index(3, GRADIENT)) == reference
    assert model.flags(model.index(3, VALUE)) == reference | Qt.ItemFlag.ItemIsEditable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


@pytest.mark.parametrize(
    "bad", ["abc", "nan", "1e400", "inf", "0,5", "", "1e101", "1e-400", "1_0"]
)
def test_bad_entries_are_refused_visibly_and_change_nothing(qtbot, window, bad):
    window.controls.next_phase.trigger()
    before = window.debugger.trainer.params.copy()
    with qtbot.waitSignal(window.param_model.editRejected, timeout=1000) as rejected:
        edit_with_delegate(qtbot, window, W2_11, bad)
    assert rejected.args[0].startswith("Value refused:")
    assert window.statusBar().currentMessage() == rejected.args[0]
    trainer = window.debugger.trainer
    assert trainer.params.identical(before)
    assert trainer.next_phase == "backward"  # nothing was invalidated
    model = window.param_model
    assert not model.setData(model.index(W2_11, VALUE), bad)
    assert not model.setData(model.index(W2_11, VALUE), float("nan"))
    assert not model.setData(model.index(W2_11, VALUE), 10**400)  # a Python int
    assert not model.setData(model.index(W2_11, VALUE), True)
    assert not model.setData(model.index(W2_11, VALUE), "٣")  # QTest types ASCII
    assert trainer.params.identical(before)


def test_an_underflowing_entry_says_it_would_become_zero(window):
    model = window.param_model
    assert not model.setData(model.index(W2_11, VALUE), "1e-400")
    assert "too small for a 64-bit float: it would become 0" in window.messages.text()
    assert model.setData(model.index(W2_11, VALUE), "1e-310")  # subnormal: kept
    assert window.debugger.trainer.params.weights[1][0, 0] == 1e-310
    assert not model.setData(model.index(W2_11, VALUE), 10**400)
    assert "out of range" in window.messages.text()


def test_undo_and_redo_of_a_table_edit(qtbot, window):
    model = window.param_model
    model.setData(model.index(W2_11, VALUE), "0.9")
    trainer = window.debugger.trainer
    assert trainer.params.weights[1][0, 0] == 0.9
    window.undo_stack.undo()
    assert trainer.params.weights[1][0, 0] == 0.4
    assert model.index(W2_11, VALUE).data() == "0.4"
    window.undo_stack.redo()
    assert trainer.params.weights[1][0, 0] == 0.9
    assert window.undo_stack.undoText() == "set W2[1→1] to 0.9"


def test_learning_rate_field_validates_and_undoes(qtbot, window):
    field = window.controls.learning_rate
    field.setText("0.25")
    field.editingFinished.emit()
    assert window.debugger.session.learning_rate == 0.25
    field.setText("fast")
    field.editingFinished.emit()
    assert window.debugger.session.learning_rate == 0.25
    assert field.text() == "0.25"
    assert "Learning rate refused" in window.statusBar().currentMessage()
    for text in ("-1", "1e300"):  # the range said is the learning rate's
        field.setText(text)
        field.editingFinished.emit()
        message = window.statusBar().currentMessage()
        assert message.endswith(f"{text} is out of range (0 to 1e+100)")
    assert window.debugger.session.learning_rate == 0.25
    window.undo_stack.undo()
    assert window.debugger.session.learning_rate == 0.5 and field.text() == "0.5"


def test_model_signals_data_changed_never_reset_per_step(qtbot, window):
    model = window.param_model
    resets, changes = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(
        lambda a, b, roles: changes.append((a.column(), b.column(), b.row()))
    )
    window.controls.step.trigger()
    window.runner.run_chunk(25)
    assert resets == []
    assert changes and all(
        last_row == model.rowCount() - 1 for *_c, last_row in changes
    )


def test_cells_changed_by_the_last_phase_are_highlighted(window):
    model = window.param_model
    window.controls.step.trigger()
    assert model.index(0, VALUE).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    window.controls.next_phase.trigger()  # forward
    window.controls.next_phase.trigger()  # backward
    assert model.index(0, VALUE).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(0, GRADIENT).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_layer_filter(window):
    panel = window.parameters
    panel.layer.setCurrentIndex(2)  # layer 2
    table = panel.table
    assert table.model().rowCount() == 5
    first = panel.to_source(table.model().index(0, 0))
    assert window.param_model.locate(first.row()) == ParameterKey.weight(1, 0, 0)
    table.setCurrentIndex(table.model().index(1, 0))
    assert panel.selected_key() == ParameterKey.weight(1, 0, 1)
    panel.select_parameter(
        ParameterKey.weight(0, 0, 0)
    )  # hidden by the filter: filter is cleared
    assert table.model().rowCount() == 10
    assert table.model() is window.param_model  # all layers: no filter model
    assert panel.selected_key() == ParameterKey.weight(0, 0, 0)
    # unused, the filter lets go of the model (it would map every change of
    # every row); chosen again, it shows the layer's rows as they are now
    assert panel.proxy.sourceModel() is None
    window.controls.step.trigger()
    panel.layer.setCurrentIndex(1)  # layer 1
    assert table.model() is panel.proxy and table.model().rowCount() == 5
    index = table.model().index(0, VALUE)
    assert index.data(Qt.ItemDataRole.EditRole) == repr(
        float(window.debugger.trainer.params.weights[0][0, 0])
    )


def test_qtmodeltester(qtmodeltester, window):
    window.controls.step.trigger()
    qtmodeltester.check(window.param_model, force_py=True)
    qtmodeltester.check(window.dataset.model, force_py=True)


def test_model_for_a_large_network(qtbot, make_window):
    from backprop_gui.core import InitSpec, NetworkSpec, Session

    spec = NetworkSpec([784, 128, 10], ["relu", "softmax"], "cross_entropy")
    import numpy as np

    x = np.random.default_rng(0).uniform(size=(8, 784))
    y = np.eye(10)[np.arange(8)]
    window = make_window(session=Session.create(spec, InitSpec("he"), x, y))
    model: ParameterTableModel = window.param_model
    assert model.rowCount() == spec.parameter_count() == 101_770
    assert model.locate(100_352) == ParameterKey.bias(0, 0)  # after 784 * 128 weights
    assert model.locate(100_480) == ParameterKey.weight(1, 0, 0)
    assert model.row_of(ParameterKey.weight(1, 127, 9)) == 101_759
    window.controls.step.trigger()
    assert model.index(101_769, VALUE).data() != ""


def test_column_widths_survive_the_layer_filter(window):
    panel = window.parameters
    header = panel.table.horizontalHeader()
    assert header.sectionSize(4) == 112  # the value column, as laid out
    layer_width = header.sectionSize(0)  # 38, or its title's width
    header.resizeSection(4, 150)  # widened by the user
    panel.layer.setCurrentIndex(1)
    assert header.sectionSize(4) == 150
    panel.layer.setCurrentIndex(0)
    assert header.sectionSize(4) == 150 and header.sectionSize(0) == layer_width


def test_the_edit_box_shows_the_start_of_the_number_all_selected(qtbot, window):
    table = window.parameters.table
    table.horizontalHeader().resizeSection(VALUE, 60)  # narrower than the number
    index = window.param_model.index(W2_11, VALUE)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.findChild(QLineEdit)
    text = repr(float(window.debugger.trainer.params.weights[1][0, 0]))
    qtbot.waitUntil(lambda: editor.cursorPosition() == 0)  # the start in view
    assert editor.selectedText() == editor.text() == text
    qtbot.keyClicks(editor, "-2")  # typing replaces the whole number
    assert editor.text() == "-2"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
