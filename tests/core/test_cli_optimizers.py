"""``backprop-gui run`` with an optimizer and a penalty."""

from __future__ import annotations

import pytest
from cli_runs import run_cli

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.engine.optimizer_spec import OptimizerSpec, Regularization
from backprop_gui.core.io.session_file import load_session


def test_run_with_adam_and_a_penalty_trains_as_the_api_does(tmp_path, capsys):
    saved = tmp_path / "s.json"
    code, out, err = run_cli(
        capsys, "run", "--preset", "xor", "--steps", "30", "--optimizer", "adam",
        "--beta1", "0.8", "--weight-decay", "0.01", "--l2", "0.001",
        "--save", str(saved),
    )  # fmt: skip
    assert code == 0, err
    assert "optimizer: Adam (β = 0.8, 0.999, ε = 1e-08, weight decay 0.01)" in out
    assert "loss now (bce + penalty): " in out and "(L2 0.001)" in out
    trainer = Trainer(load_preset("xor"))
    trainer.set_optimizer(OptimizerSpec("adam", betas=(0.8, 0.999), weight_decay=0.01))
    trainer.set_regularization(Regularization(l2=0.001))
    trainer.run(30)
    loaded = load_session(saved)
    assert loaded.params.identical(trainer.params)
    assert loaded.optimizer_state.identical(trainer.session.optimizer_state)
    # and the saved session continues where it stopped
    code, out, err = run_cli(capsys, "run", "--session", str(saved), "--steps", "5")
    assert code == 0 and "now at step 35" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--momentum", "0.5"], "--momentum does not apply to the sgd optimizer"),
        (["--optimizer", "rmsprop", "--beta1", "0.5"], "--beta1/--beta2 does not"),
        (["--optimizer", "adam", "--eps", "0"], "adam needs eps > 0"),
        (["--optimizer", "momentum", "--momentum", "1"], "momentum must be"),
        (["--l1", "-1"], "l1 must be from 0"),
        (["--optimizer", "lion"], "invalid choice"),
    ],
)
def test_bad_optimizer_options_are_one_line(capsys, argv, message):
    code, out, err = run_cli(capsys, "run", "--preset", "xor", *argv)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--preset", "xor", "--trace-quantities", "m,v"],
         "--trace-quantities m: the sgd optimizer keeps no m"),
        (["--preset", "adam-xor", "--trace-quantities", "velocity"],
         "the adam optimizer keeps no velocity"),
        (["--preset", "xor", "--trace-quantities", "penalty"],
         "penalty is written only with a weight penalty"),
        (["--preset", "xor", "--trace-quantities", "M"],
         "unknown trace quantities M (known: W,b"),
    ],
)  # fmt: skip
def test_trace_quantities_the_run_never_writes_are_refused(
    tmp_path, capsys, argv, message
):
    out = tmp_path / "t.csv"
    code, text, err = run_cli(capsys, "run", *argv, "--trace", str(out))
    assert code == 2 and message in err and not out.exists()


def test_the_penalty_rows_come_with_a_penalty(tmp_path, capsys):
    out = tmp_path / "t.csv"
    code, _, err = run_cli(
        capsys, "run", "--preset", "xor", "--l2", "0.1", "--trace", str(out),
        "--trace-quantities", "loss,data_loss,penalty",
    )  # fmt: skip
    assert code == 0, err
    assert out.read_text().count(",penalty,") == 1
