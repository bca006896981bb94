"""What the window says after Edit → Undo or Redo, and where a refused one
leaves the undo history."""

from __future__ import annotations

from .commands import RefusableCommand


def after_undo(window, done: str, command) -> None:
    """After Undo (``done`` "Undone") or Redo ("Redone") of ``command``: say
    what it did. A refused one keeps its place in the history the first time
    (the stack had moved past it, so it could not be undone once a rewind
    brought its value back; found in a real-window trial) and is passed over
    when refused again at once (else nothing older could be undone)."""
    if isinstance(command, RefusableCommand):
        if not command.failed:
            command.refusals = 0
        elif command.refusals == 0:
            command.refusals = 1
            command.stay()
            stack = window.undo_stack
            stack.setIndex(stack.index() + (1 if done == "Undone" else -1))
            key = "Ctrl+Z" if done == "Undone" else "Ctrl+Shift+Z"
            text = window.messages.text()
            window.show_message(f"{text} ({key} again skips it)", True)
            return
        else:
            command.refusals = 0
            window.show_message(f"Skipped: {command.text()} (it could not apply)")
            return
    if command is not None and not getattr(command, "failed", False):
        note = getattr(command, "note", "")
        window.show_message(f"{done}: {command.text()}" + (note and f" ({note})"))
