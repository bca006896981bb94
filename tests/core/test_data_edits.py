"""Edits of the dataset by hand: kept as what they changed (not as copies of the
data) in the journal and for undo; replayed, rewound and undone bitwise."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

from backprop_gui.core.debugger.data_edits import InsertSample, RemoveSample, SetValue
from backprop_gui.core.debugger.debugger import Debugger
from backprop_gui.core.io.presets import load_preset


def same_data(a, b) -> bool:
    return a.inputs.tobytes() == b.inputs.tobytes() and (
        a.targets.tobytes() == b.targets.tobytes()
    )


@pytest.mark.parametrize(
    "edit",
    [
        SetValue(1, 0, 0.25),  # an input
        SetValue(2, 2, 0.5),  # a target (xor: 2 inputs, 1 target)
        InsertSample(4, (0.5, -0.5), (1.0,)),  # at the end
        InsertSample(0, (0.1, 0.2), (0.0,)),
        RemoveSample(3),
    ],
)
def test_each_edit_and_its_inverse_give_back_the_data_bitwise(edit):
    debugger = Debugger(load_preset("xor"))
    before = debugger.session.copy()
    undo = debugger.edit_data(edit)
    assert not same_data(debugger.session, before)
    assert not debugger.session.inputs.flags.writeable  # taken, not copied again
    debugger.edit_data(undo)
    assert same_data(debugger.session, before)


def test_an_edit_changes_only_the_array_it_edits():
    debugger = Debugger(load_preset("xor"))
    targets = debugger.session.targets
    debugger.edit_data(SetValue(0, 1, 3.0))
    assert debugger.session.targets is targets
    assert debugger.session.inputs[0, 1] == 3.0


def test_the_journal_holds_edits_and_replays_and_rewinds_them_bitwise():
    debugger = Debugger(load_preset("xor"))
    debugger.run(3)
    debugger.edit_data(SetValue(1, 1, 0.75))
    debugger.run(2)
    debugger.edit_data(InsertSample(4, (0.5, 0.5), (0.0,)))
    debugger.run(2)
    debugger.edit_data(RemoveSample(0))
    debugger.run(1)
    data = [e[1] for e in debugger.journal.entries if e[0] == "data"]
    assert [type(d[0]) for d in data] == [SetValue, InsertSample, RemoveSample]
    replayed = debugger.journal.replay()
    assert same_data(replayed.session, debugger.session)
    assert replayed.params.identical(debugger.trainer.params)
    debugger.rewind_to_step(7)  # the removal was made at 7: it stays
    assert debugger.session.n_samples == 4
    debugger.rewind_to_step(6)  # before the removal: the inserted sample is there
    after_insert = debugger.session.copy()
    assert after_insert.n_samples == 5
    assert after_insert.inputs[4].tolist() == [0.5, 0.5]
    assert after_insert.inputs[1, 1] == 0.75
    debugger.rewind_to_step(2)  # before every edit
    assert same_data(debugger.session, load_preset("xor"))


def test_old_versions_of_edited_data_are_not_kept_alive():
    """A dozen edits of a large dataset must not hold a dozen copies of it."""
    debugger = Debugger(load_preset("iris"))
    debugger.edit_data(SetValue(0, 0, 1.5))
    first_edit = weakref.ref(debugger.session.inputs)
    for k in range(5):
        debugger.edit_data(SetValue(k, 1, 0.5 + k))
        debugger.run(1)
    gc.collect()
    assert first_edit() is None


def test_an_edit_undone_before_the_next_phase_leaves_no_mark_on_the_plots():
    debugger = Debugger(load_preset("iris"))
    debugger.run(2)
    undo = debugger.edit_data(SetValue(3, 0, 9.0))
    assert [c.what for c in debugger.data_changes.changes] == ["data changed"]
    debugger.edit_data(undo)  # new arrays, the same numbers as before
    assert debugger.data_changes.changes == []


def test_a_refused_edit_changes_nothing():
    debugger = Debugger(load_preset("xor"))  # bce: targets within [0, 1]
    before = debugger.session.copy()
    entries = len(debugger.journal.entries)
    with pytest.raises(ValueError):
        debugger.edit_data(SetValue(0, 2, 2.0))
    with pytest.raises(ValueError):
        debugger.edit_data(SetValue(0, 0, np.inf))
    assert same_data(debugger.session, before)
    assert len(debugger.journal.entries) == entries


def test_rewind_checkpoints_count_the_old_data_they_alone_hold():
    """Checkpoints taken before an edit hold the data of then: the rewind memory
    budget counts them (once), thins checkpoints to stay within it, and a rewind
    to before the edit still gives the old data bitwise (from the journal)."""
    debugger = Debugger(load_preset("iris"), rewind_every=1, rewind_budget=10**9)
    original = debugger.session.copy()
    debugger.run(4)
    timeline = debugger.timeline
    before = timeline.memory_bytes()
    debugger.edit_data(SetValue(0, 0, 5.0))  # a new inputs array; targets shared
    assert timeline.memory_bytes() - before == 0  # the initial data: held anyway
    debugger.run(2)
    debugger.edit_data(SetValue(1, 0, 6.0))  # the first edit's inputs: old now
    held_alone = timeline.memory_bytes() - before - 2 * (before // 4)
    assert held_alone == original.inputs.nbytes
    count = timeline.checkpoint_count
    debugger.set_rewind_memory(timeline.memory_bytes() - 1, 1)
    assert timeline.checkpoint_count < count
    debugger.rewind_to_step(2)
    assert same_data(debugger.session, original)


def test_the_rows_revision_says_when_rows_became_other_samples():
    """A forward pass older than it may show other samples in its rows; an
    edited number leaves the rows the same samples; a rewind brings back the
    revision of its state."""
    debugger = Debugger(load_preset("xor"))
    trainer = debugger.trainer
    debugger.next_phase()
    fwd = trainer.forward_result
    debugger.edit_data(SetValue(0, 0, 0.5))
    assert fwd.revision >= trainer.rows_revision  # the same samples
    debugger.edit_data(RemoveSample(0))
    assert fwd.revision < trainer.rows_revision
    debugger.back_one_phase()
    debugger.back_one_phase()  # before the forward pass and the edits
    assert trainer.forward_result is None or (
        trainer.forward_result.revision >= trainer.rows_revision
    )


@pytest.mark.parametrize(
    "edit",
    [
        SetValue(99, 0, 0.5),
        SetValue(0, 99, 0.5),
        SetValue(-1, 0, 0.5),  # not "the last sample", as a Python index
        SetValue(True, 0, 0.5),
        RemoveSample(99),
        RemoveSample(-1),
        InsertSample(5, (0.5, 0.5), (1.0,)),
        InsertSample(4, (0.7,), (1.0,)),  # NumPy would broadcast it
        InsertSample(4, (0.5, 0.5), (1.0, 0.0)),
    ],
)
def test_an_edit_the_data_do_not_fit_is_refused_and_changes_nothing(edit):
    """Found by a hostile probe: IndexError, a silent edit of the last sample,
    or a 1-wide sample broadcast to 2 inputs."""
    debugger = Debugger(load_preset("xor"))
    before = debugger.session.inputs, debugger.session.targets
    phases = debugger.journal.phase_count, len(debugger.journal.entries)
    with pytest.raises(ValueError, match="does not exist|values, not"):
        debugger.edit_data(edit)
    assert (debugger.session.inputs, debugger.session.targets) == before
    assert (debugger.journal.phase_count, len(debugger.journal.entries)) == phases


def test_numbers_too_large_for_a_float_and_bad_explain_keys_are_value_errors():
    from backprop_gui.core.engine.keys import ParameterKey

    debugger = Debugger(load_preset("xor"))
    debugger.step_update()
    with pytest.raises(ValueError, match="learning rate"):
        debugger.set_learning_rate(10**400)
    with pytest.raises(ValueError, match="too large"):
        debugger.set_parameter(ParameterKey.weight(0, 0, 0), 10**400)
    with pytest.raises(ValueError, match="is text"):  # float() took "1e-400" as 0
        debugger.set_parameter(ParameterKey.weight(0, 0, 0), "1e-400")
    with pytest.raises(ValueError, match="2\\^63-1"):  # a save could not be read
        debugger.set_batching(2, 2**200)
    for key in [(), ("dW", -1, 0, 0), ("dW", 0, 0), ("a", 0, True, 0), "dW"]:
        with pytest.raises(ValueError, match="cannot explain"):
            debugger.explain(key)
