"""Predict mode hides every stale number: the numbers of an earlier pass are the
ones the next phase computes again, and at three digits they often give the answer
away. Views ask :func:`hidden` before showing a result that may be stale."""

from __future__ import annotations


def hidden(debugger, fresh: bool) -> bool:
    """Whether a result that is ``fresh`` (the current state's) or not must be
    hidden now: a stale one, while Predict mode is on."""
    return not fresh and debugger.quiz is not None


HIDDEN_TEXT = (
    "hidden in Predict mode: a number of an earlier pass, which the next phase "
    "computes again"
)
