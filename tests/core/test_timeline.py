"""Rewind: every earlier state comes back bitwise, stepping forward again gives the
same numbers, an edit after a rewind starts a new branch, memory stays bounded."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.debugger.journal import Journal, export_trace
from backprop_gui.core.debugger.timeline import Timeline


def make(name="circles", every=16, budget=64 * 2**20):
    trainer = Trainer(load_preset(name))
    journal = Journal(trainer)
    return trainer, journal, Timeline(trainer, journal, every, budget)


def state(trainer):
    """Everything a view can show, as bytes and flags."""
    f, b, p = trainer.forward_result, trainer.backward_result, trainer.previous_params
    return (
        [a.tobytes() for a in trainer.params.weights + trainer.params.biases],
        trainer.step,
        trainer.next_phase,
        trainer.last_phase,
        None if f is None else (f.loss, [a.tobytes() for a in f.a[1:]]),
        None if b is None else [a.tobytes() for a in b.dW],
        None if p is None else [a.tobytes() for a in p.weights],
    )


def test_rewind_to_any_step_restores_everything_bitwise():
    trainer, _, timeline = make(every=16)
    recorded = {0: state(trainer)}
    for step in range(1, 101):
        trainer.step_update()
        if step == 40:
            trainer.set_weight(0, 0, 0, 0.5)  # edits are part of the history
            trainer.set_learning_rate(0.2)
        recorded[step] = state(trainer)
    for step in (100, 73, 64, 41, 40, 17, 16, 3, 0):
        timeline.rewind_to_step(step)
        assert state(trainer) == recorded[step], step
        assert trainer.session.learning_rate == (0.2 if step >= 40 else 0.5)


def test_back_one_phase_and_forward_again_gives_the_same_numbers():
    trainer, _, timeline = make("mazur")
    trainer.step_update()
    trainer.run_phase()
    after_forward = state(trainer)
    trainer.run_phase()
    after_backward = state(trainer)
    assert timeline.back_one_phase()
    assert state(trainer) == after_forward and trainer.next_phase == "backward"
    trainer.run_phase()
    assert state(trainer) == after_backward
    assert timeline.back_one_update()  # mid-step: back to the start of this update
    assert trainer.step == 1 and trainer.next_phase == "forward"
    assert timeline.back_one_update()
    assert trainer.step == 0 and trainer.forward_result is None
    assert not timeline.back_one_phase()


def test_stepping_on_after_a_rewind_reproduces_the_original_run():
    trainer, _, timeline = make(every=8)
    trainer.run(60)
    original = state(trainer)
    timeline.rewind_to_step(13)
    trainer.run(47)
    assert state(trainer) == original


def test_an_edit_after_a_rewind_starts_a_new_branch(tmp_path):
    trainer, journal, timeline = make("mazur", every=4)
    trainer.run(10)
    timeline.rewind_to_step(5)
    trainer.set_weight(1, 0, 0, 0.9)
    trainer.run(2)
    assert trainer.step == 7 and timeline.updates == 7
    with pytest.raises(ValueError, match="not in this history"):
        timeline.rewind_to_step(8)  # the old future is gone
    replayed = journal.replay()
    assert replayed.params.identical(trainer.params)
    rows = export_trace(journal, tmp_path / "t.csv")
    assert rows == 10 + 7 * 35  # init rows + seven updates of mazur, one branch


def test_memory_stays_within_the_budget_and_rewinds_stay_exact():
    trainer, _, timeline = make("spirals", every=2, budget=200_000)
    reference = Trainer(load_preset("spirals"))
    trainer.run(300)
    assert timeline.memory_bytes() <= 200_000 + max(
        c.nbytes() for c in timeline._checkpoints
    )
    assert len(timeline._checkpoints) < 150
    timeline.rewind_to_step(123)
    reference.run(123)
    assert trainer.params.identical(reference.params)


def test_reset_forgets_the_history():
    trainer, _, timeline = make("mazur")
    trainer.run(5)
    trainer.reset()
    assert timeline.updates == 0 and timeline.phases == 0
    with pytest.raises(ValueError):
        timeline.rewind_to_step(3)


@settings(max_examples=200)
@given(st.lists(st.integers(1, 5), max_size=60), st.data())
def test_update_ends_behave_like_a_list(steps, data):
    from backprop_gui.core.debugger.timeline import UpdateEnds

    ends, plain, total = UpdateEnds(), [], 0
    for step in steps:
        total += step
        ends.append(total)
        plain.append(total)
        if data.draw(st.booleans()) and data.draw(st.integers(0, 9)) == 0:
            keep = data.draw(st.integers(0, len(plain)))
            ends.truncate(keep)
            del plain[keep:]
            total = plain[-1] if plain else 0
    assert len(ends) == len(plain)
    assert [ends[k] for k in range(len(plain))] == plain
    if plain:
        assert ends[-1] == plain[-1]
    for phases in range(0, total + 2):
        assert ends.count_at_most(phases) == sum(1 for e in plain if e <= phases)


def test_a_long_run_keeps_update_ends_in_a_few_runs():
    trainer, _, timeline = make("mazur", every=1000, budget=10**9)
    trainer.run(5000)
    trainer.run_phase()  # a forward pass on its own, then more updates
    trainer.run(5000)
    assert timeline.updates == 10_000
    assert len(timeline._update_ends._runs) <= 3
    timeline.rewind_to_step(7_000)
    assert timeline.updates == 7_000 and trainer.step == 7_000


def test_checkpoint_memory_counts_the_python_objects_too():
    import tracemalloc

    trainer, _, timeline = make("mazur", every=1, budget=10**9)
    trainer.run(10)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    trainer.run(500)
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    counted = timeline._checkpoints[-1].nbytes()
    assert 0.6 < counted / (grown / 500) < 1.6  # within the right order


def test_the_loss_history_keeps_a_forward_made_stale_by_an_edit_after_a_rewind():
    """Found by the window state machine: step back after an edit dropped the
    forward pass of the update under way from the loss history."""
    import numpy as np

    from backprop_gui.core.debugger.debugger import Debugger

    debugger = Debugger(load_preset("mazur"))
    debugger.trainer.run(3)
    debugger.back_one_phase()  # after update 3's backward
    debugger.set_data(debugger.session.inputs + 0.1, debugger.session.targets)
    debugger.next_phase()  # update 3's forward again, on the new data
    debugger.back_one_phase()  # undone: update 3's first forward remains
    expected = {}

    def record(event):
        if event.kind == "phase" and event.phase == "forward":
            expected[event.step] = event.trainer.forward_result.loss

    debugger.journal.replay(observers=[record])
    assert debugger.metrics.steps.tolist() == sorted(expected) == [1, 2, 3]
    np.testing.assert_array_equal(
        debugger.metrics.loss, [expected[s] for s in (1, 2, 3)]
    )


def test_a_rewind_onto_a_checkpoint_keeps_the_rows_of_its_pass():
    """Found in a real-window trial: going back to a step with a checkpoint
    (multiples of 200) said the samples had changed (no outputs in the Dataset
    dock, "next batch" in full batch), as no other step did."""
    from backprop_gui.core.debugger.debugger import Debugger

    for every in (1, 200):
        d = Debugger(load_preset("xor"), rewind_every=every)
        d.run(3)
        d.back_one_update()
        t = d.trainer
        assert t.step == 2 and t.forward_result.revision >= t.rows_revision
        assert t.next_pass_same_samples()
