"""Watches record exactly the values after each update, in bounded memory."""

import numpy as np
import pytest

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.debugger.journal import Journal
from backprop_gui.core.debugger.timeline import Timeline
from backprop_gui.core.debugger.watches import Watches
from backprop_gui.core.engine.keys import NeuronKey, ParameterKey

W2_11 = ParameterKey.weight(1, 0, 0)


def test_watched_values_are_the_values_after_each_update():
    trainer = Trainer(load_preset("mazur"))
    watches = Watches()
    trainer.events.subscribe(watches)
    watches.add(W2_11, trainer)
    watches.add(NeuronKey(2, 1), trainer)
    expected_w, expected_a = [], []
    for _ in range(5):
        trainer.step_update()
        expected_w.append(trainer.params.weights[1][0, 0])
        expected_a.append(trainer.forward_result.a[2][0, 1])
    steps, values = watches.series(W2_11)
    assert steps.tolist() == [1, 2, 3, 4, 5] and values.tolist() == expected_w
    assert watches.series(NeuronKey(2, 1))[1].tolist() == expected_a
    assert values[0] == pytest.approx(0.358916479718, abs=1e-12)  # seed 004's w5
    assert W2_11.label() == "W2[1→1]"
    with pytest.raises(IndexError):
        watches.add(ParameterKey.weight(1, 5, 0), trainer)


def test_bounded_and_cut_back_by_rewind():
    trainer = Trainer(load_preset("mazur"))
    journal = Journal(trainer)
    timeline = Timeline(trainer, journal, every=50)
    watches = Watches(capacity=64)
    trainer.events.subscribe(watches)
    watches.add(ParameterKey.bias(0, 0), trainer)
    trainer.run(1000)
    steps, values = watches.series(ParameterKey.bias(0, 0))
    assert len(steps) <= 65 and watches.stride == 16
    assert np.all(np.diff(steps) > 0)
    timeline.rewind_to_step(500)
    assert watches.series(ParameterKey.bias(0, 0))[0].max() <= 500
