"""Reads are bounded by what they read, not by what a file declares.

Devices and FIFOs are refused without reading or waiting; declared sizes
(samples, layers, neurons) are checked before anything of that size is
allocated; deeply nested JSON is one clear message. Weights archives:
test_hostile_weight_archives.py.
"""

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest
from processes import refusal_under_limit
from session_data import session_json

from backprop_gui.core import (
    SessionFileError,
    load_preset,
    load_session,
)
from backprop_gui.core.io.dataset_csv import DatasetFileError, load_dataset_csv
from backprop_gui.core.io.strict_json import MAX_DEPTH


def refused(tmp_path, text: str) -> str:
    path = tmp_path / "s.json"
    path.write_text(text)
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


# ---------------------------------------------------------------- devices, FIFOs
@pytest.mark.parametrize("loader", ["session", "dataset", "weights"])
def test_devices_and_fifos_are_refused_at_once(tmp_path, loader):
    """Run in a subprocess with a timeout: before the fix /dev/zero read until
    memory ran out and a FIFO with no writer blocked for ever."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    code = f"""
import sys
from backprop_gui.core import load_preset, load_session, load_weights
from backprop_gui.core.io.dataset_csv import load_dataset_csv
for path in ("/dev/zero", {str(fifo)!r}):
    try:
        if {loader!r} == "session":
            load_session(path)
        elif {loader!r} == "dataset":
            load_dataset_csv(path, 2, 1)
        else:
            load_weights(path, load_preset("xor").spec)
    except ValueError as exc:
        print(exc)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30
    )
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stderr
    assert all("not a regular file" in line for line in lines), lines


# ---------------------------------------------------------------- declared sizes
@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"dataset": {"name": "circles", "samples": 50_000_000}},
            "50,000,000 samples; the limit is 1,000,000",
        ),
        ({"dataset": {"name": "circles", "samples": 10**12}}, "the limit is"),
        ({"dataset": {"name": "circles", "noise": -1}}, "noise must be from 0"),
        ({"dataset": {"name": "circles", "seed": -1}}, "seed must be a whole"),
        ({"layers": [1] * 3000, "activations": ["tanh"] * 2999}, "3,000 layers"),
        ({"layers": [2, 10**6, 1]}, "layer 1 has 1,000,000 neurons"),
        (
            {"layers": [2, 5000, 5000, 1], "activations": ["tanh", "tanh", "sigmoid"]},
            "25,025,001 parameters; the limit is 20,000,000",
        ),
        (
            {"init": {"scheme": "uniform", "low": -1e300, "high": 1e300}},
            "init low must be a number from -1e+100",
        ),
    ],
)
def test_declared_sizes_are_refused_before_allocation(tmp_path, changes, message):
    """A memory limit in a subprocess proves nothing of the declared size is
    allocated: 50 million samples would need gigabytes."""
    path = tmp_path / "s.json"
    data = session_json(**changes)
    if "dataset" in changes:
        del data["inputs"], data["targets"]
        data.update(layers=[2, 3, 1], activations=["tanh", "sigmoid"])
    path.write_text(json.dumps(data))
    output, errors = refusal_under_limit(
        f"load_session({str(path)!r})", "RLIMIT_AS", 1_500_000_000
    )
    assert message in output, output + errors


def test_a_batch_too_large_for_memory_is_refused_with_the_batch_size_to_use():
    from backprop_gui.core.debugger.debugger import Debugger
    from backprop_gui.core.engine.limits import MAX_BATCH_ACTIVATIONS

    session = load_preset("xor")
    wide = session_json(layers=[2, 9_999, 1], activations=["tanh", "sigmoid"])
    debugger = Debugger(load_session_text(wide))
    rows = MAX_BATCH_ACTIVATIONS // 10_000 + 1  # 10,000 neurons after the input
    inputs, targets = np.zeros((rows, 2)), np.zeros((rows, 1))
    with pytest.raises(ValueError, match="use a batch size of at most 1,000"):
        debugger.set_data(inputs, targets)
    assert debugger.session.n_samples == 2  # nothing changed
    debugger.set_batching(1000, None)
    debugger.set_data(inputs, targets)
    with pytest.raises(ValueError, match="use a batch size of at most 1,000"):
        debugger.set_batching(None, None)
    assert debugger.session.batch_size == 1000
    assert session.spec.layers == [2, 4, 1]


def load_session_text(data: dict):
    from backprop_gui.core.io.session_file import parse_session

    return parse_session(json.dumps(data), "test")


# ---------------------------------------------------------------- nested JSON
@pytest.mark.parametrize("where", ["top", "unknown key", "inputs"])
def test_deeply_nested_json_is_one_message(tmp_path, where):
    deep = "[" * 5000 + "]" * 5000
    if where == "top":
        text = deep
    elif where == "unknown key":
        text = json.dumps(session_json(note=0)).replace("0}", deep + "}")
    else:
        text = json.dumps(session_json()).replace(
            '"inputs": ', '"inputs": ' + deep[:-1] + ","
        )
    assert f"nested more than {MAX_DEPTH} deep" in refused(tmp_path, text)


def test_nesting_inside_strings_does_not_count(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(session_json(description="[" * 5000)))
    assert load_session(path).description == "[" * 5000


# ---------------------------------------------------------------- dataset CSV
def test_a_file_of_separators_only_is_empty(tmp_path):
    """Found by the bulk-reader property test: a traceback before."""
    path = tmp_path / "d.csv"
    path.write_text(",\n , ,\n")
    with pytest.raises(DatasetFileError, match="file is empty"):
        load_dataset_csv(path, 2, 1)


def test_cr_only_line_endings_are_read(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x,y,t\r0,0,0\r1,1,1\r", newline="")
    assert load_dataset_csv(path, 2, 1).targets.tolist() == [[0], [1]]


@pytest.mark.parametrize(
    "text, message",
    [
        ("0,0,0\n1,1\r,1\n", "line 2 holds a carriage return"),
        ("0,0,0\r\n0,0\r0\r\n", "line 2 holds a carriage return"),
        ("0,0," + "1" * 200_000 + "\n", "line 1: a cell is longer than 131,072"),
    ],
)
def test_csv_structure_problems_are_one_message(tmp_path, text, message):
    path = tmp_path / "d.csv"
    path.write_text(text, newline="")
    with pytest.raises(DatasetFileError, match=message) as caught:
        load_dataset_csv(path, 2, 1)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("bad", ["nan", "1_000", "", "0x1", "1e400"])
def test_a_bad_number_in_the_first_row_is_not_taken_for_a_header(tmp_path, bad):
    path = tmp_path / "d.csv"
    path.write_text(f"0,{bad},1\n1,1,0\n")
    with pytest.raises(DatasetFileError, match="row 1, column 2"):
        load_dataset_csv(path, 2, 1)
    path.write_text(f"0,{bad},1\n")
    with pytest.raises(DatasetFileError, match="row 1, column 2"):
        load_dataset_csv(path, 2, 1)


@pytest.mark.parametrize(
    "text, message",
    [
        ("x1,x2,y\n0,0,0\n\n\n\n0,1,abc\n", "row 6, column 3: 'abc'"),
        ("x1,x2,y\n0,0,0\n\n\n0,1\n", "row 5 has 2 values"),
        ('x1,x2,y\n0,0,0\n"0\n",1,1\n0,1\n', "row 5 has 2 values"),
    ],
)
def test_a_row_is_named_by_its_line_in_the_file(tmp_path, text, message):
    """Found by a hostile probe: blank lines were not counted, so the error of
    line 6 said "row 3"; a spreadsheet or an editor counts them."""
    path = tmp_path / "d.csv"
    path.write_text(text)
    with pytest.raises(DatasetFileError, match=re.escape(message)):
        load_dataset_csv(path, 2, 1)


def test_a_header_of_names_is_still_recognised(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x1,x 2,label\n0,1,1\n")
    data = load_dataset_csv(path, 2, 1)
    assert data.header == ["x1", "x 2", "label"] and data.inputs.tolist() == [[0, 1]]


def test_an_unclosed_string_is_read_in_linear_time(tmp_path):
    """Found in review: every escaped quote after an unclosed one started a new
    scan to the end of the file (hours for a few MB). A CPU-time limit in a
    subprocess stands in for a clock: 10 s of CPU for a 4 MB file."""
    path = tmp_path / "s.json"
    path.write_text('{"name": "' + '\\"' * 2_000_000)
    output, errors = refusal_under_limit(
        f"load_session({str(path)!r})", "RLIMIT_CPU", 10
    )
    assert "not valid JSON" in output, errors


@pytest.mark.parametrize(
    "extra, expected",
    [
        ('"a\\nb": 1, "a\\nb": 2', r'key "a\nb" appears twice'),
        ('"learning_rate\\n": 1', r'unknown key "learning_rate\n"'),
        ('"init": {"x\\ny": 1}', r'"init": unknown key "x\ny"'),
    ],
)
def test_keys_with_control_characters_are_quoted_on_one_line(tmp_path, extra, expected):
    """Found in review: a key holding a newline split the message in two."""
    data = session_json()
    if "init" in extra:
        del data["init"]
    text = json.dumps(data)[:-1] + ", " + extra + "}"
    assert expected in refused(tmp_path, text)  # refused() checks: one line


def test_the_layer_limit_holds_for_numpy_and_float_sizes():
    import numpy as np

    from backprop_gui.core import NetworkSpec

    for size in (np.int64(20_000), 20_000.0):
        with pytest.raises(ValueError, match="the limit is 10,000 per layer"):
            NetworkSpec([1, size, 1], ["tanh", "sigmoid"], "bce")
