"""Edits of the dataset by hand: one number, one sample added or removed.

An edit is kept as what it changed, not as a copy of the dataset: the journal
(for replay and rewinds) and the undo stack hold every edit, and a copy of a
60,000 x 785 dataset per edited number would fill the memory within a few dozen
edits. ``apply`` gives the new arrays (the one changed is a new array; the other
is the same object); ``inverse`` gives the edit that undoes this one, from the
data it is about to change.
"""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SetValue:
    """Sample ``row``'s number in ``column``, counted over the inputs and then
    the targets, becomes ``value``."""

    row: int
    column: int
    value: float

    def _cell(self, inputs: np.ndarray, targets: np.ndarray) -> tuple[int, int]:
        """``(0 inputs or 1 targets, column in that array)``; ``ValueError``
        for a cell the data do not have."""
        _check_row(self.row, len(inputs))
        n_in, width = inputs.shape[1], inputs.shape[1] + targets.shape[1]
        if not is_whole(self.column) or not 0 <= self.column < width:
            raise ValueError(
                f"column {self.column + 1 if is_whole(self.column) else self.column!r}"
                f" does not exist (a sample has {width})"
            )
        return (0, self.column) if self.column < n_in else (1, self.column - n_in)

    def apply(self, inputs: np.ndarray, targets: np.ndarray):
        which, column = self._cell(inputs, targets)
        arrays = [inputs, targets]
        arrays[which] = arrays[which].copy()  # only the array edited is new
        arrays[which][self.row, column] = self.value
        return _read_only(arrays[0]), _read_only(arrays[1])

    def inverse(self, inputs: np.ndarray, targets: np.ndarray) -> SetValue:
        which, column = self._cell(inputs, targets)
        old = (inputs, targets)[which][self.row, column]
        return SetValue(self.row, self.column, float(old))


@dataclass(frozen=True)
class InsertSample:
    """A sample with inputs ``x`` and targets ``y`` becomes sample ``row`` (the
    samples from there on move down one)."""

    row: int
    x: tuple[float, ...]
    y: tuple[float, ...]

    def _check(self, inputs: np.ndarray, targets: np.ndarray) -> None:
        _check_row(self.row, len(inputs) + 1)  # one past the last: appended
        for name, values, array in (("x", self.x, inputs), ("y", self.y, targets)):
            if len(values) != array.shape[1]:
                raise ValueError(
                    f"a sample has {array.shape[1]} {name} values, not {len(values)}"
                )

    def apply(self, inputs: np.ndarray, targets: np.ndarray):
        self._check(inputs, targets)
        return (
            _read_only(np.insert(inputs, self.row, self.x, axis=0)),
            _read_only(np.insert(targets, self.row, self.y, axis=0)),
        )

    def inverse(self, inputs: np.ndarray, targets: np.ndarray) -> RemoveSample:
        self._check(inputs, targets)
        return RemoveSample(self.row)


@dataclass(frozen=True)
class RemoveSample:
    row: int

    def apply(self, inputs: np.ndarray, targets: np.ndarray):
        _check_row(self.row, len(inputs))
        return (
            _read_only(np.delete(inputs, self.row, axis=0)),
            _read_only(np.delete(targets, self.row, axis=0)),
        )

    def inverse(self, inputs: np.ndarray, targets: np.ndarray) -> InsertSample:
        _check_row(self.row, len(inputs))
        return InsertSample(
            self.row,
            tuple(map(float, inputs[self.row])),
            tuple(map(float, targets[self.row])),
        )


DataEdit = SetValue | InsertSample | RemoveSample


def is_whole(value) -> bool:
    """A whole number (a Python or NumPy int, not a bool)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _check_row(row, count: int) -> None:
    """``row`` is one of ``count`` (0-based; not counted from the end, as
    Python's negative indices would)."""
    if not is_whole(row) or not 0 <= row < count:
        shown = row + 1 if is_whole(row) else row
        raise ValueError(f"sample {shown!r} does not exist (there are {count})")


#: Data up to this size are remembered by a digest of their numbers (larger
#: ones only while something else keeps their arrays).
DIGEST_BYTES = 16 * 2**20


class DataSnapshot:
    """Which data these are, without keeping them in memory: weak references
    to the arrays and, for data up to DIGEST_BYTES, digests of their numbers.
    An undo of an edit checks that it still applies to the data it was made
    on (a rewind may have brought back other data)."""

    def __init__(self, inputs: np.ndarray, targets: np.ndarray) -> None:
        self._refs = (weakref.ref(inputs), weakref.ref(targets))
        self._digests = (_digest(inputs), _digest(targets))

    def matches(self, inputs: np.ndarray, targets: np.ndarray) -> bool:
        return all(self.same(k, array) for k, array in enumerate((inputs, targets)))

    def same(self, k: int, array: np.ndarray) -> bool:
        """Whether ``array`` holds the numbers of array ``k`` (0 inputs, 1
        targets); False when that is no longer known."""
        old = self._refs[k]()
        if old is not None:
            return same_numbers(old, array)
        return self._digests[k] is not None and self._digests[k] == _digest(array)


def same_numbers(a: np.ndarray, b: np.ndarray) -> bool:
    """The same array, or equal numbers (an undone edit rebuilds the old array
    rather than keeping it)."""
    return a is b or (a.shape == b.shape and np.array_equal(a, b))


def _digest(array: np.ndarray):
    if array.nbytes > DIGEST_BYTES:
        return None
    data = np.ascontiguousarray(array).tobytes()
    return array.shape, hashlib.blake2b(data, digest_size=16).digest()


def _read_only(array: np.ndarray) -> np.ndarray:
    """Datasets are read-only: the session then takes the array as it is
    instead of copying it once more."""
    array.flags.writeable = False
    return array
