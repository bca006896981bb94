"""Replay journal, bounded metrics history and typed-number parsing."""

import csv

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.debugger.journal import Journal, ReplayCancelled, export_trace
from backprop_gui.core.debugger.metrics import MetricsHistory
from backprop_gui.core.io.number_text import parse_number


def edited_run(name="circles"):
    trainer = Trainer(load_preset(name))
    journal = Journal(trainer)
    trainer.run(5)
    trainer.run_phase()
    trainer.set_weight(0, 1, 1, 0.75)
    trainer.set_learning_rate(0.9)
    trainer.run(3)
    trainer.set_bias(1, 0, -0.25)
    trainer.set_batching(32, 7)
    trainer.run_phase()
    trainer.run_phase()
    inputs = trainer.session.inputs * 0.5
    trainer.set_data(inputs, trainer.session.targets)
    trainer.run(2)
    return trainer, journal


def test_replay_reproduces_every_number_bitwise():
    trainer, journal = edited_run()
    assert journal.phase_count == 3 * 5 + 1 + (2 + 3 * 2) + 2 + 3 * 2 + 1
    replayed = journal.replay()
    assert replayed.params.identical(trainer.params)
    assert replayed.step == trainer.step
    assert replayed.next_phase == trainer.next_phase
    assert replayed.session.learning_rate == 0.9
    a, b = replayed.forward_result, trainer.forward_result
    assert a.loss == b.loss and a.samples.tolist() == b.samples.tolist()


def test_journal_restarts_on_reset_and_stays_small():
    trainer = Trainer(load_preset("mazur"))
    journal = Journal(trainer)
    trainer.run(1000)
    assert journal.entries == [["phases", 3000]]
    trainer.set_learning_rate(0.1)
    trainer.reset()
    assert journal.entries == []
    assert journal.initial.learning_rate == 0.1  # settings survive a reset
    trainer.run(2)
    assert journal.replay().params.identical(trainer.params)


def test_export_trace_of_what_has_run(tmp_path):
    trainer, journal = edited_run("mazur")
    path = tmp_path / "t.csv"
    rows = export_trace(journal, path)
    with open(path, newline="") as f:
        table = list(csv.DictReader(f))
    assert len(table) == rows
    last_update = max(int(r["step"]) for r in table if r["phase"] == "update")
    assert last_update == trainer.step
    final_w = {
        (int(r["layer"]), int(r["row"]), int(r["col"])): float(r["value"])
        for r in table
        if r["step"] == str(trainer.step)
        and r["phase"] == "update"
        and r["quantity"] == "W"
    }
    for l, w in enumerate(trainer.params.weights, start=1):
        for (i, j), v in np.ndenumerate(w):
            assert final_w[(l, i, j)] == v
    # the edited bias shows up in the next forward's parameters
    assert any(r["phase"] == "forward" for r in table if r["step"] == "9")


def test_cancelled_export_leaves_nothing(tmp_path):
    trainer = Trainer(load_preset("mazur"))
    journal = Journal(trainer)
    trainer.run(2000)
    path = tmp_path / "t.csv"
    with pytest.raises(ReplayCancelled):
        export_trace(journal, path, progress=lambda done, total: done < 2048)
    assert list(tmp_path.iterdir()) == []


def test_history_records_loss_and_gradient_norms():
    trainer = Trainer(load_preset("mazur"))
    history = MetricsHistory(trainer.session.spec.depth, capacity=8)
    trainer.events.subscribe(history)
    trainer.step_update()
    assert history.steps.tolist() == [1]
    assert history.loss[0] == pytest.approx(0.298371108760, abs=1e-12)
    expected = [np.linalg.norm(g) for g in trainer.backward_result.dW]
    np.testing.assert_allclose(history.grad_norms[0], expected, rtol=1e-14)
    trainer.reset()
    assert len(history) == 0


def test_history_is_bounded_and_keeps_peaks():
    history = MetricsHistory(1, capacity=8)
    losses = np.ones(100)
    losses[37] = 50.0
    for step, loss in enumerate(losses, start=1):
        history.record(step, loss, [0.0])
    assert len(history) <= 8 and history.stride == 16
    assert history.loss.max() == 50.0
    assert history.steps[history.loss.argmax()] == 38
    assert history.steps.tolist() == sorted(history.steps.tolist())


@pytest.mark.parametrize(
    "text,value",
    [
        ("0.5", 0.5),
        (" -3 ", -3.0),
        ("1e-3", 1e-3),
        ("+.25", 0.25),
        ("2.", 2.0),
        ("-0", -0.0),
        ("1E+2", 100.0),
        ("1e-310", 1e-310),  # subnormal: still a nonzero float
        ("0e-400", 0.0),  # zero written small is still zero
    ],
)
def test_numbers_accepted(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text,message",
    [
        ("abc", "not a number"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("1e400", "out of range"),
        ("0,5", "use a dot"),
        ("", "enter a number"),
        ("1_000", "not a number"),
        ("٥", "not a number"),
        ("0x10", "not a number"),
        ("1e101", "out of range"),
        ("1e-400", "it would become 0"),
        ("-2.5e-330", "it would become 0"),
        ("1" + "0" * 70, "has 71 characters"),
    ],
)
def test_numbers_refused_with_a_message(text, message):
    with pytest.raises(ValueError, match=message):
        parse_number(text)


@given(st.text(max_size=200))
def test_any_text_gives_a_finite_number_or_a_value_error(text):
    try:
        value = parse_number(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert np.isfinite(value) and abs(value) <= 1e100


def test_history_keeps_each_points_own_gradient_norms_when_merging():
    # the norms are computed only for the points kept: each stored point must
    # carry the norms of the very update whose loss it shows
    trainer = Trainer(load_preset("circles"))
    history = MetricsHistory(trainer.session.spec.depth, capacity=8)
    trainer.events.subscribe(history)
    every = {}

    def record_all(event):
        if event.kind == "phase" and event.phase == "backward":
            dW = event.trainer.backward_result.dW
            every[event.step] = (
                event.trainer.forward_result.loss,
                [float(np.linalg.norm(g)) for g in dW],
            )

    trainer.events.subscribe(record_all)
    trainer.run(100)
    assert len(history) <= 8 and history.stride > 1
    for step, loss, norms in zip(history.steps, history.loss, history.grad_norms):
        assert loss == every[int(step)][0]
        np.testing.assert_allclose(norms, every[int(step)][1], rtol=1e-13)
    # and each is the largest loss of its bucket of `stride` updates
    top = max(every[s][0] for s in range(1, history.stride + 1))
    assert history.loss[0] == top


def test_journal_phase_count_follows_phases_truncation_and_reset():
    trainer = Trainer(load_preset("mazur"))
    journal = Journal(trainer)
    trainer.run(4)
    trainer.set_weight(0, 0, 0, 0.5)
    trainer.run_phase()

    def counted():
        return sum(e[1] for e in journal.entries if e[0] == "phases")

    assert journal.phase_count == counted() == 13
    journal.truncate(7)
    assert journal.phase_count == counted() == 7
    trainer.reset()
    assert journal.phase_count == counted() == 0


def test_a_forward_run_again_in_a_merged_history_adds_no_point(monkeypatch):
    """Found in review: with merged points, an update whose bucket another
    update kept counted its second forward as another update; the same state
    reached by "forward, edit, forward" and "edit, forward" then had different
    histories (an extra point, or a level merged early)."""
    from backprop_gui.core import load_preset
    from backprop_gui.core.debugger import metrics as metrics_module
    from backprop_gui.core.debugger.debugger import Debugger
    from backprop_gui.core.engine.keys import ParameterKey
    from backprop_gui.core.engine.validation_split import ValidationSplit

    monkeypatch.setattr(metrics_module.MetricsHistory.__init__, "__defaults__", (4,))
    key = ParameterKey.bias(1, 0)

    def history(updates: int, value: float, forward_first: bool):
        d = Debugger(load_preset("xor"))
        d.set_batching(1, None)
        d.set_validation(ValidationSplit(0.5, 0))
        d.run(updates)
        if forward_first:
            d.next_phase()
        d.set_parameter(key, value)
        d.next_phase()
        m = d.metrics
        return m.stride, m.steps.tolist(), m.validation_loss.tobytes()

    for updates in range(4, 12):
        for value in (3.0, -3.0):
            assert history(updates, value, True) == history(updates, value, False)
