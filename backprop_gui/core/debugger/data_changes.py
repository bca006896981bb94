"""Where the samples changed in the history the plots show: an import or an edit
of the data, a change of the validation split.

A loss, accuracy or validation score on one side of such a point was measured on
other samples than on the other side, so the plots mark it. A change undone
before the next update (Edit → Undo of an import or an edit) leaves no mark; a
rewind to before a change drops its mark with the history after it (the journal
then forgets the change too); a reset or another session clears them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from .data_edits import DataSnapshot, same_numbers
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

    @property
    def position(self) -> float:
        """Where it is drawn on an axis of updates: between the two."""
        return self.step + 0.5


class _Samples:
    """What the samples were: the data arrays while they may come back (until
    an update completes), then a :class:`~.data_edits.DataSnapshot`; and the
    validation split."""

    def __init__(self, session) -> None:
        self.arrays: tuple | None = (session.inputs, session.targets)
        self.snapshot: DataSnapshot | None = None
        self.validation = session.validation

    def let_go(self) -> None:
        if self.arrays is not None:
            self.snapshot = DataSnapshot(*self.arrays)
            self.arrays = None

    def difference(self, session) -> str:
        """What differs in ``session`` ("" when nothing does)."""
        parts = []
        now = (session.inputs, session.targets)
        if self.arrays is not None:
            same = all(map(same_numbers, self.arrays, now))
        else:
            same = self.snapshot.matches(*now)
        if not same:
            parts.append(DATA)
        if self.validation != session.validation:
            parts.append(SPLIT)
        return " and ".join(parts)


@dataclass
class _Mark:
    phases: int  # the journal's phase count when it happened
    step: int
    before: _Samples  # the samples before it
    what: str = ""


class DataChanges:
    """An observer of a trainer's events (subscribe it after ``journal``, for
    PHASES), with the changes still in the history as :attr:`changes`.

    Changes between the same two updates are one mark: what differs between the
    samples of the update before and those of the update after (an edit undone
    before the next update completes leaves none; the points of an update whose
    forward pass ran in between are computed again)."""

    #: The phase events it reads: a completed update closes the latest mark.
    PHASES = ("update",)

    def __init__(self, journal: Journal, session) -> None:
        self.journal = journal
        self._marks: list[_Mark] = []
        self._now = _Samples(session)

    @property
    def changes(self) -> list[DataChange]:
        return [DataChange(mark.step, mark.what) for mark in self._marks]

    def __call__(self, event: Event) -> None:
        kind, session = event.kind, event.trainer.session
        if kind == "phase":
            if self._marks:
                self._marks[-1].before.let_go()
        elif kind == "data" or (kind == "settings" and event.detail[0] == "validation"):
            last = self._marks[-1] if self._marks else None
            if last is None or last.step != event.step:
                last = _Mark(self.journal.phase_count, event.step, self._now)
                self._marks.append(last)
            # else it joins the mark between the same two updates
            self._now = _Samples(session)
            self._settle(session)
        elif kind in ("reset", "loaded"):
            self._marks.clear()
            self._now = _Samples(session)
        elif kind == "rewound":
            phases = self.journal.phase_count
            self._marks = [m for m in self._marks if m.phases <= phases]
            self._now = _Samples(session)
            self._settle(session)

    def _settle(self, session) -> None:
        """What the latest mark says, now; gone when nothing differs."""
        if self._marks:
            last = self._marks[-1]
            last.what = last.before.difference(session)
            if not last.what:
                self._marks.pop()
