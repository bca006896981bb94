"""What the command line prints: one-line messages, progress, run summaries."""

from __future__ import annotations

import math
import sys
import time


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes, and
    characters that cannot be encoded (lone surrogates) as ``\\udXXX``: every
    message stays one line whatever a file name holds."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode()
        for ch in text
    )


def print_summary(session, done, losses, final) -> None:
    print(f"{session.name}: {done} update(s), now at step {session.step}")
    if losses:
        first_step, first = losses[0]
        best_step, best = min(
            losses, key=lambda p: p[1] if math.isfinite(p[1]) else math.inf
        )
        print(f"  loss before update {first_step}: {first:.12g}")
        print(f"  lowest loss seen:  {best:.12g} (before update {best_step})")
    print(f"  loss now ({session.spec.loss}): {final:.12g}")


class Progress:
    """A progress line on stderr for work that takes more than a second."""

    def __init__(self, total: int, unit: str = "step") -> None:
        self.total = total
        self.unit = unit
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False
        self.tty = sys.stderr.isatty()

    def show(self, done: int, loss: float | None = None) -> None:
        now = time.monotonic()
        if now - self.start < 1.0 or now - self.last < (0.25 if self.tty else 5.0):
            return
        self.last = now
        text = f"{self.unit} {done}/{self.total} ({100 * done // self.total}%)"
        if loss is not None:
            text += f"  loss {loss:.6g}"
        print(
            ("\r" + text) if self.tty else text,
            end="" if self.tty else "\n",
            file=sys.stderr,
            flush=True,
        )
        self.shown = True

    def finish(self) -> None:
        if self.shown and self.tty:
            print(file=sys.stderr)
