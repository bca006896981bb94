"""Explain of an update: each optimizer's rule with the latest update's numbers, and
the penalty in a weight's gradient."""

from __future__ import annotations

import re

import numpy as np
import pytest
from optimizer_reference import reference_update

from backprop_gui.core.debugger.debugger import Debugger
from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.core.engine.optimizer_spec import (
    OPTIMIZERS,
    OptimizerSpec,
    Regularization,
)
from backprop_gui.core.engine.parameters import buffer_views
from backprop_gui.core.io.presets import load_preset

KEY = ParameterKey.weight(0, 1, 2)


def debugger_with(optimizer, regularization=None, updates=3):
    debugger = Debugger(load_preset("xor"))
    debugger.set_optimizer(optimizer)
    debugger.set_regularization(regularization or Regularization())
    debugger.trainer.run(updates)
    return debugger


@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_the_rule_shows_the_engines_numbers(name, weight_decay):
    o = OptimizerSpec(name, weight_decay=weight_decay)
    debugger = debugger_with(o)
    trainer = debugger.trainer
    e = debugger.explain(("update_W", 0, 1, 2))
    after = KEY.read(trainer.params)
    assert e.value == after
    assert e.lines[-1].endswith(f"= {after:.12g}")
    assert e.title == f"Update 3 of W1[2→3]: {o.title}"
    # the same update by the formulas, from the state before it
    spec = trainer.session.spec

    def entry(state, which):
        return KEY.read(buffer_views(state.buffers[which], spec))

    old = {b: np.array([entry(trainer.previous_state, b)]) for b in o.buffers}
    g = np.array([trainer.backward_result.dW[0][1, 2]])
    theta = np.array([KEY.read(trainer.previous_params)])
    expected, new = reference_update(name, o, 1.0, theta, g, old, 3)
    assert after == pytest.approx(expected[0], rel=1e-14)
    for which in o.buffers:
        shown = f"{entry(trainer.session.optimizer_state, which):.12g}"
        assert any(shown in line for line in e.lines)
        assert entry(trainer.session.optimizer_state, which) == pytest.approx(
            new[which][0], rel=1e-14
        )
        part = debugger.explain((f"{which}_W", 0, 1, 2))
        assert part.value == entry(trainer.session.optimizer_state, which)
        assert (f"{which} of W1[2→3]", (f"{which}_W", 0, 1, 2)) in e.links
    assert ("the gradient dL/dW1[2→3]", ("dW", 0, 1, 2)) in e.links
    if weight_decay:
        assert any("λ" in line for line in e.lines)


def test_adam_lines_follow_from_each_other():
    debugger = debugger_with(OptimizerSpec("adam"), updates=2)
    e = debugger.explain(("update_b", 1, 0))
    text = "\n".join(e.lines)
    m_hat = float(re.search(r"m̂ = m/\(1−β1\^t\) = \S+ / \S+ = (\S+)", text)[1])
    v_hat = float(re.search(r"v̂ = v/\(1−β2\^t\) = \S+ / \S+ = (\S+)", text)[1])
    theta, lr = (
        float(x) for x in re.search(r"= (\S+) − (\S+) × ", e.lines[-1]).groups()
    )
    assert e.value == pytest.approx(
        theta - lr * m_hat / (np.sqrt(v_hat) + 1e-8), rel=1e-10
    )
    assert "(t = 2)" in text


def test_an_update_is_explained_only_while_its_numbers_are_current():
    debugger = Debugger(load_preset("xor"))
    with pytest.raises(ValueError, match="no update to explain"):
        debugger.explain(("update_W", 0, 0, 0))
    debugger.set_optimizer(OptimizerSpec("momentum"))
    debugger.trainer.run(2)
    debugger.next_phase()  # a forward pass does not change what the update did
    assert (
        debugger.explain(("update_W", 0, 0, 0)).value
        == debugger.session.params.weights[0][0, 0]
    )
    debugger.set_buffer_entry("velocity", KEY, 1.0)
    with pytest.raises(ValueError, match="no update to explain"):
        debugger.explain(("update_W", 0, 0, 0))
    debugger.trainer.run(1)
    debugger.set_parameter(KEY, 0.5)
    with pytest.raises(ValueError, match="changed since the latest update"):
        debugger.explain(("update_W", 0, 0, 0))
    with pytest.raises(ValueError, match="keeps no m"):
        debugger.trainer.run(1)
        debugger.explain(("m_W", 0, 0, 0))


def test_a_rewind_keeps_the_update_explainable():
    debugger = debugger_with(OptimizerSpec("adam"), updates=5)
    debugger.back_one_update()
    e = debugger.explain(("update_W", 0, 1, 2))
    assert e.title.startswith("Update 4 of") and e.value == KEY.read(
        debugger.session.params
    )


def test_frozen_biases_say_so():
    session = load_preset("xor")
    session.spec.train_biases = False
    session.optimizer_state = None
    session.__post_init__()
    debugger = Debugger(session)
    debugger.set_optimizer(OptimizerSpec("adam"))
    debugger.trainer.run(1)
    e = debugger.explain(("update_b", 0, 0))
    assert e.lines[0].startswith("frozen") and e.value == session.params.biases[0][0]


def test_the_weight_gradient_adds_the_penalty():
    debugger = debugger_with(OptimizerSpec(), Regularization(0.01, 0.1), updates=1)
    debugger.next_phase()
    debugger.next_phase()
    e = debugger.explain(("dW", 0, 1, 2))
    w = KEY.read(debugger.session.params)
    assert e.lines[0].startswith("dL_data/dw")
    penalty_line = next(line for line in e.lines if line.startswith("penalty"))
    assert f"{0.01 * np.sign(w) + 0.1 * w:.12g}" in penalty_line
    data, penalty, total = (
        float(x)
        for x in re.fullmatch(r"dL/dw = (\S+) \+ (\S+) = (\S+)", e.lines[-1]).groups()
    )
    assert total == pytest.approx(data + penalty, rel=1e-11)
    assert e.value == debugger.trainer.backward_result.dW[0][1, 2]
