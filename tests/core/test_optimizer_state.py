"""The optimizer's state through the trainer's commands: option changes, buffer
edits, frozen biases, reset, rewind, and what a hostile-input probe found."""

from __future__ import annotations

import numpy as np
import pytest
from optimizer_sessions import adam_trainer, session_for

from backprop_gui.core import Trainer
from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.core.engine.optimizer_spec import (
    OptimizerSpec,
    Regularization,
)
from backprop_gui.core.engine.session import Session
from backprop_gui.core.engine.spec import NetworkSpec


def test_changing_options_keeps_the_state_and_another_buffer_set_starts_afresh():
    trainer = adam_trainer()
    trainer.run(3)
    m = trainer.session.optimizer_state.buffers["m"].copy()
    trainer.set_optimizer(OptimizerSpec("adamw", weight_decay=0.1))
    state = trainer.session.optimizer_state
    assert state.name == "adamw" and state.count == 3
    assert (state.buffers["m"] == m).all()
    trainer.set_optimizer(OptimizerSpec("momentum"))
    state = trainer.session.optimizer_state
    assert state.count == 0 and (state.buffers["velocity"] == 0).all()


def test_optimizer_change_keeps_the_cached_passes_valid_and_the_penalty_does_not():
    trainer = adam_trainer()
    trainer.run_phase()
    trainer.run_phase()
    trainer.set_optimizer(OptimizerSpec("rmsprop"))
    assert trainer.forward_valid and trainer.backward_valid
    trainer.set_regularization(Regularization(l2=0.1))
    assert not trainer.forward_valid and trainer.next_phase == "forward"


def test_buffer_edit_is_used_by_the_next_update_and_replayed():
    from backprop_gui.core.debugger.debugger import Debugger

    debugger = Debugger(adam_trainer().session)
    debugger.trainer.run(2)
    key = ParameterKey.weight(0, 1, 2)
    debugger.trainer.set_buffer_entry("m", key, 0.25)
    debugger.trainer.set_buffer_entry("v", ParameterKey.bias(1, 0), 4.0)
    debugger.trainer.run(3)
    replayed = debugger.journal.replay()
    assert replayed.params.identical(debugger.session.params)
    assert replayed.session.optimizer_state.identical(debugger.session.optimizer_state)
    # and it mattered: without the edit the parameters differ
    other = Debugger(adam_trainer().session)
    other.trainer.run(5)
    assert not other.session.params.identical(debugger.session.params)


@pytest.mark.parametrize(
    "buffer, key, value, message",
    [
        ("velocity", ParameterKey.weight(0, 0, 0), 1.0, "keeps no velocity"),
        ("v", ParameterKey.weight(0, 0, 0), -1.0, "cannot be negative"),
        ("m", ParameterKey.weight(5, 0, 0), 1.0, "no parameter"),
        ("m", ParameterKey.weight(0, 0, 0), float("nan"), "not a finite"),
    ],
)
def test_bad_buffer_edits_are_refused_and_change_nothing(buffer, key, value, message):
    trainer = adam_trainer()
    trainer.run(1)
    before = trainer.session.optimizer_state.copy()
    with pytest.raises(ValueError, match=message):
        trainer.set_buffer_entry(buffer, key, value)
    assert trainer.session.optimizer_state.identical(before)


def test_frozen_biases_have_no_state():
    spec = NetworkSpec([2, 2, 1], ["tanh", "sigmoid"], "mse", "per_neuron", False)
    trainer = Trainer(session_for(spec, 2, OptimizerSpec("adam"), Regularization()))
    assert trainer.session.optimizer_state.buffers["m"].size == 6
    with pytest.raises(ValueError, match="frozen biases"):
        trainer.set_buffer_entry("m", ParameterKey.bias(0, 0), 1.0)


def test_reset_restores_the_initial_state_bitwise():
    trainer = adam_trainer()
    initial = trainer.session.optimizer_state.copy()
    trainer.run(4)
    trainer.reset()
    assert trainer.session.optimizer_state.identical(initial)
    trainer.run(4)
    again = trainer.session.optimizer_state.copy()
    trainer.reset()
    trainer.run(4)
    assert trainer.session.optimizer_state.identical(again)


# ------------------------------------------- found by a hostile-input probe
def test_an_overflowing_buffer_stops_the_run_and_is_never_saved(tmp_path):
    from backprop_gui.core.debugger.debugger import Debugger, NotSaveable

    spec = NetworkSpec([1, 1], ["linear"], "mse")
    session = session_for(spec, 0, OptimizerSpec("adam"), Regularization())
    session.inputs = np.full_like(
        session.inputs, 1e80
    )  # g ~ 1e160: g² overflows (v = inf); w stays finite
    debugger = Debugger(session)
    debugger.start_run()
    result = debugger.run(5)
    assert result.done == 1
    assert result.hit.message == "v of W1[1→1] is not finite at step 1"
    assert result.hit.parameter == ParameterKey.weight(0, 0, 0)
    assert debugger.session.params.all_finite()
    with pytest.raises(NotSaveable, match="the optimizer's v of W1"):
        debugger.save(tmp_path / "s.json")
    assert not (tmp_path / "s.json").exists()
    assert debugger.back_to_finite() and debugger.step == 0


def test_more_optimizer_updates_than_session_updates_are_refused():
    spec = NetworkSpec([1, 1], ["linear"], "mse")
    session = session_for(spec, 0, OptimizerSpec("adam"), Regularization())
    state = session.optimizer_state.copy()
    state.count = 3
    with pytest.raises(
        ValueError, match="has seen 3 updates, more than the session's 0"
    ):
        Session(session.spec, session.params, session.inputs, session.targets,
                optimizer=OptimizerSpec("adam"), optimizer_state=state)  # fmt: skip


def test_the_velocity_cannot_be_set_before_the_first_update():
    spec = NetworkSpec([2, 1], ["sigmoid"], "mse")
    trainer = Trainer(session_for(spec, 0, OptimizerSpec("momentum"), Regularization()))
    with pytest.raises(ValueError, match="edit it after the first update"):
        trainer.set_buffer_entry("velocity", ParameterKey.weight(0, 0, 0), 1.0)
    trainer.step_update()
    trainer.set_buffer_entry("velocity", ParameterKey.weight(0, 0, 0), 1.0)


def test_reset_after_adam_to_adamw_keeps_the_initial_buffers():
    trainer = adam_trainer()
    trainer.run(3)
    trainer.reset()  # the initial state is the fresh one: run from a later one
    trainer.session.step = 0
    trainer.run(4)
    later = Trainer(trainer.session.copy())
    initial = later.session.optimizer_state.copy()
    later.run(3)
    later.set_optimizer(OptimizerSpec("adamw"))
    later.reset()
    state = later.session.optimizer_state
    assert state.name == "adamw" and state.count == initial.count == 4
    assert all((state.buffers[b] == initial.buffers[b]).all() for b in ("m", "v"))


def test_a_rewind_onto_a_checkpoint_keeps_the_update_explainable():
    from backprop_gui.core.debugger.debugger import Debugger

    debugger = Debugger(adam_trainer().session, rewind_every=5)
    debugger.trainer.run(12)
    debugger.rewind_to_step(10)  # exactly a checkpoint
    e = debugger.explain(("update_W", 0, 0, 0))
    assert e.title.startswith("Update 10 of")
    assert e.value == debugger.session.params.weights[0][0, 0]
