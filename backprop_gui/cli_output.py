"""What the command line prints: one-line messages, progress, run summaries."""

from __future__ import annotations

import errno
import math
import sys
import time

from .core.io.shown_text import one_line

__all__ = ["LossSummary", "Progress", "one_line", "print_summary", "say"]

#: The first failure to write to standard output (None while it works).
_stdout_failure: OSError | None = None


def say(text: str = "") -> None:
    """Print a line on standard output. A failure (a full disk, a closed stdout or
    pipe) is kept, not raised: the work goes on (a --save is still written) and
    :func:`stdout_failure` reports it once at the end."""
    global _stdout_failure
    if _stdout_failure is not None:
        return
    if sys.stdout is None:
        _stdout_failure = OSError(errno.EBADF, "standard output is closed")
        return
    try:
        print(text, flush=True)
    except OSError as exc:
        _stdout_failure = exc
    except ValueError:  # a closed file object
        _stdout_failure = OSError(errno.EBADF, "standard output is closed")


def stdout_failure() -> OSError | None:
    return _stdout_failure


def reset_stdout_failure() -> None:
    global _stdout_failure
    _stdout_failure = None


class LossSummary:
    """The first, lowest and latest loss of a run, kept in constant memory (a run
    of 10^8 updates must not keep 10^8 losses)."""

    def __init__(self) -> None:
        self.first: tuple[int, float] | None = None
        self.best: tuple[int, float] | None = None
        self.latest = math.nan

    def add(self, step: int, loss: float) -> None:
        self.latest = loss
        if self.first is None:
            self.first = (step, loss)
        if math.isfinite(loss) and (self.best is None or loss < self.best[1]):
            self.best = (step, loss)


def print_summary(
    session, done: int, step: int, losses: LossSummary, final, scores=None
) -> None:
    """``final`` is the forward pass of the parameters now (on the next batch);
    ``scores`` the evaluation of those parameters on every training and
    validation sample (or None)."""
    say(f"{one_line(session.name)}: {done} update(s), now at step {step}")
    if session.optimizer.name != "sgd" or session.optimizer.weight_decay:
        say(f"  optimizer: {session.optimizer.describe()}")
    if losses.first is not None:
        first_step, first = losses.first
        best_step, best = losses.best or losses.first
        say(f"  loss before update {first_step}: {first:.12g}")
        say(f"  lowest loss seen:  {best:.12g} (before update {best_step})")
    if final.penalty is None:
        say(f"  loss now ({session.spec.loss}): {final.loss:.12g}")
    else:
        say(
            f"  loss now ({session.spec.loss} + penalty): {final.loss:.12g} = "
            f"{final.data_loss:.12g} + {final.penalty:.12g} "
            f"({session.regularization.describe()})"
        )
    if scores is not None:
        print_scores(scores)


def print_scores(scores) -> None:
    """The validation loss, and a line starting ``accuracy:`` for classes."""
    train, validation = scores.training, scores.validation
    if validation is not None:
        say(f"  validation loss ({validation.samples} samples): {validation.loss:.12g}")
    if train.correct is not None:
        parts = [f"train {_share(train)}"]
        if validation is not None:
            parts.append(f"validation {_share(validation)}")
        say("accuracy: " + ", ".join(parts))


def _share(scores) -> str:
    return f"{100 * scores.accuracy:.2f}% ({scores.correct}/{scores.samples})"


def note(text: str) -> None:
    """``note: …`` on stderr (something the user should know; never fatal)."""
    try:
        print(f"note: {text}", file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):
        pass


class ReadProgress:
    """``reading FILE: 41%`` on stderr while a large file loads."""

    def __init__(self, name: str) -> None:
        self.line = Progress(100, f"reading {one_line(name)}:")

    def __call__(self, done: int, total: int) -> None:
        self.line.show_text(f"{self.line.unit} {100 * done // max(total, 1)}%")

    def finish(self) -> None:
        self.line.finish()


class Progress:
    """A progress line on stderr for work that takes more than a second. It never
    stops the work: a closed or broken stderr just ends the progress lines."""

    def __init__(self, total: int, unit: str = "step") -> None:
        self.total = total
        self.unit = unit
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False
        self.stream = sys.stderr
        try:
            self.tty = self.stream is not None and self.stream.isatty()
        except (OSError, ValueError):
            self.tty = False

    def show(self, done: int, loss: float | None = None) -> None:
        text = f"{self.unit} {done}/{self.total} ({100 * done // self.total}%)"
        if loss is not None:
            text += f"  loss {loss:.6g}"
        self.show_text(text)

    def show_text(self, text: str) -> None:
        now = time.monotonic()
        if now - self.start < 1.0 or now - self.last < (0.25 if self.tty else 5.0):
            return
        self.last = now
        self._write(("\r" + text) if self.tty else text + "\n")
        self.shown = True

    def finish(self) -> None:
        if self.shown and self.tty:
            self._write("\n")

    def _write(self, text: str) -> None:
        if self.stream is None:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.stream = None  # stderr is gone: no more progress lines
