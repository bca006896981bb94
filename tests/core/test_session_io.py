"""Session files and weight files: round trips and rejected files."""

import json

import numpy as np
import pytest

from backprop_gui.core import (
    SessionFileError,
    Trainer,
    load_preset,
    load_session,
    load_weights,
    preset_names,
    save_session,
    save_weights,
)
from backprop_gui.core.io.session_file import session_to_dict


def same_session(a, b):
    assert a.params.identical(b.params)
    assert a.inputs.tobytes() == b.inputs.tobytes()
    assert a.targets.tobytes() == b.targets.tobytes()
    assert a.spec == b.spec
    assert (a.learning_rate, a.batch_size, a.shuffle_seed, a.step) == (
        b.learning_rate,
        b.batch_size,
        b.shuffle_seed,
        b.step,
    )
    assert a.description == b.description


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_round_trips_bitwise(tmp_path, name):
    trainer = Trainer(load_preset(name))
    trainer.run(3)  # awkward float values, not the tidy initial ones
    trainer.params.weights[0][0, 0] = -0.0
    path = tmp_path / "s.json"
    save_session(trainer.session, path)
    loaded = load_session(path)
    same_session(trainer.session, loaded)
    assert np.signbit(loaded.params.weights[0][0, 0])
    # and continuing from the file gives the same numbers as continuing in memory
    again = Trainer(loaded)
    again.run(2)
    trainer.run(2)
    assert again.params.identical(trainer.params)


def test_presets_are_all_listed_and_seed_presets_first():
    names = preset_names()
    assert names[:3] == ["mazur", "single-sample", "batch-231"]
    assert {"xor", "and", "or", "circles", "spirals", "blobs"} <= set(names)


def test_file_without_weights_is_initialised_from_init(tmp_path):
    data = session_to_dict(load_preset("xor"))
    del data["weights"], data["biases"]
    data["init"] = {"scheme": "he", "seed": 11}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    first, second = load_session(path), load_session(path)
    assert first.params.identical(second.params)
    rng = np.random.default_rng(11)
    np.testing.assert_array_equal(
        first.params.weights[0], rng.normal(0, np.sqrt(2 / 2), (2, 4))
    )


def test_unknown_keys_are_kept(tmp_path):
    data = session_to_dict(load_preset("mazur"))
    data["my_notes"] = {"lecture": 3}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    save_session(load_session(path), tmp_path / "again.json")
    assert json.loads((tmp_path / "again.json").read_text())["my_notes"] == {
        "lecture": 3
    }


def mutate(**changes):
    data = session_to_dict(load_preset("mazur"))
    for key, v in changes.items():
        if v is KeyError:
            del data[key]
        else:
            data[key] = v
    return json.dumps(data)


BAD_FILES = {
    "not json": ("{not json", "not valid JSON"),
    "truncated": (mutate()[:200], "not valid JSON"),
    "array": ("[1, 2]", "JSON object"),
    "wrong format": (mutate(format="other"), '"format"'),
    "wrong version": (mutate(version=2), "version 2 is not supported"),
    "missing layers": (mutate(layers=KeyError), 'missing key "layers"'),
    "missing weights": (mutate(weights=KeyError), 'missing key "weights"'),
    "bad activation": (mutate(activations=["sigmoid", "swish"]), "unknown activation"),
    "bad loss": (mutate(loss="hinge"), "unknown loss"),
    "wrong shape": (mutate(weights=[[[0.1, 0.2]], [[1, 2], [3, 4]]]), "weights[0]"),
    "ragged": (mutate(inputs=[[0.1, 0.2], [0.3]]), "row 1 has 1 values"),
    "string number": (mutate(inputs=[["0.1", 0.2]]), "not a number"),
    "nan": (mutate().replace("0.35", "NaN"), "NaN is not allowed"),
    "infinity": (mutate().replace("0.35", "-Infinity"), "-Infinity is not allowed"),
    "huge": (mutate().replace("0.35", "1e400"), "too large"),
    "huge int": (mutate().replace("0.35", "1" + "0" * 400), "too large"),
    "target count": (mutate(targets=[[0.1]]), "targets"),
    "lr": (mutate(learning_rate="fast"), "learning_rate"),
    "softmax hidden": (
        mutate(activations=["softmax", "sigmoid"]),
        "only allowed on the output",
    ),
    # found by a hostile probe: beside embedded numbers, "dataset" went
    # unchecked (kept and written back, or dropped without a word)
    "dataset key beside inputs": (
        mutate(dataset={"name": "circles", "foo": 1}),
        '"dataset": unknown key "foo"',
    ),
    "dataset text beside inputs": (
        mutate(dataset="hello"),
        '"dataset" must be an object with a "name"',
    ),
    "dataset seed beside inputs": (
        mutate(dataset={"name": "circles", "seed": 0.5}),
        "samples and seed must be whole numbers",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_session_files_are_rejected_with_a_reason(tmp_path, case):
    text, message = BAD_FILES[case]
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(SessionFileError) as info:
        load_session(path)
    assert str(info.value).startswith(str(path) + ": ")
    assert message in str(info.value)


def test_binary_and_oversized_files(tmp_path, monkeypatch):
    binary = tmp_path / "b.json"
    binary.write_bytes(bytes(range(256)))
    with pytest.raises(SessionFileError, match="not a text file"):
        load_session(binary)
    from backprop_gui.core.io import session_file as session_io

    monkeypatch.setattr(session_io, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.json"
    big.write_text(mutate())
    with pytest.raises(SessionFileError, match="limited to"):
        load_session(big)
    with pytest.raises(SessionFileError, match="cannot read"):
        load_session(tmp_path / "missing.json")


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch, failing):
    from backprop_gui.core.io import atomic_write as atomic

    path = tmp_path / "s.json"
    save_session(load_preset("mazur"), path)
    old = path.read_bytes()

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, failing, fail)
    with pytest.raises(OSError, match="No space"):
        save_session(load_preset("xor"), path)
    assert path.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


def test_save_to_a_missing_folder_fails_cleanly(tmp_path):
    with pytest.raises(OSError):
        save_session(load_preset("xor"), tmp_path / "no" / "such" / "dir.json")
    assert list(tmp_path.iterdir()) == []


def test_weights_npz_round_trip_and_checks(tmp_path):
    trainer = Trainer(load_preset("blobs"))
    trainer.run(2)
    path = tmp_path / "w.npz"
    save_weights(trainer.params, path)
    loaded = load_weights(path, trainer.session.spec)
    assert loaded.identical(trainer.params)
    with pytest.raises(SessionFileError, match=r"array W0 has shape \(2, 8\)"):
        load_weights(path, load_preset("mazur").spec)
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(SessionFileError, match="not a zip archive"):
        load_weights(tmp_path / "junk.npz", trainer.session.spec)
    np.savez(tmp_path / "obj.npz", W0=np.array([{"a": 1}], dtype=object))
    with pytest.raises(SessionFileError):
        load_weights(tmp_path / "obj.npz", trainer.session.spec)


def test_saved_files_get_normal_permissions_not_private_ones(tmp_path):
    import os
    import stat

    new = tmp_path / "new.json"
    save_session(load_preset("mazur"), new)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
    shared = tmp_path / "shared.json"
    shared.write_text("{}")
    shared.chmod(0o664)
    save_session(load_preset("mazur"), shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664  # kept from the old file


def test_save_into_something_that_is_not_a_folder_keeps_the_old_file(tmp_path):
    """(As root, permission bits do not stop a write, so a path through a regular
    file stands in for an unwritable folder.)"""
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine")
    with pytest.raises(OSError):
        save_session(load_preset("mazur"), blocker / "s.json")
    assert blocker.read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_data_past_the_csv_range_is_refused_so_an_export_imports_again(tmp_path):
    """Found by a hostile probe: a session file took an input of 1e200, and
    Export dataset CSV then wrote a file the importer refuses."""
    from backprop_gui.core.io.dataset_csv import load_dataset_for, save_dataset_csv

    data = session_to_dict(load_preset("mazur"))
    data["inputs"] = [[1e200, 0.1]]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SessionFileError, match="inputs must lie between -1e"):
        load_session(path)
    data["inputs"] = [[-1e100, 1e100]]  # the edge of the range: both ways
    path.write_text(json.dumps(data))
    session = load_session(path)
    csv = tmp_path / "data.csv"
    save_dataset_csv(session.inputs, session.targets, csv)
    again = load_dataset_for(session.spec, csv)
    assert again.inputs.tobytes() == session.inputs.tobytes()
