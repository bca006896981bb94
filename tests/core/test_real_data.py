"""Real data: label columns and classes, input scaling, the validation split,
accuracy, sessions that refer to a CSV, and the Iris and Digits presets."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from cli_runs import run_cli

from backprop_gui.core.debugger.debugger import Debugger
from backprop_gui.core.engine.classes import class_targets, order_classes
from backprop_gui.core.engine.input_scaling import InputScaling
from backprop_gui.core.engine.session import Session
from backprop_gui.core.engine.spec import InitSpec, NetworkSpec
from backprop_gui.core.engine.validation_split import ValidationSplit
from backprop_gui.core.io.dataset_csv import DatasetFileError, load_dataset_for
from backprop_gui.core.io.presets import load_preset
from backprop_gui.core.io.session_file import (
    SessionFileError,
    load_session,
    save_session,
)

#: The repository's copy (the tests may run against an installed package).
RESOURCES = Path(__file__).parents[2] / "resources"
IRIS = RESOURCES / "datasets" / "iris.csv"
SOFTMAX_3 = NetworkSpec([2, 3], ["softmax"], "cross_entropy")


def write(path, text: str):
    path.write_text(text)
    return path


# ------------------------------------------------------------ classes
def test_classes_sort_numerically_when_every_label_is_a_number():
    assert order_classes(["10", "2", "9", "2.0", " 10 "]) == [2, 9, 10]
    assert order_classes(np.array([3.0, 1.5, 3.0])) == [1.5, 3]
    assert order_classes(["10", "2", "b"]) == ["10", "2", "b"]  # as text
    assert order_classes(["b", "a", "B", "a"]) == ["B", "a", "b"]


def test_targets_are_one_hot_or_zero_one_for_a_single_output():
    indices = np.array([2, 0, 1])
    assert class_targets(indices, 3, 3).tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    assert class_targets(np.array([1, 0]), 2, 1).tolist() == [[1.0], [0.0]]
    with pytest.raises(ValueError, match="3 classes; the network has 2 outputs"):
        class_targets(indices, 3, 2)
    with pytest.raises(ValueError, match="only one class"):
        class_targets(np.array([0, 0]), 1, 1)


def test_a_label_column_by_name_or_number_gives_classes_and_targets(tmp_path):
    path = write(tmp_path / "d.csv", "a,kind,b\n1,dog,2\n3,cat,4\n5,emu,6\n7,cat,8\n")
    for label in ("kind", "2", 2):
        data = load_dataset_for(SOFTMAX_3, path, label_column=label)
        assert data.info.classes == ["cat", "dog", "emu"]
        assert data.inputs.tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]
        assert data.targets.argmax(axis=1).tolist() == [1, 0, 2, 0]
    assert data.info.source["sha256"] and data.info.source["label_column"] == 2
    single = NetworkSpec([2, 1], ["sigmoid"], "bce")
    two = write(tmp_path / "two.csv", "x,y,label\n0,0,no\n1,1,yes\n")
    assert load_dataset_for(single, two, label_column="label").targets.tolist() == [
        [0.0],
        [1.0],
    ]


@pytest.mark.parametrize(
    "label, message",
    [
        ("kinds", "has no column named 'kinds' (columns: a, kind, b)"),
        ("7", "label column 7 does not exist (3 columns)"),
    ],
)
def test_a_wrong_label_column_is_named(tmp_path, label, message):
    path = write(tmp_path / "d.csv", "a,kind,b\n1,dog,2\n3,cat,4\n5,emu,6\n")
    with pytest.raises(DatasetFileError, match=re.escape(message)):
        load_dataset_for(SOFTMAX_3, path, label_column=label)


def test_a_label_column_needs_a_header_to_be_named(tmp_path):
    path = write(tmp_path / "d.csv", "1,dog,2\n3,cat,4\n5,emu,6\n")
    with pytest.raises(DatasetFileError, match="no header row"):
        load_dataset_for(SOFTMAX_3, path, label_column="kind")
    assert load_dataset_for(SOFTMAX_3, path, label_column="2").info.classes == [
        "cat",
        "dog",
        "emu",
    ]


# ------------------------------------------------------------ scaling
def test_standardizing_fits_mean_and_std_and_reports_constant_columns(tmp_path):
    path = write(tmp_path / "d.csv", "a,b,kind\n1,5,x\n3,5,y\n5,5,z\n")
    data = load_dataset_for(SOFTMAX_3, path, label_column="kind", standardize=True)
    scaling = data.info.input_scaling
    assert scaling.mean.tolist() == [3.0, 5.0]
    assert scaling.std.tolist() == [np.std([1.0, 3.0, 5.0]), 1.0]
    assert data.inputs[:, 1].tolist() == [0.0, 0.0, 0.0]
    assert data.notes == ["1 constant input column (b) centred but not scaled (std 0)"]
    np.testing.assert_allclose(data.inputs[:, 0], [-1.2247448714, 0, 1.2247448714])


def test_split_is_deterministic_and_training_uses_only_training_rows():
    split = ValidationSplit(0.25, seed=3)
    train, held = split.rows(40)
    again = ValidationSplit(0.25, seed=3).rows(40)
    assert train.tolist() == again[0].tolist() and held.tolist() == again[1].tolist()
    assert len(held) == 10 and sorted([*train, *held]) == list(range(40))
    assert held.tolist() != ValidationSplit(0.25, seed=4).rows(40)[1].tolist()
    with pytest.raises(ValueError, match="leaves no validation samples out of 3"):
        ValidationSplit(0.1).rows(3)
    spec = NetworkSpec([1, 1], ["sigmoid"], "bce")
    x = np.arange(40.0).reshape(-1, 1) / 40
    session = Session.create(
        spec, InitSpec(), x, (x > 0.5) * 1.0, batch_size=7, shuffle_seed=1,
        validation=split,
    )  # fmt: skip
    debugger = Debugger(session)
    seen = []
    debugger.events.subscribe(
        lambda e: seen.extend(e.trainer.forward_result.samples.tolist()),
        phases=("forward",),
    )
    debugger.run(10)  # two epochs of 30 training rows in 5 batches (7 or 2)
    assert sorted(set(seen)) == train.tolist()
    assert len(seen) == 2 * 30


def test_accuracy_and_confusion_match_a_count_by_hand():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 2))
    classes = rng.integers(0, 3, 30)
    session = Session.create(
        SOFTMAX_3, InitSpec(seed=1), x, np.eye(3)[classes],
        classes=["a", "b", "c"], validation=ValidationSplit(0.3, 2),
    )  # fmt: skip
    debugger = Debugger(session)
    debugger.run(5)
    scores = debugger.evaluation()
    w, b = session.params.weights[0], session.params.biases[0]
    predicted = np.argmax(x @ w + b, axis=1)  # softmax keeps the order
    train, held = ValidationSplit(0.3, 2).rows(30)
    for rows, part in ((train, scores.training), (held, scores.validation)):
        assert part.correct == sum(predicted[r] == classes[r] for r in rows)
        assert part.samples == len(rows)
        for actual in range(3):
            for guess in range(3):
                assert part.confusion[actual, guess] == sum(
                    classes[r] == actual and predicted[r] == guess for r in rows
                )
    assert debugger.evaluation() is scores  # the same state: computed once
    debugger.step_update()
    assert debugger.evaluation() is not scores


# ------------------------------------------------------------ files
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


# ------------------------------------------------------------ presets
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


# ------------------------------------------------------------ command line
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
    assert load_session(save).input_scaling == load_preset("iris").input_scaling


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


def test_a_large_csv_is_read_in_bulk_with_progress_and_can_be_cancelled(tmp_path):
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (3000, 784)) * (rng.random((3000, 784)) < 0.2)
    labels = rng.integers(0, 10, 3000)
    table = np.column_stack([labels, pixels])
    path = tmp_path / "mnist.csv"
    header = "label," + ",".join(f"pixel{k}" for k in range(784))
    np.savetxt(path, table, fmt="%d", delimiter=",", header=header, comments="")
    spec = NetworkSpec([784, 16, 10], ["relu", "softmax"], "cross_entropy")
    seen = []
    data = load_dataset_for(
        spec, path, label_column="label", progress=lambda d, t: seen.append((d, t))
    )
    assert data.inputs.tobytes() == pixels.astype(float).tobytes()
    assert (data.targets.argmax(axis=1) == labels).all()
    assert len(seen) > 5 and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    from backprop_gui.core.io.dataset_csv import DatasetLoadCancelled

    with pytest.raises(DatasetLoadCancelled):
        load_dataset_for(spec, path, label_column="label", progress=lambda d, t: False)


def test_the_readme_iris_example_prints_what_the_readme_shows(capsys, tmp_path):
    from pathlib import Path

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


# ------------------------------------------------------------ hostile inputs
def test_labels_that_are_one_float_but_different_numbers_are_refused(tmp_path):
    path = write(tmp_path / "d.csv", "a,b,label\n0,0,9007199254740992\n1,1,"
                 "9007199254740993\n2,2,5\n")  # fmt: skip
    with pytest.raises(DatasetFileError, match="cannot tell apart"):
        load_dataset_for(SOFTMAX_3, path, label_column="label")
    with pytest.raises(ValueError, match="same name"):
        Session.create(
            SOFTMAX_3, InitSpec(), [[0, 0]] * 3, np.eye(3), classes=[1, 1.0, 2]
        )


def test_a_near_constant_column_is_centred_not_divided_by_rounding_noise():
    x = np.column_stack([np.full(30, 0.1), np.arange(30.0)])
    scaling, constant = InputScaling.fit(x)
    assert constant == [0] and scaling.std[0] == 1.0
    assert np.abs(scaling.apply(x)[:, 0]).max() < 1e-15


def test_label_errors_name_the_row_and_duplicate_names_are_refused(tmp_path):
    path = write(tmp_path / "d.csv", "a,b,label\n0,0,x\n1,1,\n2,2,y\n")
    with pytest.raises(DatasetFileError, match="row 3, label column 3: a class"):
        load_dataset_for(SOFTMAX_3, path, label_column="label")
    dup = write(tmp_path / "dup.csv", "a,a,label\n0,0,x\n1,1,y\n2,2,z\n")
    with pytest.raises(DatasetFileError, match="columns 1 and 2 are both named"):
        load_dataset_for(SOFTMAX_3, dup, label_column="a")
    with pytest.raises(DatasetFileError, match="input column 1 is chosen twice"):
        load_dataset_for(SOFTMAX_3, dup, [0, 0], label_column="label")


def test_the_bulk_reader_leaves_a_cr_in_the_header_to_the_careful_one(tmp_path):
    path = tmp_path / "cr.csv"
    path.write_bytes(b"a,b\r,c\n1,2,3\n")
    spec = NetworkSpec([2, 1], ["linear"], "mse")
    with pytest.raises(DatasetFileError, match="carriage return"):
        load_dataset_for(spec, path)


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


def test_the_exported_script_trains_on_the_training_rows_only(tmp_path, capsys):
    from backprop_gui.core.io.script_export import script_code

    text = script_code(load_preset("iris"), 1, "test").setup
    assert "120 samples" in text and "30 validation samples left out" in text


def test_rewind_and_replay_across_split_and_data_changes_are_bitwise():
    from backprop_gui.core.engine.session import DatasetInfo

    debugger = Debugger(load_preset("iris"))
    debugger.run(10)
    debugger.set_validation(ValidationSplit(0.3, 1))
    debugger.run(10)
    session = debugger.session
    info = DatasetInfo(session.classes, session.input_scaling, None)
    debugger.set_data(session.inputs[:140], session.targets[:140], info)
    debugger.run(10)
    at_30 = debugger.session.params.copy()
    debugger.rewind_to_step(15)
    assert debugger.session.validation == ValidationSplit(0.3, 1)
    assert debugger.session.n_samples == 150
    debugger.rewind_to_step(5)
    assert debugger.session.validation == ValidationSplit(0.2, 0)
    replayed = debugger.journal.replay()
    assert replayed.session.params.identical(debugger.session.params)
    again = Debugger(load_preset("iris"))
    again.run(10)
    again.set_validation(ValidationSplit(0.3, 1))
    again.run(10)
    again.set_data(session.inputs[:140], session.targets[:140], info)
    again.run(10)
    assert again.session.params.identical(at_30)


def test_validation_points_survive_the_thinning_of_long_histories():
    from backprop_gui.core.debugger.metrics import MetricsHistory

    debugger = Debugger(load_preset("digits"))
    debugger.metrics.__init__(debugger.session.spec.depth, capacity=16)
    debugger.run(45 * 40)  # 40 epochs of 45 batches, in 16 points
    held = debugger.metrics.validation_loss
    assert np.isfinite(held).sum() >= 12
    assert isinstance(debugger.metrics, MetricsHistory)


def test_data_that_break_the_split_are_refused_before_anything_changes():
    debugger = Debugger(load_preset("iris"))
    session = debugger.session
    with pytest.raises(ValueError, match="leaves no validation samples out of 2"):
        debugger.check_data(session.inputs[:2], session.targets[:2])
    assert debugger.session.n_samples == 150
