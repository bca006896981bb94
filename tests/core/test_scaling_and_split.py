"""Input standardizing, the validation split, and the accuracy and validation
scores of a session: numbers against hand counts, replays bitwise."""

from __future__ import annotations

import numpy as np
import pytest
from real_data import SOFTMAX_3, write

from backprop_gui.core.debugger.debugger import Debugger
from backprop_gui.core.engine.input_scaling import InputScaling
from backprop_gui.core.engine.session import Session
from backprop_gui.core.engine.spec import InitSpec, NetworkSpec
from backprop_gui.core.engine.validation_split import ValidationSplit
from backprop_gui.core.io.dataset_csv import load_dataset_for
from backprop_gui.core.io.presets import load_preset


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


def test_a_near_constant_column_is_centred_not_divided_by_rounding_noise():
    x = np.column_stack([np.full(30, 0.1), np.arange(30.0)])
    scaling, constant = InputScaling.fit(x)
    assert constant == [0] and scaling.std[0] == 1.0
    assert np.abs(scaling.apply(x)[:, 0]).max() < 1e-15


def test_unapply_gives_the_raw_inputs_back():
    """The digits' stored (standardized) pixels back in their units, 0 to 16,
    as the picture of a sample shows them; to rounding (x·std + mean after
    (x - mean)/std)."""
    session = load_preset("digits")
    scaling = session.input_scaling
    raw = scaling.unapply(session.inputs)
    np.testing.assert_allclose(raw, np.round(raw), rtol=0, atol=1e-12)
    assert raw.min() > -1e-12 and raw.max() < 16 + 1e-12
    np.testing.assert_allclose(scaling.apply(raw), session.inputs, atol=1e-12)
    with pytest.raises(ValueError, match="for 64 inputs, not 3"):
        scaling.unapply(np.zeros((1, 3)))


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
