"""Undoing back to the state of the latest results makes them current again
(found in a real-window trial: "loss 0.28575089 (stale; now 0.28575089)", the
phase back to "next: forward" and the gradient check gone, after an undo)."""

import numpy as np

from backprop_gui.core import load_preset
from backprop_gui.core.debugger.data_edits import InsertSample, SetValue
from backprop_gui.core.debugger.debugger import Debugger
from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.core.engine.optimizer_spec import Regularization

W = ParameterKey.weight(0, 0, 0)


def phase_state(trainer):
    return (
        trainer.revision,
        trainer.forward_valid,
        trainer.backward_valid,
        trainer.next_phase,
        trainer.last_phase,
        trainer.forward_result,
        trainer.backward_result,
    )


def test_an_edit_and_its_undo_bring_the_results_back():
    d = Debugger(load_preset("mazur"))
    d.next_phase()
    d.next_phase()  # forward and backward: both current
    check = d.gradient_check()
    before = phase_state(d.trainer)
    old = W.read(d.session.params)
    d.set_parameter(W, 0.3)
    d.set_learning_rate(0.2)  # only the update uses it
    assert not d.trainer.forward_valid and d.gradient_check_result() is None
    d.set_parameter(W, old)
    assert phase_state(d.trainer) == before
    assert d.gradient_check_result() is check
    d.next_phase()  # the update uses the results as they were
    replay = d.journal.replay()
    assert replay.params.identical(d.session.params)


def test_after_an_update_an_undone_edit_keeps_the_update_shown():
    d = Debugger(load_preset("mazur"))
    d.step_update()
    before = phase_state(d.trainer)
    d.edit_data(d.edit_data(SetValue(0, 0, 0.5)))  # the edit, then its undo
    assert phase_state(d.trainer) == before and d.trainer.last_phase == "update"
    d.edit_data(d.edit_data(InsertSample(1, (0.5, 0.5), (0.1, 0.2))))
    assert phase_state(d.trainer) == before
    assert d.trainer.rows_revision <= d.trainer.revision  # no rows changed since


def test_a_state_that_differs_in_any_bit_stays_stale():
    d = Debugger(load_preset("single-sample"))
    key = next(
        d.session.params.key_at(k)
        for k in range(d.session.params.flat.size)
        if d.session.params.flat[k] == 0.0 and d.session.params.key_at(k).kind == "b"
    )
    d.next_phase()
    d.set_parameter(key, -0.0)  # 0.0 and -0.0 are different numbers
    assert not d.trainer.forward_valid
    d.set_parameter(key, 0.0)
    assert d.trainer.forward_valid
    d.set_regularization(Regularization(l2=0.1))  # the loss is another
    d.set_parameter(W, 0.25)
    d.set_parameter(W, W.read(d.journal.initial.params))
    assert not d.trainer.forward_valid  # the penalty still differs
    d.set_regularization(Regularization())
    assert d.trainer.forward_valid
    np.testing.assert_array_equal(
        d.trainer.forward_result.a[-1], d.journal.replay().forward_result.a[-1]
    )


def test_a_large_network_edited_in_place_never_passes_for_its_old_state(
    monkeypatch,
):
    """Found in review: past DIGEST_BYTES the parameters were compared by
    identity, and edits change them in place: every edit of a network of more
    than 2 million parameters left the results current."""
    from backprop_gui.core.debugger import resume

    monkeypatch.setattr(resume, "DIGEST_BYTES", 8)  # mazur counts as large
    d = Debugger(load_preset("mazur"))
    d.next_phase()
    old = W.read(d.session.params)
    d.set_parameter(W, 0.3)
    assert not d.trainer.forward_valid and d.trainer.next_phase == "forward"
    d.set_parameter(W, old)
    assert not d.trainer.forward_valid  # not known to be the same: stale
