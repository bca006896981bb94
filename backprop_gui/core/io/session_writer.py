"""Writing session files: the dict of a session (the layout README.md documents)
and the atomic save. Reading is in :mod:`.session_file`."""

from __future__ import annotations

import json

from ..engine.session import Session
from .atomic_write import atomic_write
from .optimizer_file import write_optimizer

FORMAT = "backprop-gui-session"
VERSION = 1


def session_to_dict(session: Session) -> dict:
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
    data["inputs"] = session.inputs.tolist()
    data["targets"] = session.targets.tolist()
    if session.dataset is not None:
        data["dataset"] = session.dataset
    write_optimizer(session, data)
    if session.quiz is not None:
        data["quiz"] = session.quiz.to_dict()
    data.update(session.extra)
    return data


def save_session(session: Session, path) -> None:
    """Write ``session`` to ``path`` atomically (the old file survives any failure)."""
    text = json.dumps(session_to_dict(session), indent=1, allow_nan=False)
    with atomic_write(path) as handle:
        handle.write(text + "\n")
