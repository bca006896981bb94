"""The phase machine: order, events, staleness after edits, reset and determinism."""

import numpy as np
import pytest

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.engine.keys import ParameterKey


def record(trainer):
    events = []
    trainer.events.subscribe(events.append)
    return events


def test_phases_run_in_order_with_events():
    trainer = Trainer(load_preset("mazur"))
    events = record(trainer)
    assert trainer.next_phase == "forward"
    assert [trainer.run_phase() for _ in range(4)] == [
        "forward",
        "backward",
        "update",
        "forward",
    ]
    assert [(e.kind, e.step, e.phase) for e in events] == [
        ("phase", 1, "forward"),
        ("phase", 1, "backward"),
        ("phase", 1, "update"),
        ("phase", 2, "forward"),
    ]
    assert events[0].trainer is trainer
    assert trainer.step == 1


def test_observers_of_some_phases_get_those_and_every_other_event():
    trainer = Trainer(load_preset("mazur"))
    everything = record(trainer)
    updates = []
    stop = trainer.events.subscribe(updates.append, phases=["update"])
    trainer.run(2)
    trainer.set_learning_rate(0.1)
    trainer.run_phase()
    assert [(e.kind, e.phase) for e in updates] == [
        ("phase", "update"),
        ("phase", "update"),
        ("settings", None),
    ]
    assert len(everything) == 8
    stop()
    trainer.run(1)
    assert len(updates) == 3 and len(everything) == 10  # backward and update
    with pytest.raises(ValueError, match="unknown phases"):
        trainer.events.subscribe(updates.append, phases=["forwards"])


def test_step_update_finishes_a_partial_step():
    trainer = Trainer(load_preset("mazur"))
    trainer.run_phase()
    assert trainer.step_update() == ["backward", "update"]
    assert trainer.step_update() == ["forward", "backward", "update"]
    assert trainer.step == 2


def test_edit_between_phases_recomputes_from_the_edited_state():
    trainer = Trainer(load_preset("mazur"))
    trainer.run_phase()
    trainer.run_phase()
    old_loss = trainer.forward_result.loss
    events = record(trainer)
    trainer.set_weight(1, 0, 0, 0.1)  # w2_11
    assert events[-1].kind == "parameters" and events[-1].detail == (
        "one",
        ParameterKey.weight(1, 0, 0),
        0.1,
    )
    assert not trainer.forward_valid and not trainer.backward_valid
    # stale results stay readable for display
    assert trainer.forward_result.loss == old_loss
    assert trainer.next_phase == "forward"
    trainer.run_phase()
    expected = Trainer(load_preset("mazur"))
    expected.params.weights[1][0, 0] = 0.1
    expected.run_phase()
    assert trainer.forward_result.loss == expected.forward_result.loss != old_loss


def test_learning_rate_change_keeps_gradients_valid():
    trainer = Trainer(load_preset("mazur"))
    trainer.run_phase()
    trainer.run_phase()
    trainer.set_learning_rate(0.25)
    assert trainer.next_phase == "update"
    dw = trainer.backward_result.dW[0].copy()
    w = trainer.params.weights[0].copy()
    trainer.run_phase()
    np.testing.assert_array_equal(trainer.params.weights[0], w - 0.25 * dw)


def test_data_and_batching_changes_invalidate():
    trainer = Trainer(load_preset("mazur"))
    trainer.step_update()
    trainer.run_phase()
    trainer.set_data([[0.1, 0.2]], [[0.5, 0.5]])
    assert trainer.next_phase == "forward"
    trainer.run_phase()
    trainer.set_batching(None, 3)
    assert trainer.next_phase == "forward"


@pytest.mark.parametrize(
    "call",
    [
        lambda t: t.set_weight(0, 0, 0, float("nan")),
        lambda t: t.set_weight(0, 0, 0, "abc"),
        lambda t: t.set_bias(0, 0, float("inf")),
        lambda t: t.set_learning_rate(-1.0),
        lambda t: t.set_learning_rate(float("nan")),
        lambda t: t.set_data([[1.0]], [[0.0, 1.0]]),
        lambda t: t.set_data([[1.0, float("nan")]], [[0.0, 1.0]]),
        lambda t: t.set_batching(0, None),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(call):
    trainer = Trainer(load_preset("mazur"))
    trainer.run_phase()
    before = trainer.params.copy()
    lr, inputs = trainer.session.learning_rate, trainer.session.inputs.copy()
    events = record(trainer)
    with pytest.raises(ValueError):
        call(trainer)
    assert trainer.params.identical(before)
    assert trainer.session.learning_rate == lr
    assert trainer.session.inputs.tobytes() == inputs.tobytes()
    assert trainer.next_phase == "backward" and events == []


def test_reset_restores_initial_parameters_bitwise():
    trainer = Trainer(load_preset("circles"))
    initial = trainer.params.copy()
    trainer.run(25)
    trainer.run_phase()
    events = record(trainer)
    trainer.reset()
    assert trainer.params.identical(initial)
    assert trainer.step == 0 and trainer.next_phase == "forward"
    assert trainer.forward_result is None
    assert events[-1].kind == "reset"


def test_same_session_same_steps_bitwise_identical():
    a, b = Trainer(load_preset("spirals")), Trainer(load_preset("spirals"))
    a.run(40)
    b.run(40)
    assert a.params.identical(b.params)
    a.reset()
    a.run(40)
    assert a.params.identical(b.params)


def test_run_stops_when_asked():
    trainer = Trainer(load_preset("mazur"))
    done = trainer.run(100, should_stop=lambda t: t.step == 7)
    assert done == 7 and trainer.step == 7


def test_last_change_is_new_minus_old():
    trainer = Trainer(load_preset("mazur"))
    assert trainer.last_change() is None
    before = trainer.params.copy()
    trainer.step_update()
    change = trainer.last_change()
    np.testing.assert_array_equal(
        change.weights[1], trainer.params.weights[1] - before.weights[1]
    )


def test_one_parameters_last_change_is_that_entry_bitwise_also_after_an_edit():
    trainer = Trainer(load_preset("mazur"))
    key = ParameterKey.weight(1, 0, 1)
    assert trainer.last_change_of(key) is None
    trainer.step_update()
    whole = trainer.last_change()
    assert trainer.last_change_of(key) == key.read(whole)
    trainer.set_parameter(key, 3.0)  # the update's change stays
    assert trainer.last_change_of(key) == key.read(whole)
    assert trainer.last_change_of(key) == key.read(trainer.last_change())


def test_preview_is_the_next_forward_without_side_effects():
    trainer = Trainer(load_preset("circles"))
    events = record(trainer)
    preview = trainer.preview()
    assert events == [] and trainer.next_phase == "forward"
    assert trainer.forward_result is None
    trainer.run_phase()
    assert trainer.forward_result.loss == preview.loss
    assert trainer.preview() is trainer.forward_result  # valid: nothing to compute
    trainer.set_weight(0, 0, 0, 2.0)
    edited = trainer.preview()
    assert edited.loss != preview.loss
    trainer.run_phase()
    assert trainer.forward_result.loss == edited.loss


def _results(trainer):
    fwd, bwd = trainer.forward_result, trainer.backward_result
    return [*fwd.z[1:], *fwd.a[1:], fwd.loss, bwd.flat.copy(), trainer.params.flat]


def test_a_forward_phase_takes_the_preview_and_computes_the_same_numbers():
    """The Step button's status bar previews the loss after each update; the next
    forward phase takes that pass instead of computing it again. Whatever changed
    in between (an edit, batching, the penalty) drops the preview."""
    from backprop_gui.core.engine.optimizer_spec import Regularization

    def session():
        s = load_preset("circles")
        s.batch_size, s.shuffle_seed = 7, 3
        return s

    viewed, plain = Trainer(session()), Trainer(session())
    changes = [
        lambda t: t.set_weight(0, 1, 0, -0.25),
        lambda t: t.set_batching(5, 1),
        lambda t: t.set_regularization(Regularization(l2=0.01)),
        lambda t: None,
    ]
    for step in range(8):
        preview = viewed.preview()
        viewed.run_phase()
        assert viewed.forward_result is preview  # taken, not computed again
        viewed.run_phase(), viewed.run_phase()
        plain.step_update()
        for a, b in zip(_results(viewed), _results(plain), strict=True):
            assert np.array_equal(a, b)  # bitwise: the same computation
        viewed.preview()  # computed on the parameters an edit is about to change
        for trainer in (viewed, plain):
            changes[step % len(changes)](trainer)
