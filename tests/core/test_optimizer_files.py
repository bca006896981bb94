"""The optimizer, penalty and optimizer state in session files: old files train as
before, save-then-load continues bitwise, and bad entries get one message."""

from __future__ import annotations

import json

import numpy as np
import pytest

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.engine.optimizer_spec import (
    OPTIMIZERS,
    OptimizerSpec,
    Regularization,
)
from backprop_gui.core.io.session_file import (
    SessionFileError,
    load_session,
    parse_session,
    save_session,
    session_to_dict,
)


@pytest.mark.parametrize("name", OPTIMIZERS)
@pytest.mark.parametrize("bias_mode, train", [("per_neuron", True),
                                              ("shared", True),
                                              ("per_neuron", False),
                                              ("none", True)])  # fmt: skip
def test_save_then_load_continues_bitwise(tmp_path, name, bias_mode, train):
    session = load_preset("xor")
    data = session_to_dict(session)
    data.update(bias_mode=bias_mode, train_biases=train)
    del data["weights"], data["biases"]
    data["init"] = {"scheme": "normal", "seed": 3, "std": 0.5}
    data["optimizer"] = OptimizerSpec(name, weight_decay=0.01).to_dict()
    data["regularization"] = {"l1": 0.001, "l2": 0.01}
    trainer = Trainer(parse_session(json.dumps(data), "test"))
    trainer.run(7)
    path = tmp_path / "s.json"
    save_session(trainer.session, path)
    loaded = Trainer(load_session(path))
    assert loaded.session.optimizer_state.identical(trainer.session.optimizer_state)
    assert loaded.session.optimizer == trainer.session.optimizer
    assert loaded.session.regularization == trainer.session.regularization
    trainer.run(5)
    loaded.run(5)
    assert loaded.params.identical(trainer.params)
    assert loaded.session.optimizer_state.identical(trainer.session.optimizer_state)


def test_old_files_train_with_plain_gradient_descent_and_are_written_as_before():
    session = load_preset("mazur")
    assert session.optimizer == OptimizerSpec()
    assert session.regularization == Regularization()
    data = session_to_dict(session)
    assert not {"optimizer", "regularization", "optimizer_state"} & set(data)


def _trained_file(preset: str, optimizer: str) -> dict:
    """The file of ``preset`` after 2 updates with ``optimizer``."""
    data = session_to_dict(load_preset(preset))
    data["optimizer"] = {"name": optimizer}
    trainer = Trainer(parse_session(json.dumps(data), "t"))
    trainer.run(2)
    return session_to_dict(trainer.session)


def _adam_file(**changes):
    data = _trained_file("and", "adam")
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return data


def test_missing_options_take_the_defaults_and_a_missing_state_is_fresh():
    data = _adam_file(optimizer={"name": "adam"}, optimizer_state=None)
    session = parse_session(json.dumps(data), "t")
    assert session.optimizer == OptimizerSpec("adam")
    assert session.optimizer_state.count == 0
    assert not session.optimizer_state.buffers["m"].any()


def _with_state(mutate):
    data = _adam_file()
    mutate(data["optimizer_state"])
    return data


@pytest.mark.parametrize(
    "data, message",
    [
        (_adam_file(optimizer={"name": "adagrad"}), "unknown optimizer"),
        (_adam_file(optimizer={"name": "adam", "momentum": 0.9}), "does not apply"),
        (_adam_file(optimizer={"name": "adam", "Betas": [0.9, 0.9]}), "did you mean"),
        (_adam_file(optimizer={"name": "adam", "eps": -1}), "eps"),
        (_adam_file(optimizer="adam"), "must be an object"),
        (_adam_file(regularization={"l2": -1}), "l2"),
        (_adam_file(regularization={"L2": 0.1}), "did you mean"),
        (_with_state(lambda s: s.pop("m")), 'missing buffer "m"'),
        (_with_state(lambda s: s.update(velocity=s["m"])), "unknown key"),
        (_with_state(lambda s: s.update(step=-1)), "update count"),
        (_with_state(lambda s: s.update(step=1.5)), "whole number"),
        (
            _with_state(lambda s: s["v"]["weights"][0][0].__setitem__(0, -1.0)),
            "must be >= 0",
        ),  # fmt: skip
        (_with_state(lambda s: s["m"]["weights"].pop()), "must hold 1 matrix"),
        (_with_state(lambda s: s["m"]["biases"][0].append(1.0)), "expected 1"),
        (_with_state(lambda s: s["m"].pop("biases")), 'missing "biases"'),
    ],
)
def test_bad_optimizer_entries_get_one_message(data, message):
    with pytest.raises(SessionFileError, match=message):
        parse_session(json.dumps(data), "f.json")


def test_an_overflowing_buffer_value_is_refused():
    data = _adam_file()
    text = json.dumps(data).replace(
        '"m": {"weights": [[[', '"m": {"weights": [[[1e999, ', 1
    )
    with pytest.raises(SessionFileError, match="m"):
        parse_session(text, "f.json")


def test_buffers_are_laid_out_like_the_weights():
    data = _adam_file()
    session = parse_session(json.dumps(data), "t")
    m = data["optimizer_state"]["m"]
    flat = np.concatenate(
        [np.ravel(w) for w in m["weights"]] + [np.ravel(b) for b in m["biases"]]
    )
    assert flat.tolist() == session.optimizer_state.buffers["m"].tolist()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"optimizer": {"name": "sgd"}, "optimizer_state": {"step": 0}},
         "the sgd optimizer keeps no state"),
        ({"optimizer_state": {"m": None}}, 'missing "step"'),
    ],
)  # fmt: skip
def test_state_without_buffers_or_without_its_count_is_refused(change, message):
    data = _adam_file()
    if "m" in change.get("optimizer_state", {}):
        state = data["optimizer_state"]
        del state["step"]
        change = {"optimizer_state": state}
    data.update(change)
    with pytest.raises(SessionFileError, match=message):
        parse_session(json.dumps(data), "f.json")


def test_a_velocity_before_the_first_update_is_refused():
    data = _trained_file("xor", "momentum")
    data["optimizer_state"]["step"] = 0
    with pytest.raises(SessionFileError, match="velocity before the first update"):
        parse_session(json.dumps(data), "f.json")


def test_descriptions_never_round_a_refused_value():
    spec = OptimizerSpec("momentum", momentum=0.9999999999999999)
    assert "μ = 0.9999999999999999" in spec.describe()
    assert OptimizerSpec("momentum", momentum=-0.0).momentum.hex() == "0x0.0p+0"
    with pytest.raises(ValueError, match="too small"):
        OptimizerSpec("adam", eps=1e-320)
