"""Where the samples changed in the history: marks for the plots, kept, joined,
undone, rewound and cleared with the history they belong to."""

from __future__ import annotations

import numpy as np

from backprop_gui.core.debugger.data_changes import DATA, SPLIT, DataChange
from backprop_gui.core.debugger.debugger import Debugger
from backprop_gui.core.engine.validation_split import ValidationSplit
from backprop_gui.core.io.presets import load_preset

BOTH = f"{DATA} and {SPLIT}"


def iris() -> Debugger:
    return Debugger(load_preset("iris"))


def other_data(debugger: Debugger) -> tuple:
    """The same samples, one input changed (new arrays)."""
    session = debugger.session
    inputs = session.inputs.copy()
    inputs[0, 0] += 1.0
    return inputs, session.targets.copy(), session.dataset_info


def split_then_import() -> Debugger:
    """Iris: 5 updates, a new split, 3 updates, other data, 2 updates."""
    debugger = iris()
    debugger.run(5)
    debugger.set_validation(ValidationSplit(0.3, 1))
    debugger.run(3)
    debugger.set_data(*other_data(debugger))
    debugger.run(2)
    return debugger


def test_a_split_change_and_an_import_are_marked_where_they_happened():
    debugger = split_then_import()
    assert debugger.data_changes.changes == [
        DataChange(5, SPLIT),
        DataChange(8, DATA),
    ]
    # the metrics' points of updates 1-5 are before the first mark
    assert list(debugger.metrics.steps) == list(range(1, 11))


def test_a_change_in_the_middle_of_an_update_lies_before_it():
    debugger = iris()
    debugger.run(2)
    debugger.next_phase()  # the forward pass of update 3, on the old split
    debugger.set_validation(ValidationSplit(0.5, 0))
    assert debugger.data_changes.changes == [DataChange(2, SPLIT)]
    debugger.back_one_phase()  # to before that forward: the change is undone too
    assert debugger.session.validation == load_preset("iris").validation
    assert debugger.data_changes.changes == []


def test_changes_at_one_moment_join_and_an_undo_leaves_no_mark():
    debugger = iris()
    debugger.run(4)
    before = (debugger.session.inputs, debugger.session.targets)
    info = debugger.session.dataset_info
    old_split = debugger.session.validation
    debugger.set_data(*other_data(debugger))
    debugger.set_validation(ValidationSplit(0.4, 2))
    assert debugger.data_changes.changes == [DataChange(4, BOTH)]
    debugger.set_data(*before, info)  # the import undone: only the split differs
    assert debugger.data_changes.changes == [DataChange(4, SPLIT)]
    debugger.set_validation(old_split)  # and the split: nothing changed
    assert debugger.data_changes.changes == []
    debugger.run(1)
    assert debugger.data_changes.changes == []


def test_an_undo_after_training_on_is_a_change_of_its_own():
    debugger = iris()
    before = (debugger.session.inputs, debugger.session.targets)
    info = debugger.session.dataset_info
    debugger.set_data(*other_data(debugger))
    debugger.run(3)
    debugger.set_data(*before, info)
    assert debugger.data_changes.changes == [DataChange(0, DATA), DataChange(3, DATA)]


def test_rewinds_keep_the_marks_of_the_history_that_stays():
    debugger = split_then_import()
    debugger.rewind_to_step(8)  # the import was made at 8: it stays
    assert [c.step for c in debugger.data_changes.changes] == [5, 8]
    debugger.rewind_to_step(7)
    assert debugger.data_changes.changes == [DataChange(5, SPLIT)]
    debugger.rewind_to_step(4)
    assert debugger.data_changes.changes == []


def test_reset_and_load_clear_the_marks():
    debugger = iris()
    debugger.run(2)
    debugger.set_data(*other_data(debugger))
    debugger.reset()
    assert debugger.data_changes.changes == []
    debugger.set_validation(ValidationSplit(0.3, 1))
    assert len(debugger.data_changes.changes) == 1
    debugger.load(load_preset("xor"))
    assert debugger.data_changes.changes == []
    debugger.set_data(np.array([[0.0, 0.0]]), np.array([[1.0]]))
    assert debugger.data_changes.changes == [DataChange(0, DATA)]


def test_the_same_numbers_again_are_no_change():
    """Data read again from the same file (new arrays, equal numbers) leave the
    points on either side comparable: no mark."""
    debugger = iris()
    debugger.run(2)
    session = debugger.session
    debugger.set_data(
        session.inputs.copy(), session.targets.copy(), session.dataset_info
    )
    assert debugger.data_changes.changes == []


def test_undoing_a_change_after_a_rewind_back_to_it_leaves_no_mark():
    """The arrays from before the change are long gone (edits by hand keep no
    copies): the mark still knows their numbers."""
    from backprop_gui.core.debugger.data_edits import SetValue

    debugger = iris()
    debugger.run(1)
    debugger.edit_data(SetValue(0, 0, 1.5))
    debugger.run(1)
    undo = debugger.edit_data(SetValue(1, 0, 2.5))
    debugger.run(2)
    debugger.rewind_to_step(2)  # the second edit was made at 2: it stays
    assert debugger.data_changes.changes == [DataChange(1, DATA), DataChange(2, DATA)]
    debugger.edit_data(undo)
    assert debugger.data_changes.changes == [DataChange(1, DATA)]


def test_a_split_undone_after_a_rewind_is_no_change_of_the_data():
    from backprop_gui.core.debugger.data_edits import SetValue

    debugger = iris()
    debugger.edit_data(SetValue(0, 0, 1.5))
    debugger.run(1)
    split = debugger.session.validation
    debugger.set_validation(ValidationSplit(0.3, 1))
    debugger.run(2)
    debugger.rewind_to_step(1)
    assert debugger.data_changes.changes[-1] == DataChange(1, SPLIT)
    debugger.set_validation(split)
    assert debugger.data_changes.changes == [DataChange(0, DATA)]


def test_an_edit_undone_after_a_forward_pass_but_before_the_update_leaves_no_mark():
    """The forward pass between is computed again after the undo: the points on
    either side are of the same samples."""
    from backprop_gui.core.debugger.data_edits import SetValue

    debugger = iris()
    debugger.run(2)
    undo = debugger.edit_data(SetValue(3, 1, 0.5))
    debugger.next_phase()  # forward, on the edited data
    debugger.edit_data(undo)
    assert debugger.data_changes.changes == []
    debugger.run(1)
    assert debugger.data_changes.changes == []
