"""Session files (JSON) and weight files (.npz): reading, validating and writing.

The format is documented in README.md ("Session files"). Loading checks everything
and raises :class:`SessionFileError` with a message naming the file and the problem;
nothing in a file is ever executed (plain ``json``, ``np.load(allow_pickle=False)``).
Saving writes atomically, and save-then-load gives bitwise the same state.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..engine.parameters import Parameters, check_shapes, initialise
from ..engine.session import Session
from ..engine.spec import INIT_OPTIONS, InitSpec, NetworkSpec
from . import strict_json
from .bounded_read import read_limited
from .builtin_datasets import generate
from .dataset_file import is_csv_source, read_csv_source, read_roles
from .json_fields import (
    boolean_field,
    check_keys,
    is_int,
    number_field,
    number_table,
    optional_int_field,
    string_field,
)
from .optimizer_file import read_optimizer
from .quiz_plan import plan_from_dict
from .session_writer import (
    FORMAT,
    SESSION_FILE_LIMIT,
    VERSION,
    save_session,
    session_to_dict,
)

#: Writing is in session_writer.py; this module is where callers find both.
__all__ = [
    "FORMAT",
    "VERSION",
    "SessionFileError",
    "check_keys",
    "load_session",
    "parse_session",
    "save_session",
    "session_from_dict",
    "session_to_dict",
]

#: Larger files are refused before they are parsed.
MAX_FILE_BYTES = SESSION_FILE_LIMIT
KNOWN_KEYS = {
    "format",
    "version",
    "name",
    "description",
    "layers",
    "activations",
    "loss",
    "bias_mode",
    "train_biases",
    "learning_rate",
    "batch_size",
    "shuffle_seed",
    "init",
    "weights",
    "biases",
    "inputs",
    "targets",
    "dataset",
    "step",
    "optimizer",
    "regularization",
    "optimizer_state",
    "quiz",
    "classes",
    "input_scaling",
    "validation",
}


class SessionFileError(ValueError):
    """A session or weights file that cannot be used; the message says why."""


# ------------------------------------------------------------------ reading
def load_session(path, progress=None) -> Session:
    """Read and validate a session file; ``progress(done, total)`` follows the
    reading of a dataset CSV it refers to (False cancels:
    ``DatasetLoadCancelled``)."""
    path = Path(path)
    session = parse_session(
        _read_text(path), str(path), path.resolve().parent, progress
    )
    if not session.name:
        session.name = path.stem
    return session


def parse_session(
    text: str, source: str, base: Path | None = None, progress=None
) -> Session:
    """Parse and validate session JSON; ``source`` names it in error messages,
    ``base`` is the folder a dataset CSV it refers to is relative to."""
    try:
        data = strict_json.loads(text)
    except ValueError as exc:
        raise SessionFileError(f"{source}: {exc}") from None
    try:
        return session_from_dict(data, base, progress)
    except (ValueError, TypeError, OverflowError) as exc:
        raise SessionFileError(f"{source}: {exc}") from None


def _read_text(path: Path) -> str:
    try:
        raw = read_limited(path, MAX_FILE_BYTES, "session files")
    except ValueError as exc:
        raise SessionFileError(f"{path}: {exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SessionFileError(f"{path}: not a text file (not UTF-8)") from None


def session_from_dict(data, base: Path | None = None, progress=None) -> Session:
    """Build a validated session from parsed JSON (raises ``ValueError``)."""
    if not isinstance(data, dict):
        raise ValueError("the file must hold a JSON object")
    check_keys(data, KNOWN_KEYS, "", keep_unknown=True)
    if data.get("format") != FORMAT:
        raise ValueError(f'"format" must be "{FORMAT}"')
    version = data.get("version")
    if not is_int(version) or version != VERSION:
        raise ValueError(
            f"version {version!r} is not supported (this app reads {VERSION})"
        )
    for key in ("layers", "activations", "loss"):
        if key not in data:
            raise ValueError(f'missing key "{key}"')
    layers = data["layers"]
    if not isinstance(layers, list) or not all(is_int(n) for n in layers):
        raise ValueError('"layers" must be a list of whole numbers')
    activations = data["activations"]
    if not isinstance(activations, list) or not all(
        isinstance(a, str) for a in activations
    ):
        raise ValueError('"activations" must be a list of names')
    spec = NetworkSpec(
        layers,
        activations,
        string_field(data, "loss"),
        string_field(data, "bias_mode", "per_neuron"),
        boolean_field(data, "train_biases", True),
    )
    init = _init(data.get("init"))
    params = _parameters(data, spec, init)
    classes, scaling, validation = read_roles(data, check_keys, number_table)
    if is_csv_source(data.get("dataset")) and not {"inputs", "targets"} & set(data):
        inputs, targets, dataset = read_csv_source(
            data["dataset"], base, spec, classes, scaling, check_keys, progress
        )
    else:
        inputs, targets, dataset = _dataset(data)
    optimizer, regularization, state = read_optimizer(
        data, spec, check_keys, number_table
    )
    return Session(
        spec,
        params,
        inputs,
        targets,
        learning_rate=number_field(data, "learning_rate", 0.1),
        batch_size=optional_int_field(data, "batch_size"),
        shuffle_seed=optional_int_field(data, "shuffle_seed"),
        init=init,
        step=optional_int_field(data, "step") or 0,
        description=string_field(data, "description", ""),
        name=string_field(data, "name", ""),
        dataset=dataset,
        extra={k: v for k, v in data.items() if k not in KNOWN_KEYS},
        optimizer=optimizer,
        regularization=regularization,
        optimizer_state=state,
        quiz=None if "quiz" not in data else plan_from_dict(data["quiz"], check_keys),
        classes=classes,
        input_scaling=scaling,
        validation=validation,
    )


def _init(value) -> InitSpec | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError('"init" must be an object such as {"scheme": "he", "seed": 0}')
    check_keys(value, {"scheme", "seed", "low", "high", "std", "bias"}, '"init"')
    scheme = string_field(value, "scheme", "xavier")
    for key in ("low", "high", "std"):
        if key in value and key not in INIT_OPTIONS.get(scheme, (key,)):
            raise ValueError(
                f'"init" > "{key}" does not apply to scheme "{scheme}" (remove it)'
            )
    options = {}
    for key in ("low", "high", "std", "bias"):
        if key in value:
            options[key] = number_field(value, key, None)
    seed = value.get("seed", 0)
    if not is_int(seed):
        raise ValueError('"init.seed" must be a whole number')
    return InitSpec(scheme=scheme, seed=seed, **options)


def _parameters(data, spec: NetworkSpec, init: InitSpec | None) -> Parameters:
    has_w, has_b = "weights" in data, "biases" in data
    if not has_w and not has_b:
        if init is None:
            raise ValueError('give "weights" and "biases", or "init" to draw them')
        return initialise(spec, init)
    if not has_w or (spec.bias_mode != "none" and not has_b):
        missing = "weights" if not has_w else "biases"
        raise ValueError(f'missing key "{missing}"')
    weights_raw = data["weights"]
    if not isinstance(weights_raw, list) or len(weights_raw) != spec.depth:
        raise ValueError(f'"weights" must hold {spec.depth} matrices, one per layer')
    weights = [
        number_table(w, f"weights[{l}]", spec.layers[l + 1])
        for l, w in enumerate(weights_raw)
    ]
    biases_raw = data.get("biases", [[] for _ in range(spec.depth)])
    if not isinstance(biases_raw, list) or len(biases_raw) != spec.depth:
        raise ValueError(f'"biases" must hold {spec.depth} entries, one per layer')
    biases = []
    for l, b in enumerate(biases_raw):
        if isinstance(b, (int, float)) and not isinstance(b, bool):
            b = [b]
        row = number_table([b], f"biases[{l}]")[0] if b else np.empty(0)
        biases.append(row)
    params = Parameters(weights, biases)
    check_shapes(spec, params)
    return params


def _dataset(data):
    dataset = data.get("dataset")
    if "inputs" in data or "targets" in data:
        if is_csv_source(dataset):
            raise ValueError(
                'give "inputs" and "targets", or a "dataset" that refers to a CSV '
                "file, not both"
            )
        inputs = number_table(data.get("inputs"), "inputs")
        targets = number_table(data.get("targets"), "targets")
        if dataset is not None:  # where the numbers came from: checked as well
            _builtin_options(dataset)
            dataset = dict(dataset)
        return inputs, targets, dataset
    if dataset is None:
        raise ValueError('give "inputs" and "targets", or a built-in "dataset"')
    samples, noise, seed = _builtin_options(dataset)
    inputs, targets = generate(string_field(dataset, "name"), samples, noise, seed)
    return inputs, targets, dict(dataset)


def _builtin_options(dataset) -> tuple:
    """``(samples, noise, seed)`` of a built-in dataset's object, checked."""
    if not isinstance(dataset, dict) or "name" not in dataset:
        raise ValueError('"dataset" must be an object with a "name"')
    check_keys(dataset, {"name", "samples", "seed", "noise"}, '"dataset"')
    string_field(dataset, "name")
    samples, seed = dataset.get("samples"), dataset.get("seed", 0)
    if (samples is not None and not is_int(samples)) or not is_int(seed):
        raise ValueError('"dataset" samples and seed must be whole numbers')
    noise = dataset.get("noise")
    if noise is not None and (
        isinstance(noise, bool) or not isinstance(noise, (int, float))
    ):
        raise ValueError('"dataset.noise" must be a number')
    return samples, noise, seed
