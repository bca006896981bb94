"""Checks that what the main window shows is true: every number is the current
state's or marked stale, and every equation holds. Used by the window state machine
and by the GUI tests of single features; each check raises AssertionError."""

import math
import re

import numpy as np
import pytest
from PySide6.QtCore import Qt

from backprop_gui.core.engine.classes import class_name
from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.core.engine.parameters import buffer_views
from backprop_gui.qt.param_rows import GRADIENT, VALUE
from backprop_gui.qt.status_bar import evaluation_text
from backprop_gui.qt.table_cells import NUMBER as NUMBER_ROLE

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
ARITHMETIC = re.compile(rf"^\s*{NUMBER.pattern}(\s+[×+]\s+{NUMBER.pattern})*\s*$")


def check_value_cells(window) -> None:
    """Every value cell is the session's parameter, bitwise (the sign of 0 too)."""
    model = window.param_model
    params = window.debugger.trainer.params
    for row in range(model.rowCount()):
        key = model.locate(row)
        shown = model.data(model.index(row, VALUE), Qt.ItemDataRole.EditRole)
        assert float(shown) == key.read(params)
        assert math.copysign(1, float(shown)) == math.copysign(1, key.read(params))


def check_gradient_cells(window) -> None:
    """A gradient cell is grey and says "stale" exactly when the gradients are not
    the current state's; a current one is the engine's number."""
    model = window.param_model
    trainer = window.debugger.trainer
    for row in range(model.rowCount()):
        index = model.index(row, GRADIENT)
        text = model.data(index, Qt.ItemDataRole.ToolTipRole)
        if not text:
            continue
        stale = model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
        assert stale == ("stale" in text) == (not trainer.backward_valid)
        if not stale:
            key = model.locate(row)
            grads = trainer.backward_result
            array = (grads.dW if key.kind == "W" else grads.db)[key.layer]
            assert float(text) == float(array[key.index])


def check_dataset_outputs(window) -> None:
    """The Dataset dock's ŷ cells are grey and say "stale" exactly when the
    forward pass is not the current state's; a current one is the engine's output
    (to the 8 digits shown)."""
    model = window.dataset.model
    trainer = window.debugger.trainer
    fwd = trainer.forward_result
    n_in, n_out, with_class = model._shape[1:]
    for row in range(model.rowCount()):
        if with_class:
            classes = window.debugger.session.classes
            cell = model.data(model.index(row, n_in + n_out))
            actual = window.debugger.session.targets[row]
            k = int(np.argmax(actual)) if len(actual) > 1 else int(actual[0] >= 0.5)
            assert cell == class_name(classes[k])
        for k in range(n_out):
            index = model.index(row, n_in + n_out + with_class + k)
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            stale = model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            assert stale == ("stale" in tip) == (not trainer.forward_valid)
            if text and not stale:
                position = int(np.flatnonzero(fwd.samples == row)[0])
                expected = fwd.a[-1][position, k]
                assert float(text) == pytest.approx(expected, rel=1e-7, abs=1e-300)
        if with_class:  # the predicted class: of the same outputs, as stale
            index = model.index(row, n_in + 2 * n_out + 1)
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            stale = model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
            assert stale == (not trainer.forward_valid)
            if text:
                position = int(np.flatnonzero(fwd.samples == row)[0])
                out = fwd.a[-1][position]
                k = int(np.argmax(out)) if len(out) > 1 else int(out[0] >= 0.5)
                name = class_name(window.debugger.session.classes[k])
                assert text.removeprefix("✗ ") == name
                # set against the sample's class only while current
                assert text.startswith("✗ ") == (name != cell and not stale)


def check_accuracy_status(window) -> None:
    """The status bar's accuracy is the current state's (the debugger's own
    evaluation), or says which step its numbers belong to."""
    follower, label = window.evaluations, window.counters.accuracy
    if not follower.wanted():
        assert label.isHidden()
        return
    text = label.text()
    if follower.is_current():
        assert text == evaluation_text(
            window.debugger.evaluation(), window.debugger.session
        )
    else:  # of another state: its step, or stale at the same step
        assert text.endswith(": …") or "(at step " in text or "(stale;" in text


def check_optimizer_cells(window) -> None:
    """The table's optimizer columns are the optimizer's current state, bitwise:
    its buffers, and Adam's m̂ = m/(1−β1^t), v̂ and lr·m̂/(√v̂ + ε)."""
    model = window.param_model
    session = window.debugger.session
    state = session.optimizer_state
    expected = dict(state.buffers)
    if "m" in expected and session.optimizer.name in ("adam", "adamw"):
        (b1, b2), t = session.optimizer.betas, state.count
        m, v = expected["m"], expected["v"]
        m_hat = m / (1 - b1**t) if t else np.zeros_like(m)
        v_hat = v / (1 - b2**t) if t else np.zeros_like(v)
        step = session.learning_rate * m_hat / (np.sqrt(v_hat) + session.optimizer.eps)
        expected.update(m_hat=m_hat, v_hat=v_hat, step=-step if t else m_hat)
    names = model.optimizer_columns.names
    assert set(names) == set(expected)
    for name in names:
        views = buffer_views(expected[name], session.spec)
        column = model.optimizer_column(name)
        for row in range(model.rowCount()):
            key = model.locate(row)
            array = key.array_in(views)
            shown = model.index(row, column).data(NUMBER_ROLE)
            if not array.size:
                assert shown is None  # a frozen bias
            else:
                assert shown == float(array[key.index])


def check_graph_numbers(window, neurons: int = 4) -> None:
    """Every activation and delta the graph draws in black is the current
    state's (to the 4 digits drawn), an input's the dataset's; the others are
    grey, and so are the labels of gradients on edges when stale."""
    from backprop_gui.qt.network_edges import label_colours
    from backprop_gui.qt.table_cells import STALE

    trainer = window.debugger.trainer
    view = window.network_view
    position = view.values.position()
    grey = label_colours(view)[0] == STALE
    assert grey == (view.edges_show_gradients() and not trainer.backward_valid)
    inputs = trainer.session.inputs
    fwd = trainer.forward_result
    for layer, size in enumerate(trainer.session.spec.layers):
        for n in range(min(size, neurons)):
            for text, stale in view.neuron_labels(layer, n):
                if stale or text.endswith("–"):
                    continue
                value = float(text.split(" ", 1)[1])
                if text.startswith("a ") and layer == 0:
                    if fwd is None:  # before any pass: the next batch's sample
                        row = trainer.current_batch()[0]
                    else:
                        assert trainer.forward_valid
                        row = fwd.samples[position]
                    expected = inputs[row, n]
                    assert value == pytest.approx(expected, rel=1e-3, abs=1e-4)
                elif text.startswith("a "):
                    assert trainer.forward_valid
                    fwd = trainer.forward_result.a[layer][position, n]
                    assert value == pytest.approx(fwd, rel=1e-3, abs=1e-4)
                elif text.startswith("δ"):
                    assert trainer.backward_valid
                    bwd = trainer.backward_result.delta[layer][position, n]
                    assert value == pytest.approx(bwd, rel=1e-3, abs=1e-4)


def check_explanation(window) -> None:
    """The Explain panel's value is the engine's, it says "stale" exactly when
    its pass is not the current state's, and its arithmetic is true."""
    panel = window.explain
    panel.render()
    e = panel.shown
    if e is None:
        return
    trainer = window.debugger.trainer
    head, *where = panel.key
    if head.endswith(("_W", "_b")):  # an update, or an optimizer buffer after it
        assert not e.stale  # refused instead once its numbers are not current
        key = (ParameterKey.weight if head.endswith("_W") else ParameterKey.bias)(
            *where
        )
        quantity = head.rsplit("_", 1)[0]
        if quantity == "update":
            assert e.value == key.read(trainer.params)
        else:
            state = trainer.session.optimizer_state.buffers[quantity]
            assert e.value == key.read(buffer_views(state, trainer.session.spec))
    elif panel.key[0] in ("dW", "db", "delta"):
        assert bool(e.stale) == (not trainer.backward_valid)
        grads = trainer.backward_result
        kind, *where = panel.key
        if kind == "dW":
            assert e.value == grads.dW[where[0]][where[1], where[2]]
        elif kind == "db":
            assert e.value == grads.db[where[0]][where[1]]
        else:
            assert e.value == grads.delta[where[0]][where[2], where[1]]
    else:
        assert bool(e.stale) == (not trainer.forward_valid)
    for expression, result in equations(e.lines):
        terms = [  # " + " between terms: a "+" inside 1e+05 is no operator
            math.prod(float(f) for f in term.split("×"))
            for term in expression.split(" + ")
        ]
        # each factor is rounded to the 12 digits shown: allow for that, and for
        # cancellation in a sum
        slack = 1e-10 * (sum(abs(x) for x in terms) + abs(result)) + 1e-300
        assert sum(terms) == pytest.approx(result, rel=0, abs=slack)


def equations(lines):
    """``(expression, value)`` for every ``… = expression = value`` in an
    explanation whose expression is plain arithmetic (``a × b + c × d``);
    continuation lines that start with "=" join the line before."""
    joined = []
    for line in lines:
        if line.strip().startswith("=") and joined:
            joined[-1] += " " + line.strip()
        else:
            joined.append(line)
    for line in joined:
        parts = [part.strip() for part in line.split("=")]
        for expression, value in zip(parts, parts[1:]):
            value = value.split("(")[0].strip()
            if (
                ARITHMETIC.match(expression)
                and ("×" in expression or "+" in expression)
                and NUMBER.fullmatch(value)
            ):
                yield expression, float(value)


def check_loss_history(debugger) -> None:
    """While no points were merged, the loss history is exactly the losses a
    replay of the journal computes: the last forward pass of each update."""
    metrics = debugger.metrics
    if metrics.stride != 1:
        return
    expected = {}

    def record(event) -> None:
        if event.kind == "phase" and event.phase == "forward":
            expected[event.step] = event.trainer.forward_result.loss

    debugger.journal.replay(observers=[record])
    steps = sorted(expected)
    assert metrics.steps.tolist() == steps
    np.testing.assert_array_equal(metrics.loss, [expected[s] for s in steps])
