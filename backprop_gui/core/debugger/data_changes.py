"""Where the samples changed in the history the plots show: an import or an edit
of the data, a change of the validation split.

A loss, accuracy or validation score on one side of such a point was measured on
other samples than on the other side, so the plots mark it. A change undone
before the next phase (Edit → Undo of an import) leaves no mark; a rewind to
before a change drops its mark with the history after it (the journal then
forgets the change too); a reset or another session clears them all.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

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
    before: tuple  # the samples before it (see DataChanges._samples)


class DataChanges:
    """An observer of a trainer's events (subscribe it after ``journal``), with
    the changes still in the history as :attr:`changes`."""

    #: The phase events it reads: none (edits, rewinds, resets only).
    PHASES: tuple[str, ...] = ()

    def __init__(self, journal: Journal, session) -> None:
        self.journal = journal
        self._marks: list[_Mark] = []
        self._now = self._samples(session)

    @property
    def changes(self) -> list[DataChange]:
        return [
            DataChange(mark.step, what)
            for mark in self._marks
            if (what := _difference(mark.before, self._after(mark)))
        ]

    def __call__(self, event: Event) -> None:
        kind, session = event.kind, event.trainer.session
        if kind == "data" or (kind == "settings" and event.detail[0] == "validation"):
            phases = self.journal.phase_count
            last = self._marks[-1] if self._marks else None
            if last is None or last.phases != phases:
                self._marks.append(_Mark(phases, event.step, self._now))
            # else it joins the mark of the same moment
            self._now = self._samples(session)
            self._forget_undone()
        elif kind in ("reset", "loaded"):
            self._marks.clear()
            self._now = self._samples(session)
        elif kind == "rewound":
            phases = self.journal.phase_count
            self._marks = [m for m in self._marks if m.phases <= phases]
            self._now = self._samples(session)

    def _after(self, mark: _Mark) -> tuple:
        """The samples after ``mark``: the next mark's before, or now."""
        k = self._marks.index(mark)
        return self._marks[k + 1].before if k + 1 < len(self._marks) else self._now

    def _forget_undone(self) -> None:
        """The last mark, when everything it changed is back as it was."""
        if self._marks and not _difference(self._marks[-1].before, self._now):
            self._marks.pop()

    @staticmethod
    def _samples(session) -> tuple:
        """What the samples are: the data arrays (weakly: an old dataset is not
        kept alive for a mark; the undo stack keeps what it can restore) and the
        validation split."""
        return (
            weakref.ref(session.inputs),
            weakref.ref(session.targets),
            session.validation,
        )


def _difference(before: tuple, after: tuple) -> str:
    """What differs between two ``_samples`` answers ("" when nothing does)."""
    parts = []
    data_before = (before[0](), before[1]())
    data_after = (after[0](), after[1]())
    if (
        data_before[0] is None
        or data_before[0] is not data_after[0]
        or data_before[1] is not data_after[1]
    ):
        parts.append(DATA)
    if before[2] != after[2]:
        parts.append(SPLIT)
    return " and ".join(parts)
