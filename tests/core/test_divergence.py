"""Diverging training never raises or warns (pytest turns warnings into errors),
stops at the first non-finite step, and names what went wrong."""

import math

import numpy as np
import pytest

from backprop_gui.core import InitSpec, NetworkSpec, Session, Trainer, load_preset


def linear_session(lr=1000.0, scale=1.0):
    spec = NetworkSpec([2, 3, 1], ["relu", "linear"], "mse")
    x = np.array([[1.0, 2.0], [3.0, -1.0]]) * scale
    return Session.create(spec, InitSpec("he", 1), x, [[1.0], [0.0]], learning_rate=lr)


def diverged(trainer):
    return trainer.non_finite() is not None


def test_huge_learning_rate_diverges_silently_and_stops_at_the_first_bad_step():
    trainer = Trainer(linear_session(lr=1000.0))
    done = trainer.run(10_000, should_stop=diverged)
    assert done < 200 and trainer.step == done
    assert trainer.non_finite() is not None
    # one update earlier everything was finite: the run stopped at the first bad one
    replay = Trainer(linear_session(lr=1000.0))
    replay.run(done - 1)
    assert replay.non_finite() is None and replay.params.all_finite()


def test_sigmoid_nets_saturate_but_stay_finite_at_lr_1000():
    trainer = Trainer(load_preset("mazur"))
    trainer.set_learning_rate(1000.0)
    trainer.run(500)
    trainer.run_phase()
    assert trainer.params.all_finite() and math.isfinite(trainer.forward_result.loss)


def test_huge_weights_and_inputs_are_named():
    trainer = Trainer(linear_session(lr=0.1, scale=1e99))  # within the data limit
    trainer.set_weight(0, 0, 0, 1e300)
    trainer.run_phase()
    assert not math.isfinite(trainer.forward_result.loss)
    assert trainer.params.all_finite()
    assert trainer.non_finite().startswith("z of neuron")
    assert trainer.non_finite().endswith("in layer 1 for sample 1")  # 1-based
    trainer.run_phase()  # backward and update on infinities: still no warning
    trainer.run_phase()
    assert trainer.non_finite().startswith("W")


def test_reset_after_divergence_is_bitwise_the_start():
    trainer = Trainer(linear_session(lr=1000.0))
    initial = trainer.params.copy()
    trainer.run(10_000, should_stop=diverged)
    trainer.reset()
    assert trainer.params.identical(initial) and trainer.non_finite() is None


def test_all_finite_when_squares_overflow_and_not_with_nan_or_inf():
    params = load_preset("mazur").params
    assert params.all_finite()
    params.weights[1][0, 1] = 1e200  # finite, though its square overflows
    params.biases[0][0] = -1e300
    assert params.all_finite()
    for bad in (math.inf, -math.inf, math.nan):
        params.weights[0][1, 0] = bad
        assert not params.all_finite()


@pytest.mark.parametrize("every", [1, 200])
def test_a_divergence_on_a_checkpoint_update_pauses_like_any_other(every):
    """Found by a hostile probe: the checkpoint of a diverged update copied the
    session, whose validation refused the non-finite weights; the update was
    half done (step advanced, listeners after the timeline not told) and a
    ValueError escaped. Now the checkpoint holds the diverged state as it is."""
    from backprop_gui.core.debugger.debugger import Debugger

    debugger = Debugger(load_preset("blobs"), rewind_every=every)
    heard = []
    debugger.events.subscribe(lambda e: heard.append(e.step), phases=("update",))
    debugger.run(max(every - 2, 0))
    debugger.set_learning_rate(1e300)
    debugger.step_update()  # still finite
    finite = debugger.trainer.params.flat.tobytes()
    with np.errstate(all="ignore"):
        debugger.step_update()  # diverges: a checkpoint update
    assert debugger.step == max(every, 2) and debugger.step % every == 0
    assert debugger.non_finite() is not None
    assert heard[-1] == debugger.step  # every listener heard the update
    with pytest.raises(ValueError, match="is not finite at step"):
        debugger.check_saveable()
    debugger.rewind_to_step(debugger.step - 1)  # back to the last finite state
    assert debugger.trainer.params.flat.tobytes() == finite
