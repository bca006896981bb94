"""A journal of what happened to a trainer since its initial state, for exact replay.

The engine is deterministic, so the initial session plus the ordered list of
commands (runs of phases, and each edit with its value) reproduces every number that
was computed, bitwise. The journal stores runs of phases as counts, so it stays tiny
on long runs. Exporting the trace of what has run replays the journal with a
:class:`~.trace.TraceWriter` attached: nothing has to be recorded while training.
"""

from __future__ import annotations

from collections.abc import Callable

from ..io.trace import TraceWriter
from .data_edits import DataEdit
from .events import Event
from .trainer import Trainer

#: The events that change the state between phases, replayed in order.
EDITS = ("parameters", "settings", "data")


class ReplayCancelled(Exception):
    """The progress callback asked to stop."""


class Journal:
    def __init__(self, trainer: Trainer) -> None:
        self.initial = trainer.session.copy()
        #: ``["phases", count]`` or ``(kind, detail)`` of an edit event.
        self.entries: list = []
        #: Phases recorded so far (the sum of the ``phases`` entries).
        self.phase_count = 0
        #: Counts the times history was forgotten (reset, load, rewind): with
        #: ``phase_count`` it tells whether anything ran since a moment (after
        #: a reset or a rewind the same count is other phases).
        self.generation = 0
        trainer.events.subscribe(self)

    def __call__(self, event: Event) -> None:
        if event.kind == "phase":
            self.phase_count += 1
            if self.entries and self.entries[-1][0] == "phases":
                self.entries[-1][1] += 1
            else:
                self.entries.append(["phases", 1])
        elif event.kind in EDITS:
            self.entries.append((event.kind, event.detail))
        elif event.kind in ("reset", "loaded"):
            self.initial = event.trainer.session.copy()
            self.entries.clear()
            self.phase_count = 0
            self.generation += 1
        # a rewind truncated the journal itself (the timeline); checks, watches and
        # breakpoints change no number of the history

    def position(self) -> tuple[int, int]:
        """Where the history is: equal positions at two moments mean no phase
        ran between them."""
        return self.generation, self.phase_count

    def truncate(self, phases: int) -> None:
        """Forget everything after the first ``phases`` phases, keeping the edits
        made before the next phase (a rewind: what follows is a new branch)."""
        kept, seen = [], 0
        for entry in self.entries:
            if entry[0] == "phases":
                if seen == phases:
                    break
                take = min(entry[1], phases - seen)
                kept.append(["phases", take])
                seen += take
                if take < entry[1]:
                    break
            else:
                kept.append(entry)
        self.entries = kept
        self.phase_count = seen
        self.generation += 1

    def replay(
        self,
        observers=(),
        progress: Callable[[int, int], bool | None] | None = None,
    ) -> Trainer:
        """A new trainer brought to the journal's end through the same commands.

        ``observers`` are subscribed before anything runs; ``progress(done, total)``
        is called every 1024 phases, and returning False raises
        :class:`ReplayCancelled`.
        """
        trainer = Trainer(self.initial.copy())
        for observer in observers:
            trainer.events.subscribe(observer)
        return self._run(trainer, progress)

    def run_range(self, trainer: Trainer, start: int, stop: int) -> Trainer:
        """Bring ``trainer``, which is in the state after phase ``start``, to the
        state after phase ``stop`` (with the edits made before the next phase)."""
        seen = 0
        for kind, detail in [(e[0], e[1]) for e in self.entries]:
            if kind == "phases":
                first, seen = seen, seen + detail
                for _ in range(max(first, start), min(seen, stop)):
                    trainer.run_phase()
                if seen > stop:
                    break
            elif seen >= start:
                _apply_edit(trainer, kind, detail)
        return trainer

    def _run(self, trainer: Trainer, progress) -> Trainer:
        entries = [(e[0], e[1]) for e in self.entries]  # edits may follow meanwhile
        total, done = sum(n for kind, n in entries if kind == "phases"), 0
        for kind, detail in entries:
            if kind == "phases":
                for _ in range(detail):
                    trainer.run_phase()
                    done += 1
                    if progress is not None and done % 1024 == 0:
                        if progress(done, total) is False:
                            raise ReplayCancelled()
            else:
                _apply_edit(trainer, kind, detail)
        return trainer


def _apply_edit(trainer: Trainer, kind: str, detail) -> None:
    if kind == "parameters":
        if detail[0] == "one":
            trainer.set_parameter(detail[1], detail[2])
        else:
            trainer.set_parameters(detail[1])
    elif kind == "settings":
        setting = detail[0]
        if setting == "learning_rate":
            trainer.set_learning_rate(detail[1])
        elif setting == "batching":
            trainer.set_batching(detail[1], detail[2])
        elif setting == "optimizer":
            trainer.set_optimizer(detail[1], detail[2])
        elif setting == "regularization":
            trainer.set_regularization(detail[1])
        elif setting == "validation":
            trainer.set_validation(detail[1])
        else:  # buffer_entry
            trainer.set_buffer_entry(*detail[1:])
    elif kind == "data":
        if isinstance(detail[0], DataEdit):
            trainer.edit_data(*detail)  # an edit by hand: what it changed
        else:
            trainer.set_data(*detail)  # new data: the arrays


def export_trace(
    journal: Journal,
    path,
    quantities=None,
    every: int = 1,
    progress: Callable[[int, int], bool | None] | None = None,
) -> int:
    """Write the trace of everything the journal has seen to ``path``; returns the
    number of rows. On cancel or error nothing is left at ``path`` (an existing
    file there is kept)."""
    trainer = Trainer(journal.initial.copy())
    with TraceWriter(path, quantities, every) as trace:
        trace.attach(trainer)
        journal._run(trainer, progress)
    return trace.rows
