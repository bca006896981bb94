"""The command line on real data: --label-column, --standardize, --validation,
--refer-to-data, the accuracy line, and the README's Iris example."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_runs import run_cli
from real_data import IRIS

from backprop_gui.core.debugger.debugger import Debugger
from backprop_gui.core.io.presets import load_preset
from backprop_gui.core.io.session_file import (
    load_session,
)


def test_cli_prints_train_and_validation_accuracy(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "run", "--preset", "iris", "--steps", "100")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("accuracy: "))
    debugger = Debugger(load_preset("iris"))
    debugger.run(100)
    scores = debugger.evaluation()
    t, v = scores.training, scores.validation
    assert line == (
        f"accuracy: train {100 * t.accuracy:.2f}% ({t.correct}/120), "
        f"validation {100 * v.accuracy:.2f}% ({v.correct}/30)"
    )


def test_cli_reads_a_label_column_standardizes_splits_and_refers(capsys, tmp_path):
    shutil.copy(IRIS, tmp_path / "iris.csv")
    save = tmp_path / "trained.json"
    code, out, err = run_cli(
        capsys, "run", "--preset", "iris", "--data", str(tmp_path / "iris.csv"),
        "--label-column", "5", "--standardize", "--validation", "0.1",
        "--validation-seed", "4", "--refer-to-data", "--steps", "20",
        "--save", str(save),
    )  # fmt: skip
    assert code == 0, err
    assert "validation loss (15 samples)" in out
    written = json.loads(save.read_text())
    assert written["dataset"]["csv"] == "iris.csv"
    assert written["validation"] == {"fraction": 0.1, "seed": 4}
    saved = load_session(save)
    assert saved.input_scaling == load_preset("iris").input_scaling
    # the preset's description is kept, introduced as describing the data before
    assert saved.description == (
        "Data replaced: iris.csv, 3 classes.\nThe session's"
        " earlier notes were written for the data before.\n\n"
        + load_preset("iris").description
    )


def test_description_after_import_replaces_its_own_first_paragraph():
    from backprop_gui.core.engine.session import description_after_import

    once = description_after_import("XOR.\n\nMore.", "a.csv", None)
    assert once == (
        "Data replaced: a.csv.\nThe session's earlier notes"
        " were written for the data before.\n\nXOR.\n\nMore."
    )
    twice = description_after_import(once, "b.csv", ["x", "y"])
    assert twice == once.replace("a.csv", "b.csv, 2 classes")
    assert description_after_import("", "c.csv", None) == "Data replaced: c.csv."
    # an import into a session without notes, then another: no stale paragraph
    bare = "Data replaced: c.csv."
    assert description_after_import(bare, "d.csv", None) == "Data replaced: d.csv."


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--label-column", "x"], "--label-column applies to a --data file"),
        (["--validation-seed", "3"], "--validation-seed goes with --validation F"),
        (["--validation", "0.999"], "leaves no training samples out of 150"),
    ],
)
def test_cli_refuses_data_options_that_do_not_apply(capsys, argv, message):
    code, _, err = run_cli(capsys, "run", "--preset", "iris", *argv)
    assert code == 2 and message in err


def test_the_readme_iris_example_prints_what_the_readme_shows(capsys, tmp_path):

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    section = readme.split("### A worked example: Iris", 1)[1]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    shutil.copy(IRIS, tmp_path / "iris.csv")
    code, out, _ = run_cli(
        capsys, "run", "--preset", "iris", "--data", str(tmp_path / "iris.csv"),
        "--label-column", "species", "--standardize", "--validation", "0.2",
        "--steps", "200",
    )  # fmt: skip
    assert code == 0 and out == shown
