"""The trace CSV: format, exact numbers, options, and never half-written files."""

import csv

import numpy as np
import pandas as pd
import pytest

from backprop_gui.core import TraceWriter, Trainer, load_preset
from backprop_gui.core.io.trace import HEADER


def traced(tmp_path, name="mazur", steps=1, **options):
    path = tmp_path / "trace.csv"
    trainer = Trainer(load_preset(name))
    initial = trainer.params.copy()
    with TraceWriter(path, **options) as trace:
        trace.attach(trainer)
        trainer.run(steps)
    return path, trainer, initial, trace


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def value(rows_, **key):
    found = [r for r in rows_ if all(r[k] == str(v) for k, v in key.items())]
    assert len(found) == 1, key
    return float(found[0]["value"])


def test_mazur_trace_holds_the_seed_numbers(tmp_path):
    path, trainer, initial, trace = traced(tmp_path)
    r = rows(path)
    assert path.read_text().splitlines()[0] == HEADER
    assert trace.rows == len(r)
    assert value(r, step=0, phase="init", quantity="W", layer=1, row=0, col=1) == 0.25
    assert value(r, step=0, phase="init", quantity="b", layer=2, row="", col=0) == 0.6
    loss = value(r, step=1, phase="forward", quantity="loss", layer="", row="", col="")
    assert loss == pytest.approx(0.298371108760, abs=1e-12)
    yhat = value(r, step=1, phase="forward", quantity="a", layer=2, row=0, col=0)
    assert yhat == pytest.approx(0.751365069552, abs=1e-12)
    assert value(r, step=1, phase="forward", quantity="a", layer=0, row=0, col=1) == 0.1
    d = value(r, step=1, phase="backward", quantity="delta", layer=1, row=0, col=1)
    assert d == pytest.approx(0.009954254705, abs=1e-12)
    w = value(r, step=1, phase="update", quantity="W", layer=2, row=1, col=0)
    assert w == pytest.approx(0.408666186076, abs=1e-12)
    b = value(r, step=1, phase="update", quantity="b", layer=1, row="", col=0)
    assert b == pytest.approx(0.340637195303, abs=1e-12)


def test_values_round_trip_exactly(tmp_path):
    path, trainer, _, _ = traced(tmp_path, "circles", steps=3)
    r = rows(path)
    step3 = {
        (int(x["layer"]), int(x["row"]), int(x["col"])): float(x["value"])
        for x in r
        if x["step"] == "3" and x["phase"] == "update" and x["quantity"] == "W"
    }
    for l, w in enumerate(trainer.params.weights, start=1):
        for (i, j), v in np.ndenumerate(w):
            assert step3[(l, i, j)] == v  # exact, not approximately
    dw = [x for x in r if x["step"] == "3" and x["quantity"] == "dW"]
    assert len(dw) == sum(w.size for w in trainer.params.weights)
    fwd = trainer.forward_result  # forward of update 3
    z2 = {
        (int(x["row"]), int(x["col"])): float(x["value"])
        for x in r
        if x["step"] == "3" and x["quantity"] == "z" and x["layer"] == "2"
    }
    assert all(z2[(s, 0)] == fwd.z[2][s, 0] for s in range(200))


def test_pandas_reads_it(tmp_path):
    path, trainer, _, trace = traced(tmp_path, "blobs", steps=2)
    df = pd.read_csv(path)
    assert list(df.columns) == HEADER.split(",")
    assert len(df) == trace.rows
    assert df["value"].dtype == np.float64
    losses = df[df.quantity == "loss"]
    assert losses["layer"].isna().all() and len(losses) == 2


def test_every_k_and_quantities(tmp_path):
    path, _, _, _ = traced(
        tmp_path, "mazur", steps=6, every=3, quantities=["loss", "W"]
    )
    r = rows(path)
    assert {x["quantity"] for x in r} == {"loss", "W"}
    assert sorted({int(x["step"]) for x in r}) == [0, 3, 6]
    assert len([x for x in r if x["quantity"] == "loss"]) == 2


def test_minibatch_rows_are_dataset_sample_indices(tmp_path):
    session = load_preset("circles")
    session.batch_size, session.shuffle_seed = 8, 1
    trainer = Trainer(session)
    path = tmp_path / "t.csv"
    with TraceWriter(path, quantities=["a"]) as trace:
        trace.attach(trainer)
        trainer.run_phase()
    sample_rows = {int(x["row"]) for x in rows(path) if x["layer"] == "0"}
    assert sample_rows == set(trainer.forward_result.samples.tolist())


def test_shared_bias_is_column_zero_and_no_bias_mode_writes_none(tmp_path):
    path, _, _, _ = traced(tmp_path, "mazur")
    b_rows = [x for x in rows(path) if x["quantity"] in ("b", "db")]
    assert {(x["row"], x["col"]) for x in b_rows} == {("", "0")}


def test_an_aborted_trace_leaves_no_file_and_keeps_the_old_one(tmp_path):
    path = tmp_path / "trace.csv"
    path.write_text("old content\n")
    trainer = Trainer(load_preset("mazur"))
    with pytest.raises(RuntimeError):
        with TraceWriter(path) as trace:
            trace.attach(trainer)
            trainer.run(2)
            raise RuntimeError("interrupted")
    assert path.read_text() == "old content\n"
    assert list(tmp_path.iterdir()) == [path]
    # and the trainer no longer writes to it
    trainer.run(1)


def test_unknown_quantity_and_missing_folder(tmp_path):
    with pytest.raises(ValueError, match="unknown trace quantities"):
        TraceWriter(tmp_path / "t.csv", quantities=["grad"])
    with pytest.raises(OSError):
        TraceWriter(tmp_path / "missing" / "t.csv")


def test_phases_are_written_in_order_around_edits_and_resets(tmp_path):
    """The phases of an update are written together when it completes; an edit
    or a reset in between writes what came before it first."""
    from backprop_gui.core import forward

    trainer = Trainer(load_preset("mazur"))
    s = trainer.session
    path = tmp_path / "t.csv"
    with TraceWriter(path, quantities=["loss", "W"]) as trace:
        trace.attach(trainer)
        trainer.run_phase()  # forward of update 1, then an edit
        loss_before = forward(s.spec, trainer.params, s.inputs, s.targets).loss
        trainer.set_weight(0, 0, 0, 0.5)
        loss_after = forward(s.spec, trainer.params, s.inputs, s.targets).loss
        trainer.step_update()  # forward again, backward, update
        trainer.run(1)
        trainer.run_phase()  # forward of update 3, then a reset
        trainer.reset()
        trainer.run_phase()
    written = [(x["step"], x["phase"], x["quantity"]) for x in rows(path)]
    losses = [float(x["value"]) for x in rows(path) if x["quantity"] == "loss"]
    assert written == (
        [("0", "init", "W")] * 8
        + [("1", "forward", "loss"), ("1", "forward", "loss")]
        + [("1", "update", "W")] * 8
        + [("2", "forward", "loss")]
        + [("2", "update", "W")] * 8
        + [("3", "forward", "loss"), ("1", "forward", "loss")]
    )
    assert losses[:2] == [loss_before, loss_after] and loss_before != loss_after
    assert losses[-1] == loss_before  # after the reset: the initial parameters
    assert trace.rows == len(written)
