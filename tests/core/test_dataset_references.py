"""Sessions and their data on disk: classes, scaling and split through save and
load, sessions that refer to a CSV, what saving refuses, and the Iris and Digits
presets."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from cli_runs import run_cli
from real_data import IRIS

from backprop_gui.core.debugger.debugger import Debugger
from backprop_gui.core.engine.session import Session
from backprop_gui.core.engine.spec import InitSpec, NetworkSpec
from backprop_gui.core.engine.validation_split import ValidationSplit
from backprop_gui.core.io.dataset_csv import load_dataset_for
from backprop_gui.core.io.presets import load_preset
from backprop_gui.core.io.session_file import (
    SessionFileError,
    load_session,
    save_session,
)


def test_scaling_classes_and_split_survive_save_and_load_bitwise(tmp_path):
    session = load_preset("iris")
    session.dataset = None  # embed the numbers
    save_session(session, tmp_path / "embedded.json")
    again = load_session(tmp_path / "embedded.json")
    assert again.inputs.tobytes() == session.inputs.tobytes()
    assert again.input_scaling == session.input_scaling
    assert again.classes == session.classes == ["setosa", "versicolor", "virginica"]
    assert again.validation == ValidationSplit(0.2, 0)


def test_a_session_refers_to_its_csv_by_relative_path_and_sha256(tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(IRIS, folder / "iris.csv")
    spec = NetworkSpec([4, 8, 3], ["tanh", "softmax"], "cross_entropy")
    data = load_dataset_for(spec, folder / "iris.csv", label_column="species",
                            standardize=True)  # fmt: skip
    session = Session.create(
        spec, InitSpec(), data.inputs, data.targets, classes=data.info.classes,
        input_scaling=data.info.input_scaling, dataset=data.info.source,
    )  # fmt: skip
    save_session(session, folder / "s.json")
    written = json.loads((folder / "s.json").read_text())
    assert "inputs" not in written and "targets" not in written
    assert written["dataset"]["csv"] == "iris.csv"
    again = load_session(folder / "s.json")
    assert again.inputs.tobytes() == session.inputs.tobytes()
    assert again.targets.tobytes() == session.targets.tobytes()
    moved = tmp_path / "elsewhere"
    shutil.copytree(folder, moved)
    assert load_session(moved / "s.json").inputs.tobytes() == session.inputs.tobytes()
    (moved / "iris.csv").write_text(IRIS.read_text().replace("5.1", "5.2", 1))
    with pytest.raises(SessionFileError, match="has changed since the session was"):
        load_session(moved / "s.json")
    (moved / "iris.csv").unlink()
    with pytest.raises(SessionFileError, match="iris.csv is missing"):
        load_session(moved / "s.json")


def test_a_session_with_inputs_and_a_csv_reference_is_refused(tmp_path):
    session = load_preset("iris")
    session.dataset = None
    save_session(session, tmp_path / "s.json")
    data = json.loads((tmp_path / "s.json").read_text())
    data["dataset"] = {"csv": "iris.csv", "sha256": "0" * 64}
    (tmp_path / "s.json").write_text(json.dumps(data))
    with pytest.raises(SessionFileError, match="not both"):
        load_session(tmp_path / "s.json")


def test_saving_never_replaces_the_csv_and_embeds_bundled_data(tmp_path, capsys):
    shutil.copy(IRIS, tmp_path / "iris.csv")
    code, _, err = run_cli(
        capsys, "run", "--preset", "iris", "--data", str(tmp_path / "iris.csv"),
        "--label-column", "species", "--refer-to-data", "--steps", "1",
        "--save", str(tmp_path / "s.json"),
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run_cli(
        capsys, "run", "--session", str(tmp_path / "s.json"), "--steps", "1",
        "--save", str(tmp_path / "iris.csv"),
    )  # fmt: skip
    assert code == 2 and "--save would replace the dataset file it trains on" in err
    assert (tmp_path / "iris.csv").read_text() == IRIS.read_text()
    save_session(load_preset("iris"), tmp_path / "p.json")
    written = json.loads((tmp_path / "p.json").read_text())
    assert "inputs" in written and "dataset" not in written


def test_a_session_too_large_to_reload_is_not_written(tmp_path, monkeypatch):
    from backprop_gui.core.io import session_writer

    monkeypatch.setattr(session_writer, "SESSION_FILE_LIMIT", 10_000)
    session = load_preset("iris")
    with pytest.raises(ValueError, match="refer to the dataset file"):
        save_session(session, tmp_path / "big.json")
    assert not (tmp_path / "big.json").exists()


@pytest.mark.parametrize("name, updates", [("iris", 2000), ("digits", 2000)])
def test_presets_reach_90_percent_training_accuracy_within_2000_updates(name, updates):
    debugger = Debugger(load_preset(name))
    best = 0.0
    while debugger.step < updates and best < 0.9:
        debugger.run(50)
        best = max(best, debugger.evaluation().training.accuracy)
    assert best >= 0.9


def test_the_presets_data_are_the_shipped_files():
    iris, digits = load_preset("iris"), load_preset("digits")
    assert (iris.n_samples, iris.spec.layers) == (150, [4, 8, 3])
    assert (digits.n_samples, digits.spec.layers) == (1797, [64, 32, 10])
    assert digits.classes == list(range(10)) and digits.batch_size == 32
    counts = digits.targets.sum(axis=0).tolist()
    assert counts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    raw = np.loadtxt(IRIS, delimiter=",", skiprows=1, usecols=range(4))
    np.testing.assert_allclose(
        iris.inputs, (raw - raw.mean(0)) / raw.std(0), atol=1e-14
    )
