"""The dataset's part of a session file: what its numbers mean, and where they are.

::

    "classes": ["setosa", "versicolor", "virginica"],
    "input_scaling": {"mean": [...], "std": [...]},
    "validation": {"fraction": 0.2, "seed": 0},
    "dataset": {"csv": "iris.csv", "sha256": "9cc1…", "label_column": "species"}

``classes`` names the targets' classes in order (one-hot targets, or 0/1 for one
output). ``input_scaling`` is the standardisation already applied to the inputs.
``validation`` holds samples out of training. A ``dataset`` with ``csv`` refers to
a CSV file (relative to the session file) instead of embedding ``inputs`` and
``targets``: the file must still have the recorded SHA-256, its label column gives
the targets, and the scaling is applied to its inputs as it was when saved.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..engine.classes import check_class_names
from ..engine.input_scaling import InputScaling
from ..engine.validation_split import ValidationSplit
from .dataset_csv import load_dataset_for

CSV_KEYS = {"csv", "sha256", "label_column", "input_columns", "target_columns"}


def read_roles(data: dict, check_keys, table):
    """``(classes, InputScaling | None, ValidationSplit | None)`` of a parsed file."""
    classes = data.get("classes")
    if classes is not None:
        if not isinstance(classes, list) or not classes:
            raise ValueError('"classes" must be a list of class names or numbers')
        check_class_names(classes)
    scaling = data.get("input_scaling")
    if scaling is not None:
        if not isinstance(scaling, dict):
            raise ValueError('"input_scaling" must be {"mean": [...], "std": [...]}')
        check_keys(scaling, {"mean", "std"}, '"input_scaling"')
        rows = table([scaling.get("mean"), scaling.get("std")], "input_scaling")
        scaling = InputScaling(rows[0], rows[1])
    split = data.get("validation")
    if split is not None:
        if not isinstance(split, dict) or "fraction" not in split:
            raise ValueError('"validation" must be {"fraction": 0.2, "seed": 0}')
        check_keys(split, {"fraction", "seed"}, '"validation"')
        split = ValidationSplit(split["fraction"], split.get("seed", 0))
    return classes, scaling, split


def write_roles(session, data: dict) -> None:
    if session.classes is not None:
        data["classes"] = list(session.classes)
    if session.input_scaling is not None:
        data["input_scaling"] = session.input_scaling.to_dict()
    if session.validation is not None:
        data["validation"] = session.validation.to_dict()


def is_csv_source(dataset) -> bool:
    return isinstance(dataset, dict) and "csv" in dataset


def is_bundled(dataset: dict) -> bool:
    """Whether the CSV is one shipped with the app (a preset's): a saved session
    then holds the numbers, not a path into the installation, which an upgrade
    or another machine would not have."""
    path = Path(dataset["csv"])
    return any(path.is_relative_to(folder) for folder in _bundled_folders())


def _bundled_folders() -> list[Path]:
    folders = [Path(__file__).resolve().parents[3] / "resources"]
    try:
        folders.append(Path(str(resources.files("backprop_gui.resources"))))
    except ModuleNotFoundError:  # a source checkout
        pass
    return [folder.resolve() for folder in folders]


def read_csv_source(
    dataset: dict, base: Path | None, spec, classes, scaling, check_keys, progress=None
):
    """``(inputs, targets, source)`` from the CSV a session refers to."""
    check_keys(dataset, CSV_KEYS, '"dataset"')
    where, digest = dataset.get("csv"), dataset.get("sha256")
    if not isinstance(where, str) or not where.strip():
        raise ValueError('"dataset.csv" must be the path of a CSV file')
    if (
        not isinstance(digest, str)
        or len(digest) != 64
        or not all(c in "0123456789abcdefABCDEF" for c in digest)
    ):
        raise ValueError('"dataset.sha256" must be the file\'s SHA-256 (64 hex digits)')
    label = dataset.get("label_column")
    if label is not None and (
        isinstance(label, bool) or not isinstance(label, (str, int))
    ):
        raise ValueError('"dataset.label_column" must be a column name or number')
    if label is not None and classes is None:
        raise ValueError('a "dataset" with a "label_column" needs "classes"')
    if label is not None and "target_columns" in dataset:
        raise ValueError(
            '"dataset": a "label_column" gives the targets; remove "target_columns"'
        )
    columns = {}
    for key in ("input_columns", "target_columns"):
        value = dataset.get(key)
        if value is not None:
            if not isinstance(value, list) or not all(
                isinstance(c, int) and not isinstance(c, bool) and c >= 1 for c in value
            ):
                raise ValueError(f'"dataset.{key}" must list column numbers from 1')
            columns[key] = [c - 1 for c in value]
    path = Path(where)
    if not path.is_absolute():
        if base is None:
            raise ValueError(f"the dataset file {where} is relative, but to what?")
        path = base / path
    if not path.exists():
        raise ValueError(f"the dataset file {path} is missing")
    data = load_dataset_for(
        spec,
        path,
        columns.get("input_columns"),
        columns.get("target_columns"),
        label,
        scaling or False,
        classes,
        progress,
        sha256=digest,
    )
    return data.inputs, data.targets, data.info.source


def csv_reference(source: dict, base: Path | None) -> dict:
    """A CSV source as the session file at ``base`` writes it: the path relative to
    the session's folder when there is one (absolute on another drive)."""
    written = dict(source)
    if base is not None:
        try:
            written["csv"] = Path(os.path.relpath(source["csv"], base)).as_posix()
        except ValueError:  # another drive (Windows)
            pass
    return written
