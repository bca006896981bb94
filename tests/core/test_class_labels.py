"""Class label columns: the order of classes, the targets they become, where a
label is read from, and the labels and files that are refused."""

from __future__ import annotations

import re

import numpy as np
import pytest
from real_data import SOFTMAX_3, write

from backprop_gui.core.engine.classes import (
    check_class_names,
    class_indices,
    class_targets,
    order_classes,
)
from backprop_gui.core.engine.session import Session
from backprop_gui.core.engine.spec import InitSpec, NetworkSpec
from backprop_gui.core.io.dataset_csv import DatasetFileError, load_dataset_for


def test_classes_sort_numerically_when_every_label_is_a_number():
    assert order_classes(["10", "2", "9", "2.0", " 10 "]) == [2, 9, 10]
    assert order_classes(np.array([3.0, 1.5, 3.0])) == [1.5, 3]
    assert order_classes(["10", "2", "b"]) == ["10", "2", "b"]  # as text
    assert order_classes(["b", "a", "B", "a"]) == ["B", "a", "b"]


def test_one_letter_written_two_ways_is_one_class():
    composed, decomposed = "caf\u00e9", "cafe\u0301"  # both read "café"
    assert composed != decomposed
    classes = order_classes([decomposed, "tea", composed])
    assert classes == [composed, "tea"]
    assert class_indices([decomposed, composed, "tea"], classes).tolist() == [0, 0, 1]
    # a session's classes written decomposed still find composed labels
    assert class_indices([composed], [decomposed, "tea"]).tolist() == [0]
    # and a session whose classes are one name written two ways is refused
    with pytest.raises(ValueError, match="two classes have the same name"):
        check_class_names([composed, decomposed])


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


def test_labels_that_are_one_float_but_different_numbers_are_refused(tmp_path):
    path = write(tmp_path / "d.csv", "a,b,label\n0,0,9007199254740992\n1,1,"
                 "9007199254740993\n2,2,5\n")  # fmt: skip
    with pytest.raises(DatasetFileError, match="cannot tell apart"):
        load_dataset_for(SOFTMAX_3, path, label_column="label")
    with pytest.raises(ValueError, match="same name"):
        Session.create(
            SOFTMAX_3, InitSpec(), [[0, 0]] * 3, np.eye(3), classes=[1, 1.0, 2]
        )


def test_label_errors_name_the_row_and_duplicate_names_are_refused(tmp_path):
    # the sample's number (blank lines before it made "row N" another line;
    # found in review)
    path = write(tmp_path / "d.csv", "a,b,label\n0,0,x\n\n\n1,1,\n2,2,y\n")
    with pytest.raises(DatasetFileError, match="sample 2, label column 3: a class"):
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


@pytest.mark.parametrize("classes", [["1", 1, 2], ["1.0", 1.0, 2], ["a", "b", "a "]])
def test_classes_shown_alike_are_refused(classes):
    """Found by a hostile probe: ["1", 1] were two classes both shown as 1."""
    with pytest.raises(ValueError, match="two classes have the same name"):
        Session.create(SOFTMAX_3, InitSpec(), [[0, 0]] * 3, np.eye(3), classes=classes)
