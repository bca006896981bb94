"""Undoing back to the state of the latest phase's results makes them current.

An edit makes the cached results stale: the next phase recomputes from the edited
state. When further edits bring back that very state, bitwise (an undo, or typing
the old value again), the results describe it again: a :class:`Resume` taken at
the first edit after a phase restores them, with their revision, instead of
leaving "loss 0.2857 (stale; now 0.2857)" beside the same number. The gradient
check and the evaluation of that revision are then current again too.

What the results depend on is compared: the parameters, the data, the batching,
the validation split and the penalty (not the learning rate or the optimizer,
which only the update uses). Parameters and data are compared by a digest of
their bytes (so 0.0 and -0.0 differ); data past DIGEST_BYTES only when they are
the very same arrays, and parameters past it (edited in place) never, so an
undone edit of a large dataset or network stays stale, as before. A replay
runs the same edits and so restores the same way.
"""

from __future__ import annotations

import hashlib
import weakref

import numpy as np

from .data_edits import DIGEST_BYTES

#: The trainer's attributes that make up its results and their revision.
RESULTS = (
    "revision",
    "rows_revision",
    "forward_result",
    "backward_result",
    "forward_valid",
    "backward_valid",
    "last_phase",
)


def _bytes_key(array: np.ndarray, replaced: bool = True):
    """What identifies ``array``'s numbers: a digest of its bytes, or for a
    large one a weak reference (the same array only) when edits replace it
    (data); a large array edited in place (the parameters) matches nothing."""
    if array.nbytes > DIGEST_BYTES:
        return ("same", weakref.ref(array)) if replaced else ("never",)
    data = np.ascontiguousarray(array).data
    return "digest", array.shape, hashlib.blake2b(data, digest_size=16).digest()


def _same(key, array: np.ndarray) -> bool:
    if key[0] == "never":
        return False
    if key[0] == "same":
        return key[1]() is array
    return key == _bytes_key(array)


class Resume:
    """The trainer's results and revision as of its latest phase (or load,
    reset, rewind), and what they were computed from."""

    def __init__(self, trainer) -> None:
        s = trainer.session
        self._keys = (
            _bytes_key(s.params.flat, replaced=False),
            _bytes_key(s.inputs),
            _bytes_key(s.targets),
        )
        self._settings = self._settings_of(trainer)
        #: compared as the same object (its arrays; an undo brings it back)
        self._scaling = s.input_scaling
        self._results = {name: getattr(trainer, name) for name in RESULTS}

    @staticmethod
    def _settings_of(trainer) -> tuple:
        s = trainer.session
        return (
            s.batch_size,
            s.shuffle_seed,
            s.validation,
            s.regularization,
            s.classes,
        )

    def matches(self, trainer) -> bool:
        """Whether ``trainer`` is back in that state, bitwise."""
        s = trainer.session
        arrays = (s.params.flat, s.inputs, s.targets)
        same = self._scaling is s.input_scaling
        return (
            same
            and self._settings == self._settings_of(trainer)
            and all(_same(key, array) for key, array in zip(self._keys, arrays))
        )

    def restore(self, trainer) -> None:
        """The results and their revision are the trainer's again."""
        for name, value in self._results.items():
            setattr(trainer, name, value)
        trainer._preview = None
