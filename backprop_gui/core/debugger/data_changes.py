"""Where the samples changed in the history the plots show: an import or an edit
of the data, a change of the validation split.

A loss, accuracy or validation score on one side of such a point was measured on
other samples than on the other side, so the plots mark it. A change undone
before the next phase (Edit → Undo of an import or an edit) leaves no mark; a rewind to
before a change drops its mark with the history after it (the journal then
forgets the change too); a reset or another session clears them all.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from .events import Event
from .journal import Journal

DATA = "data changed"
SPLIT = "validation split changed"


@dataclass(frozen=True)
class DataChange:
    #: Updates completed when it happened: it lies between the points of update
    #: ``step`` and ``step + 1``.
    step: int
    #: What differs across it: ``DATA``, ``SPLIT`` or both, joined by " and ".
    what: str


@dataclass
class _Mark:
    phases: int  # the journal's phase count when it happened
    step: int
    #: the samples before it: ``(inputs, targets, validation)`` while no phase
    #: ran since (an undo may still bring them back), then only weakly
    before: tuple
    what: str = ""


class DataChanges:
    """An observer of a trainer's events (subscribe it after ``journal``, for
    PHASES), with the changes still in the history as :attr:`changes`."""

    #: The phase events it reads: a forward pass closes the latest mark.
    PHASES = ("forward",)

    def __init__(self, journal: Journal, session) -> None:
        self.journal = journal
        self._marks: list[_Mark] = []
        self._open: _Mark | None = None  # the latest mark, while no phase ran
        self._now = _samples(session)

    @property
    def changes(self) -> list[DataChange]:
        return [DataChange(mark.step, mark.what) for mark in self._marks]

    def __call__(self, event: Event) -> None:
        kind, session = event.kind, event.trainer.session
        if kind == "phase":
            self._close()
        elif kind == "data" or (kind == "settings" and event.detail[0] == "validation"):
            self._changed(event.step, session)
        elif kind in ("reset", "loaded"):
            self._marks.clear()
            self._open = None
            self._now = _samples(session)
        elif kind == "rewound":
            phases = self.journal.phase_count
            self._marks = [m for m in self._marks if m.phases <= phases]
            if self._open not in self._marks:
                self._open = None
            self._now = _samples(session)

    def _changed(self, step: int, session) -> None:
        phases = self.journal.phase_count
        last = self._marks[-1] if self._marks else None
        if last is None or last.phases != phases:
            last = _Mark(phases, step, self._now)
            self._marks.append(last)
            self._open = last
        # else it joins the mark of the same moment
        self._now = _samples(session)
        last.what = _difference(_strong(last.before), self._now)
        if not last.what:  # everything it changed is back as it was
            self._marks.pop()
            self._open = None

    def _close(self) -> None:
        """A phase ran after the latest mark: no undo makes it vanish any more,
        and its old samples need not stay in memory for the comparison."""
        if self._open is not None:
            self._open.before = _weak(self._open.before)
            self._open = None


def _samples(session) -> tuple:
    return session.inputs, session.targets, session.validation


def _weak(samples: tuple) -> tuple:
    """The data arrays as weak references (an old dataset is not kept alive for
    a mark; the undo stack keeps what it can restore)."""
    inputs, targets, validation = samples
    return weakref.ref(inputs), weakref.ref(targets), validation


def _strong(samples: tuple) -> tuple:
    """``samples`` with its arrays (None for one no longer in memory)."""
    inputs, targets, validation = samples
    if isinstance(inputs, weakref.ref):
        inputs, targets = inputs(), targets()
    return inputs, targets, validation


def _same(a, b) -> bool:
    """The same numbers: the same array, or equal ones (an undone edit by hand
    rebuilds the old array rather than keeping it)."""
    return a is b or (
        a is not None and b is not None and a.shape == b.shape and np.array_equal(a, b)
    )


def _difference(before: tuple, after: tuple) -> str:
    """What differs between two ``_samples`` answers ("" when nothing does)."""
    parts = []
    if not (_same(before[0], after[0]) and _same(before[1], after[1])):
        parts.append(DATA)
    if before[2] != after[2]:
        parts.append(SPLIT)
    return " and ".join(parts)
