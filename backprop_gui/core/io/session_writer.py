"""Writing session files: the dict of a session (the layout README.md documents)
and the atomic save. Reading is in :mod:`.session_file`."""

from __future__ import annotations

import json
from pathlib import Path

from ..engine.session import Session
from .atomic_write import atomic_write
from .dataset_file import csv_reference, is_bundled, is_csv_source, write_roles
from .optimizer_file import write_optimizer

FORMAT = "backprop-gui-session"
VERSION = 1
#: Session files are read up to this size; a larger one is not written.
SESSION_FILE_LIMIT = 32 * 1024 * 1024


def session_to_dict(session: Session, base: Path | None = None) -> dict:
    """The file's JSON object; ``base`` is the folder the file goes to (a
    dataset CSV the session refers to is written relative to it)."""
    spec = session.spec
    shared = spec.bias_mode == "shared"
    data = {
        "format": FORMAT,
        "version": VERSION,
        "name": session.name,
        "description": session.description,
        "layers": list(spec.layers),
        "activations": list(spec.activations),
        "loss": spec.loss,
        "bias_mode": spec.bias_mode,
        "train_biases": spec.train_biases,
        "learning_rate": session.learning_rate,
        "batch_size": session.batch_size,
        "shuffle_seed": session.shuffle_seed,
        "step": session.step,
    }
    if session.init is not None:
        data["init"] = session.init.to_dict()
    data["weights"] = [w.tolist() for w in session.params.weights]
    data["biases"] = [
        float(b[0]) if shared else b.tolist() for b in session.params.biases
    ]
    write_roles(session, data)
    if not embeds_data(session):
        data["dataset"] = csv_reference(session.dataset, base)
    else:
        data["inputs"] = session.inputs.tolist()
        data["targets"] = session.targets.tolist()
        if session.dataset is not None and not is_csv_source(session.dataset):
            data["dataset"] = session.dataset
    write_optimizer(session, data)
    if session.quiz is not None:
        data["quiz"] = session.quiz.to_dict()
    data.update(session.extra)
    return data


def embeds_data(session: Session) -> bool:
    """Whether a saved file holds the numbers (not a reference to a CSV)."""
    return not is_csv_source(session.dataset) or is_bundled(session.dataset)


def check_session_size(session: Session) -> None:
    """``ValueError`` when the file would certainly be too large to read back:
    a quick lower bound (two characters a number), before any JSON is built."""
    if embeds_data(session):
        numbers = session.inputs.size + session.targets.size
        if 2 * numbers > SESSION_FILE_LIMIT:
            raise ValueError(_too_large(2 * numbers, "at least "))


def _too_large(size: int, bound: str = "") -> str:
    return (
        f"the session would be {bound}{size / 2**20:.0f} MB; session files are "
        f"limited to {SESSION_FILE_LIMIT // 2**20} MB, so refer to the dataset "
        "file instead of copying it (File → Import dataset CSV, 'Refer to this "
        "file'; --refer-to-data on the command line)"
    )


def save_session(session: Session, path) -> None:
    """Write ``session`` to ``path`` atomically (the old file survives any failure)."""
    check_session_size(session)
    target = Path(path).resolve()
    if is_csv_source(session.dataset) and Path(session.dataset["csv"]) == target:
        raise ValueError("that is the dataset file the session refers to")
    text = json.dumps(
        session_to_dict(session, target.parent), indent=1, allow_nan=False
    )
    if len(text) > SESSION_FILE_LIMIT:
        raise ValueError(_too_large(len(text)))
    with atomic_write(path) as handle:
        handle.write(text + "\n")
