"""The file commands of the :class:`~.debugger.Debugger`: saving the session and
exporting the trace of what has run (a mixin: the debugger holds ``trainer``,
``journal`` and ``quiz``)."""

from __future__ import annotations

from dataclasses import replace

from ..engine.limits import MAX_STEP
from ..io.session_file import save_session
from ..io.session_writer import check_session_size
from .journal import export_trace


class NotSaveable(ValueError):
    """The session holds values a session file cannot hold (not finite)."""


class FileCommands:
    def check_saveable(self) -> None:
        """NotSaveable when a parameter or an optimizer buffer is not finite (a
        session file holds finite numbers only, so go back to a finite state
        first), or when the dataset is too large to copy into a session file."""
        try:
            check_session_size(self.session)
        except ValueError as exc:
            raise NotSaveable(str(exc)) from None
        if self.step > MAX_STEP:
            raise NotSaveable(
                f"step {self.step:,} is past the limit of {MAX_STEP:,} that a "
                "session file may hold; go back to an earlier step to save"
            )
        found = self.session.params.first_non_finite()
        label = None if found is None else self.session.spec.label(found)
        buffer = self.trainer.non_finite_buffer()
        if label is None and buffer is not None:
            label = (
                f"the optimizer's {buffer[0]} of {self.session.spec.label(buffer[1])}"
            )
        if label is not None:
            raise NotSaveable(
                f"{label} is not finite at step "
                f"{self.step}; a session file holds finite numbers only. Go back "
                "one update (Train > Back one update) to the last finite state "
                "and save that."
            )

    def save(self, path) -> None:
        """Write the session file (NotSaveable: see :meth:`check_saveable`)."""
        self.check_saveable()
        session = self.session
        plan = None if self.quiz is None else self.quiz.plan
        if plan != session.quiz:  # the quiz under way is saved with the session
            session = replace(session, quiz=plan)
        save_session(session, path)

    def export_trace(self, path, quantities=None, every: int = 1, progress=None) -> int:
        """The trace of everything that has run, replayed; returns its rows."""
        return export_trace(self.journal, path, quantities, every, progress)
