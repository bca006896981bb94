"""Editing the dataset in its table: cells, adding and removing samples, undo."""

from PySide6.QtCore import QEvent, Qt
from widget_events import EventLog

from backprop_gui.qt.dataset_view import DIGITS
from backprop_gui.qt.formatting import fmt


def test_edit_a_cell_refuse_bad_values_and_undo(window):
    model = window.dataset.model
    trainer = window.debugger.trainer
    window.controls.next_phase.trigger()
    assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 4)) & Qt.ItemFlag.ItemIsEditable  # outputs
    assert model.setData(model.index(0, 1), "0.25")
    assert trainer.session.inputs.tolist() == [[0.05, 0.25]]
    assert trainer.next_phase == "forward"  # the data changed: recompute
    for bad in ("abc", "nan", "1e400", "0,5", "1e-400", 10**400):
        assert not model.setData(model.index(0, 0), bad)
    assert "Value refused" in window.statusBar().currentMessage()
    assert trainer.session.inputs.tolist() == [[0.05, 0.25]]
    window.undo_stack.undo()
    assert trainer.session.inputs.tolist() == [[0.05, 0.1]]
    assert window.undo_stack.redoText() == "set x2 of sample 1"


def test_bce_targets_stay_between_0_and_1(make_window):
    window = make_window("xor")
    model = window.dataset.model
    assert not model.setData(model.index(0, 2), "2")
    assert "bce targets must lie between 0 and 1" in window.statusBar().currentMessage()


def test_add_and_remove_samples(make_window):
    window = make_window("xor")
    panel = window.dataset
    panel.table.selectRow(1)
    panel.add_sample()
    assert window.debugger.session.n_samples == 5
    assert window.debugger.session.inputs[-1].tolist() == [0.0, 1.0]
    assert panel.model.rowCount() == 5
    panel.table.selectRow(0)
    panel.remove_sample()
    assert window.debugger.session.inputs.tolist()[0] == [0.0, 1.0]
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.debugger.session.n_samples == 4
    for _ in range(3):
        panel.table.selectRow(0)
        panel.remove_sample()
    assert window.debugger.session.n_samples == 1
    panel.remove_sample()
    assert window.debugger.session.n_samples == 1
    assert "at least one sample" in window.statusBar().currentMessage()


def test_edits_are_undone_and_redone_bitwise_and_the_undo_stack_holds_no_data(
    make_window,
):
    """Through the table and Edit → Undo/Redo: each edit comes back bitwise, and
    the undo history keeps what changed, not a copy of the dataset per edit (a
    60,000-sample dataset would fill the memory within dozens of edits)."""
    import numpy as np

    window = make_window("iris")
    model, panel = window.dataset.model, window.dataset
    versions = [window.debugger.session.copy()]
    assert model.setData(model.index(5, 2), "7.25")
    versions.append(window.debugger.session.copy())
    panel.table.selectRow(3)
    panel.add_sample()
    versions.append(window.debugger.session.copy())
    panel.table.selectRow(0)
    panel.remove_sample()
    stack = window.undo_stack
    held = [
        value
        for k in range(stack.count())
        for value in vars(stack.command(k)).values()
        if isinstance(value, np.ndarray)
    ]
    assert held == []

    def data():
        s = window.debugger.session
        return s.inputs.tobytes(), s.targets.tobytes()

    for version in reversed(versions):
        window.undo_action.trigger()
        assert data() == (version.inputs.tobytes(), version.targets.tobytes())
    window.redo_action.trigger()
    assert data() == (versions[1].inputs.tobytes(), versions[1].targets.tobytes())
    assert window.debugger.session.inputs[5, 2] == 7.25


def test_a_dataset_cell_editor_opens_with_its_number_in_full(make_window, qtbot):
    """As the parameter table's: the editor shows the exact number, selected,
    so typing replaces it (it opened empty)."""
    from PySide6.QtWidgets import QApplication, QLineEdit

    window = make_window("iris")
    table = window.dataset.table
    index = window.dataset.model.index(2, 1)
    table.setCurrentIndex(index)
    table.edit(index)
    QApplication.processEvents()
    editor = table.findChild(QLineEdit)
    qtbot.waitUntil(lambda: editor.hasSelectedText())
    value = float(window.debugger.session.inputs[2, 1])
    assert editor.text() == repr(value) and editor.selectedText() == repr(value)
    editor.setText("0.125")
    table.commitData(editor)
    assert window.debugger.session.inputs[2, 1] == 0.125


def test_undo_of_an_edit_after_a_rewind_brought_other_data_changes_nothing(
    make_window,
):
    """Add sample, Back one phase (to before it), Undo: the undo of an edit
    applies only to the data it was made on (it removed a row that was not
    there and crashed, or removed another sample); it says so and changes
    nothing, then and on Redo."""
    window = make_window("xor")
    panel = window.dataset
    window.controls.next_phase.trigger()
    panel.table.selectRow(1)
    panel.add_sample()
    assert window.debugger.session.n_samples == 5
    window.controls.back_phase.trigger()  # before the forward pass...
    window.controls.back_phase.trigger()  # ...and before the edit
    before = window.debugger.session.copy()
    assert before.n_samples == 4
    window.undo_action.trigger()
    assert "Cannot undo add a copy of sample 2" in window.messages.text()
    assert window.messages.error
    window.redo_action.trigger()
    assert "Cannot redo" in window.messages.text()
    now = window.debugger.session
    assert now.inputs.tobytes() == before.inputs.tobytes()
    assert now.targets.tobytes() == before.targets.tobytes()


def test_undo_of_an_edit_after_a_rewind_to_after_it_still_works(make_window):
    """A rewind that replays the edit gives new arrays with the same numbers:
    the edit's undo still applies."""
    window = make_window("xor")
    model = window.dataset.model
    assert model.setData(model.index(0, 0), "0.5")
    window.runner.run_chunk(3)
    window.controls.back_update.trigger()
    window.undo_action.trigger()
    assert not window.messages.error
    assert window.debugger.session.inputs[0, 0] == 0.0


def test_stale_outputs_are_not_shown_beside_other_samples(make_window):
    """After Remove sample the rows of the last forward pass are other samples:
    its stale outputs and predictions are not shown beside them; after an edit
    of a number they stay (grey) beside their own samples."""
    window = make_window("iris")
    model, panel = window.dataset.model, window.dataset
    n_in, n_out = 4, 3
    first_output = n_in + n_out + 1
    window.controls.step.trigger()  # a whole update: its pass is stale, shown
    assert model.cell(0, first_output).stale and model.data(
        model.index(0, first_output)
    )
    window.controls.next_phase.trigger()  # a forward pass: outputs current
    assert model.data(model.index(0, first_output))
    assert model.setData(model.index(0, 0), "0.5")  # same rows: stale, shown
    assert model.cell(0, first_output).stale and model.data(
        model.index(0, first_output)
    )
    panel.table.selectRow(0)
    panel.remove_sample()
    assert model.rowCount() == 149
    columns = range(first_output, model.columnCount())
    assert all(not model.data(model.index(r, c)) for r in range(149) for c in columns)


def test_a_long_error_gets_the_whole_status_bar_at_1024(make_window):
    """The red message of a refused undo is read whole at 1024 px: the counters
    step aside (the graph's caption has step, phase and loss), hovering the bar
    shows it too, and a success brings the counters back."""
    window = make_window("xor")
    window.resize(1024, 700)
    panel = window.dataset
    window.controls.next_phase.trigger()
    panel.table.selectRow(1)
    panel.add_sample()
    window.controls.back_phase.trigger()
    window.controls.back_phase.trigger()
    window.undo_action.trigger()
    bar, message = window.statusBar(), window.messages.text()
    assert message.startswith("Cannot undo") and window.messages.error
    assert bar.toolTip() == message
    counters = window.counters
    shown = [
        c for c in (counters.step, counters.phase, counters.loss) if not c.isHidden()
    ]
    room = bar.width() - 28 - sum(c.sizeHint().width() + 6 for c in shown)
    assert bar.fontMetrics().horizontalAdvance(message) <= room
    window.controls.step.trigger()  # a success: the error goes, the counters return
    assert not window.messages.error
    assert not any(c.isHidden() for c in (counters.step, counters.phase, counters.loss))


def test_a_counter_that_stepped_aside_comes_back_only_if_still_wanted(make_window):
    """The accuracy counter steps aside for a long message; meanwhile the split
    that gave it something to show is undone: the message's end must not bring
    it back (the state machine found it shown with nothing to show)."""
    from backprop_gui.core.engine.validation_split import ValidationSplit

    window = make_window("xor")
    window.resize(1024, 700)
    debugger, counters = window.debugger, window.counters
    debugger.set_validation(ValidationSplit(0.25, 0))
    window.evaluations.wait()
    assert not counters.accuracy.isHidden()  # "Validation loss: ..."
    window.show_message("x" * 150 + " a long message")
    assert counters.accuracy.isHidden()  # stepped aside
    debugger.set_validation(None)  # nothing to show any more
    window.statusBar().clearMessage()
    assert counters.accuracy.isHidden()
    assert not counters.step.isHidden() and not counters.loss.isHidden()
    debugger.set_validation(ValidationSplit(0.25, 0))  # wanted again
    window.evaluations.wait()
    assert not counters.accuracy.isHidden()


def test_a_step_repaints_only_the_dataset_outputs_while_the_samples_stay(
    make_window, qtbot
):
    """A full batch: the inputs, targets and classes cannot change with a Step,
    only the outputs and predictions are painted again. An edit of an input, or
    another mini-batch (its highlight moves), paints the inputs too."""

    def step_regions(window, act):
        table = window.dataset.table
        header = table.horizontalHeader()
        for column in range(window.dataset.model.columnCount()):
            header.resizeSection(column, 24)  # every column in view
        qtbot.wait(10)
        regions = EventLog(
            QEvent.Type.Paint, [table.viewport()], lambda obj, event: event.rect()
        )
        act()
        qtbot.waitUntil(lambda: bool(regions.seen))
        return table, regions.seen

    window = make_window("iris")  # 4 inputs, 3 targets, class, 3 outputs, predicted
    table, rects = step_regions(window, window.controls.step.trigger)
    outputs = table.columnViewportPosition(8)
    assert all(rect.left() >= outputs for rect in rects), rects
    model = window.dataset.model
    fwd = window.debugger.trainer.forward_result  # the step's, stale now
    row = int(fwd.samples[0])
    assert model.index(row, 8).data() == fmt(float(fwd.a[-1][0, 0]), DIGITS)
    table, rects = step_regions(window, lambda: model.setData(model.index(0, 0), "0.5"))
    assert min(rect.left() for rect in rects) == 0
    window = make_window("digits")  # batches of 32: the highlight moves
    table, rects = step_regions(window, window.controls.step.trigger)
    assert min(rect.left() for rect in rects) == 0
