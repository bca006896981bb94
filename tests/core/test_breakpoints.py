"""Every breakpoint condition fires exactly when it should, and says where."""

import numpy as np
import pytest

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.debugger.breakpoints import Breakpoints, Condition
from backprop_gui.core.engine.keys import ParameterKey


def run_until(name, *conditions, updates=5000, lr=None):
    trainer = Trainer(load_preset(name))
    if lr is not None:
        trainer.set_learning_rate(lr)
    breakpoints = Breakpoints(list(conditions))
    hits = []

    def stop(t):
        hit = breakpoints.check(t)
        if hit:
            hits.append(hit)
        return hit is not None

    trainer.run(updates, should_stop=stop)
    return trainer, (hits[0] if hits else None)


def losses(name, updates):
    trainer = Trainer(load_preset(name))
    out = []
    trainer.events.subscribe(
        lambda e: e.phase == "forward" and out.append(e.trainer.forward_result.loss)
    )
    trainer.run(updates)
    return np.array(out)


def test_loss_below_fires_at_the_first_state_under_the_value():
    """At the parameters whose loss crossed, not one update later (found in a
    real-window trial: "loss 0.0493 at step 74", the loss of step 73's)."""
    curve = losses("xor", 3000)  # curve[k]: the loss of the parameters of step k
    first = int(np.argmax(curve < 0.1))
    trainer, hit = run_until("xor", Condition("loss_below", 0.1))
    assert trainer.step == first
    assert hit.message == f"loss < 0.1 (loss {curve[first]:.6g}) at step {first}"
    assert trainer.current_loss() == curve[first]  # what the window shows as now


def test_loss_above_and_at_step():
    trainer, hit = run_until("mazur", Condition("loss_above", 0.2))
    assert trainer.step == 1  # mazur starts at 0.298
    trainer, hit = run_until("mazur", Condition("at_step", 42))
    assert trainer.step == 42 and hit.message == "step 42 at step 42"


def test_gradient_norms_explode_or_vanish_and_name_the_layer():
    trainer, hit = run_until("mazur", Condition("grad_norm_below", 1e-3, layer=0))
    norm = np.linalg.norm(trainer.backward_result.dW[0])
    assert norm < 1e-3 and hit.layer == 0 and "‖dW1‖" in hit.message
    replay = Trainer(load_preset("mazur"))
    replay.run(trainer.step - 1)
    assert np.linalg.norm(replay.backward_result.dW[0]) >= 1e-3  # not one step earlier
    trainer, hit = run_until("mazur", Condition("grad_norm_above", 0.05))
    assert trainer.step == 1 and hit.layer == 1  # W2's gradient is the larger


def test_parameter_sign_change_and_big_change():
    trainer, hit = run_until(
        "xor",
        Condition("change_above", 0.05, parameter=ParameterKey.weight(0, 0, 0)),
        lr=5.0,
    )
    change = trainer.params.weights[0][0, 0] - trainer.previous_params.weights[0][0, 0]
    assert abs(change) > 0.05 and hit.parameter == ParameterKey.weight(0, 0, 0)
    # the output bias of xor starts at 0 and is pushed negative, then positive
    signs = []
    watch = Trainer(load_preset("xor"))
    watch.events.subscribe(
        lambda e: (
            e.phase == "update" and signs.append(np.sign(e.trainer.params.biases[1][0]))
        )
    )
    watch.run(50)
    first_flip = next(
        k for k in range(1, len(signs)) if signs[k - 1] and signs[k] != signs[k - 1]
    )
    trainer, hit = run_until(
        "xor", Condition("sign_change", parameter=ParameterKey.bias(1, 0))
    )
    assert trainer.step == first_flip + 1 and "b2[1]" in hit.message


def test_non_finite_always_stops_first():
    trainer, hit = run_until("blobs", Condition("at_step", 10_000), lr=1e300)
    assert "is not finite" in hit.message and trainer.step < 10_000


def test_conditions_are_checked_for_sense():
    with pytest.raises(ValueError, match="needs a finite value"):
        Condition("loss_below")
    with pytest.raises(ValueError, match="needs a parameter"):
        Condition("sign_change")
    with pytest.raises(ValueError, match="unknown breakpoint"):
        Condition("loss_is_sad", 1.0)


def test_non_finite_parameters_are_named_and_located():
    trainer = Trainer(load_preset("mazur"))
    breakpoints = Breakpoints()
    assert breakpoints.check(trainer) is None
    trainer.params.biases[1][0] = np.inf  # written directly: edits refuse it
    hit = breakpoints.check(trainer)
    assert hit.parameter == ParameterKey.bias(1, 0)
    assert hit.message == "b2 is not finite at step 0"  # mazur: one shared bias
    trainer.params.weights[0][1, 0] = np.nan  # an earlier tensor comes first
    hit = breakpoints.check(trainer)
    assert hit.parameter == ParameterKey.weight(0, 1, 0)
    assert hit.message == "W1[2→1] is not finite at step 0"
    with pytest.raises(ValueError, match=r"W1\[2→1\] is not a finite number"):
        trainer.session.validate()


def test_effective_step_of_any_parameter_names_the_one_that_moved_most():
    from backprop_gui.core.engine.optimizer_spec import OptimizerSpec

    trainer = Trainer(load_preset("xor"))
    trainer.set_optimizer(OptimizerSpec("momentum", momentum=0.9))
    breakpoints = Breakpoints([Condition("step_above", 0.05)])
    moved = []

    def stop(t):
        moved.append(np.abs(t.params.flat - t.previous_params.flat))
        return breakpoints.check(t)

    done = trainer.run(500, stop)
    hit = breakpoints.check(trainer)
    assert hit is not None and done < 500
    assert max(moved[-1]) > 0.05 and all(max(m) <= 0.05 for m in moved[:-1])
    index = int(np.argmax(moved[-1]))
    assert hit.parameter == trainer.params.key_at(index)
    assert hit.message.startswith("effective step > 0.05 (")
    assert trainer.session.spec.label(hit.parameter) in hit.message


@pytest.mark.parametrize("preset", ["mazur", "spirals", "single-sample"])
def test_key_at_names_each_position_of_the_flat_buffer(preset):
    params = load_preset(preset).params.copy()
    params.flat[:] = np.arange(params.flat.size)
    keys = [params.key_at(k) for k in range(params.flat.size)]
    assert [key.read(params) for key in keys] == list(range(params.flat.size))
    with pytest.raises(IndexError):
        params.key_at(params.flat.size)


def test_a_run_stops_after_the_update_that_reaches_its_deadline(monkeypatch):
    """The window's run ticks ask for many updates and a deadline: the run stops
    after the update that reaches it (never before the first), or at a
    breakpoint, whichever comes first."""
    from backprop_gui.core.debugger import debugger as debugger_module
    from backprop_gui.core.debugger.debugger import Debugger

    clock = [0.0]

    def tick():  # every look at the clock: a millisecond later
        clock[0] += 0.001
        return clock[0]

    monkeypatch.setattr(debugger_module.time, "monotonic", tick)
    debugger = Debugger(load_preset("xor"))
    assert debugger.run(1000, deadline=0.0).done == 1  # past: one update
    assert debugger.run(1000, deadline=clock[0] + 0.0105).done == 11
    assert debugger.run(50).done == 50  # no deadline: all of them
    debugger.breakpoints.conditions.append(Condition("at_step", 70))
    result = debugger.run(1000, deadline=clock[0] + 1.0)
    assert result.done == 8 and result.hit is not None  # the breakpoint first
