"""Exported scripts and notebooks, run in a subprocess, agree with the engine."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from cli_runs import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.engine.activations import ACTIVATIONS
from backprop_gui.core.engine.optimizer_spec import (
    OPTIMIZERS,
    OptimizerSpec,
    Regularization,
)
from backprop_gui.core.engine.parameters import initialise
from backprop_gui.core.engine.session import Session
from backprop_gui.core.engine.spec import BIAS_MODES, InitSpec, NetworkSpec
from backprop_gui.core.io.script_export import write_script
from backprop_gui.core.io.session_file import session_to_dict

HIDDEN = [name for name in ACTIVATIONS if name != "softmax"]


def summary_of(path) -> dict:
    """The JSON line an exported script or notebook prints last."""
    if str(path).endswith(".ipynb"):
        cells = json.loads(path.read_text())["cells"]
        source = "\n".join(
            "".join(c["source"]) for c in cells if c["cell_type"] == "code"
        )
        run = [sys.executable, "-c", source]
    else:
        run = [sys.executable, str(path)]
    done = subprocess.run(run, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_agrees(summary: dict, trainer: Trainer, loss: float) -> None:
    expected = session_to_dict(trainer.session)
    assert summary["step"] == trainer.step
    assert summary["loss"] == pytest.approx(loss, rel=1e-12)
    ours = np.concatenate(
        [np.ravel(w) for w in summary["weights"]]
        + [np.ravel(b) for b in summary["biases"]]
    )
    theirs = np.concatenate(
        [np.ravel(w) for w in expected["weights"]]
        + [np.ravel(b) for b in expected["biases"]]
    )
    scale = max(np.abs(theirs).max(), 1e-300)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12 * scale)


def random_session(data, output, loss) -> Session:
    sizes = data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    outputs = data.draw(st.integers(2 if output == "softmax" else 1, 3))
    hidden = data.draw(st.lists(st.sampled_from(HIDDEN), min_size=len(sizes) - 1,
                                max_size=len(sizes) - 1))  # fmt: skip
    spec = NetworkSpec(
        [*sizes, outputs],
        [*hidden, output],
        loss,
        data.draw(st.sampled_from(BIAS_MODES)),
        data.draw(st.booleans()),
    )
    seed = data.draw(st.integers(0, 1000))
    rng = np.random.default_rng(seed)
    n = data.draw(st.integers(1, 5))
    inputs = rng.normal(size=(n, sizes[0]))
    if loss == "cross_entropy":
        targets = np.eye(outputs)[rng.integers(0, outputs, n)]
    else:
        targets = rng.uniform(size=(n, outputs))
    batch = data.draw(st.sampled_from([None, 1, 2]))
    shuffle = data.draw(st.sampled_from([None, 3]))
    o = OptimizerSpec(
        data.draw(st.sampled_from(OPTIMIZERS)),
        weight_decay=data.draw(st.sampled_from([0.0, 0.01])),
    )
    r = Regularization(*data.draw(st.sampled_from([(0, 0), (0.01, 0), (0.001, 0.1)])))
    return Session(
        spec,
        initialise(spec, InitSpec("normal", seed, std=0.8, bias=0.1)),
        inputs,
        targets,
        learning_rate=0.1,
        batch_size=batch,
        shuffle_seed=shuffle,
        optimizer=o,
        regularization=r,
        name="random",
    )


PAIRS = [
    ("sigmoid", "mse"), ("tanh", "half_sse"), ("linear", "mse"),
    ("relu", "half_sse"), ("leaky_relu", "mse"), ("softmax", "mse"),
    ("sigmoid", "bce"), ("softmax", "cross_entropy"),
]  # fmt: skip


@settings(max_examples=24, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), pair=st.sampled_from(PAIRS), steps=st.integers(1, 4))
def test_a_script_agrees_with_the_engine(tmp_path_factory, data, pair, steps):
    session = random_session(data, *pair)
    path = tmp_path_factory.mktemp("s") / "train.py"
    write_script(session, steps, path, "test")
    trainer = Trainer(session)
    trainer.run(steps - 1)
    trainer.step_update()
    loss = trainer.forward_result.loss
    assert_agrees(summary_of(path), trainer, loss)


@pytest.mark.parametrize("preset", ["mazur", "adam-xor", "blobs", "single-sample"])
def test_presets_as_scripts_and_notebooks(tmp_path, preset):
    trainer = Trainer(load_preset(preset))
    trainer.run(2)
    trainer.step_update()
    loss = trainer.forward_result.loss
    for suffix in (".py", ".ipynb"):
        path = tmp_path / f"{preset}{suffix}"
        write_script(load_preset(preset), 3, path, "test")
        assert_agrees(summary_of(path), trainer, loss)


def test_a_session_in_the_middle_of_training_continues_where_it_stopped(tmp_path):
    trainer = Trainer(load_preset("adam-xor"))
    trainer.run(5)
    path = tmp_path / "later.py"
    write_script(trainer.session.copy(), 2, path, "test")
    trainer.step_update()
    trainer.step_update()
    assert_agrees(summary_of(path), trainer, trainer.forward_result.loss)


def test_mazur_script_prints_the_seed_numbers(tmp_path):
    path = tmp_path / "mazur.py"
    write_script(load_preset("mazur"), 1, path, "test")
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True)
    assert "step 1 loss = 0.2983711087600027" in done.stdout  # seed 004: 0.298371109
    assert "0.358916479718" in done.stdout  # w5 after the update, as seed 004 prints


def test_the_command_line_writes_both_kinds(tmp_path, capsys):
    for suffix in (".py", ".ipynb"):
        out = tmp_path / f"x{suffix}"
        code, text, err = run_cli(
            capsys, "export-script", "--preset", "xor", "--steps", "2", "-o", str(out)
        )
        assert code == 0, err
        assert text.startswith(f"wrote {out}")
        assert summary_of(out)["step"] == 2
    code, text, err = run_cli(
        capsys, "export-script", "--preset", "xor", "-o", str(tmp_path / "x.txt")
    )
    assert code == 2 and "name a .py script or an .ipynb notebook" in err
    code, text, err = run_cli(
        capsys, "export-script", "--preset", "xor", "--steps", "5000", "-o",
        str(tmp_path / "y.py"),
    )  # fmt: skip
    assert code == 2 and "at most 1,000" in err
    assert not (tmp_path / "y.py").exists()


def test_the_notebook_is_valid_nbformat_4_5():
    nbformat = pytest.importorskip("nbformat")
    from backprop_gui.core.io.script_export import notebook

    data = notebook(load_preset("adam-xor"), 2, "test")
    nbformat.validate(nbformat.from_dict(data))
    ids = [cell["id"] for cell in data["cells"]]
    assert len(set(ids)) == len(ids)


def test_a_diverging_script_stops_with_a_message(tmp_path):
    spec = NetworkSpec([1, 1], ["linear"], "mse")
    session = Session(spec, initialise(spec, InitSpec("normal", 0)), [[1e100]], [[0.0]],
                      learning_rate=1.0)  # fmt: skip
    path = tmp_path / "diverge.py"
    write_script(session, 5, path, "test")
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "the loss is not finite" in done.stderr
    assert "NaN" not in done.stdout.splitlines()[-1]
