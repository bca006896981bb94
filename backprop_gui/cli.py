"""Command line: ``backprop-gui`` (the desktop app) and headless subcommands.

    backprop-gui [--preset NAME | SESSION.json]       open the desktop app
    backprop-gui run (--preset NAME | --session FILE) [--data FILE.csv] [--steps N]
                     [--lr X] [--trace FILE.csv] [--trace-every K]
                     [--trace-quantities Q,..] [--save FILE.json]
    backprop-gui gradcheck (--preset NAME | --session FILE) [--data FILE.csv]
                     [--tolerance T]
    backprop-gui presets

Errors (bad arguments, unreadable or invalid files) print one line and exit with 2.
Nothing here imports Qt except the launch of the desktop app.
"""

from __future__ import annotations

import argparse
import logging
import math
import signal
import sys
import time

SUBCOMMANDS = ("run", "gradcheck", "presets")


class CliError(Exception):
    """An error reported as one line, exit code 2."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl+C (temporary files removed),
    then exit with 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum, frame) -> None:
    raise Terminated(signum)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line instead of usage + message
        raise CliError(f"{message} (see {self.prog} --help)")


def build_parsers() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    gui = _Parser(prog="backprop-gui", description="Step through backpropagation.")
    gui.add_argument("session", nargs="?", help="a session file to open")
    gui.add_argument(
        "--preset", help="open a built-in preset (see: backprop-gui presets)"
    )

    tools = _Parser(prog="backprop-gui")
    sub = tools.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="train headless")
    _add_source(run)
    run.add_argument(
        "--steps", type=_count, default=1, help="updates to run (default 1)"
    )
    run.add_argument("--lr", type=_number, help="learning rate for this run")
    run.add_argument("--trace", metavar="FILE.csv", help="write the trace CSV here")
    run.add_argument(
        "--trace-every",
        type=_positive,
        default=1,
        metavar="K",
        help="trace only every K-th update",
    )
    run.add_argument(
        "--trace-quantities",
        metavar="Q,..",
        help="comma-separated subset of W,b,a,z,loss,delta,dW,db",
    )
    run.add_argument("--save", metavar="FILE.json", help="save the trained session")
    check = sub.add_parser("gradcheck", help="compare backprop with finite differences")
    _add_source(check)
    check.add_argument(
        "--tolerance",
        type=_tolerance,
        default=1e-6,
        help="fail (exit 1) above this relative error (default 1e-6)",
    )
    sub.add_parser("presets", help="list the built-in presets")
    return gui, tools


def _add_source(parser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--preset", type=_name, help="a built-in preset")
    source.add_argument("--session", type=_name, metavar="FILE", help="a session file")
    parser.add_argument(
        "--data",
        type=_name,
        metavar="FILE.csv",
        help="use this dataset instead (inputs first, then targets, comma-separated)",
    )


# Numbers on the command line follow the rules of files and the table: C-locale
# ASCII digits only (``--lr 0_5``, ``--steps ٣`` and ``1e-400`` are refused), and
# messages never repeat a long argument in full.
MAX_STEPS = 10**12


def _whole(text: str, low: int) -> int:
    shown = text if len(text) <= 20 else text[:20] + "…"
    if not (text.isascii() and text.isdigit()) or len(text) > 13:
        raise argparse.ArgumentTypeError(
            f"{shown!r} is not a whole number from {low} to {MAX_STEPS:,}"
        )
    value = int(text)
    if not low <= value <= MAX_STEPS:
        raise argparse.ArgumentTypeError(
            f"{shown!r} is not a whole number from {low} to {MAX_STEPS:,}"
        )
    return value


def _count(text: str) -> int:
    return _whole(text, 0)


def _positive(text: str) -> int:
    return _whole(text, 1)


def _number(text: str) -> float:
    from .core.io.number_text import parse_number

    try:
        return parse_number(text, sys.float_info.max)  # finite, as in files
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _tolerance(text: str) -> float:
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative; give a number >= 0")
    return value


def _name(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("give a name")
    return text


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    gui, tools = build_parsers()
    try:
        if argv and argv[0] in SUBCOMMANDS:
            args = tools.parse_args(argv)
            for signum in (signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, _on_signal)
            logging.basicConfig(format="backprop-gui: %(message)s")
            sys.stdout.reconfigure(errors="backslashreplace")
            return COMMANDS[args.command](args)
        args = gui.parse_args(argv)
        if args.preset is not None and args.session is not None:
            raise CliError("give either --preset or a session file, not both")
        _check_gui_arguments(args)
        from .qt.launch import launch  # the only Qt import, and only here

        return launch(preset=args.preset, session_path=args.session)
    except CliError as exc:
        print(f"backprop-gui: error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("backprop-gui: interrupted", file=sys.stderr)
        return 130
    except Terminated as exc:
        name = signal.Signals(exc.signum).name
        print(f"backprop-gui: stopped by {name}", file=sys.stderr)
        return 128 + exc.signum


def _check_gui_arguments(args) -> None:
    """Refuse what cannot open before asking for a display: a word that is
    neither a command nor a file, a missing file, an unknown preset."""
    import os

    if args.session is not None and not os.path.exists(args.session):
        word = args.session
        if word and not any(c in word for c in "/\\.") and not word.startswith("-"):
            raise CliError(
                f"unknown command {word!r} (commands: {', '.join(SUBCOMMANDS)}; "
                "or give a session file)"
            )
        raise CliError(f"{word!r}: no such file")
    if args.preset is not None:
        from .core.io.presets import preset_names

        if args.preset not in preset_names():
            raise CliError(
                f"unknown preset {args.preset!r} (known: {', '.join(preset_names())})"
            )


def _load(args):
    """The session named by --preset/--session, with the dataset of --data."""
    from .core import SessionFileError, load_preset, load_session
    from .core.io.dataset_csv import load_dataset_for

    try:
        session = (
            load_preset(args.preset)
            if args.preset is not None
            else load_session(args.session)
        )
    except (SessionFileError, ValueError) as exc:
        raise CliError(str(exc)) from None
    if getattr(args, "data", None) is not None:
        try:
            data = load_dataset_for(session.spec, args.data)
        except ValueError as exc:  # the message names the file
            raise CliError(str(exc)) from None
        session.inputs, session.targets = data.inputs, data.targets
        session.dataset = None
    return session


def cmd_presets(args) -> int:
    from .core.io.presets import preset_names, preset_summary

    names = preset_names()
    width = max(map(len, names))
    for name in names:
        print(f"{name:<{width}}  {preset_summary(name)}")
    return 0


def cmd_run(args) -> int:
    from .core import TraceWriter
    from .core.debugger.debugger import Debugger

    _check_outputs(args)
    debugger = Debugger(_load(args))
    if args.lr is not None:
        try:
            debugger.set_learning_rate(args.lr)
        except ValueError as exc:
            raise CliError(str(exc)) from None
    trace = None
    if args.trace is not None:
        quantities = args.trace_quantities.split(",") if args.trace_quantities else None
        try:
            trace = TraceWriter(args.trace, quantities, args.trace_every)
        except (OSError, ValueError) as exc:
            raise CliError(
                f"{args.trace}: cannot write trace ({_reason(exc)})"
            ) from None
        trace.attach(debugger.trainer)
    losses: list[tuple[int, float]] = []
    debugger.events.subscribe(
        lambda e: losses.append((e.step, e.trainer.forward_result.loss)),
        phases=("forward",),
    )
    progress = _Progress(args.steps)
    stopped = None
    debugger.start_run()
    try:
        done = 0
        while done < args.steps:
            result = debugger.run(min(args.steps - done, 1000))
            done += result.done
            progress.show(done, losses[-1][1] if losses else math.nan)
            what = debugger.non_finite()
            if what is not None:
                stopped = f"stopped at step {debugger.step}: {what} is not finite"
                break
    except OSError as exc:  # only the trace writes during a run (a full disk)
        if trace is not None:
            trace.abort()
        raise CliError(f"{args.trace}: cannot write trace ({_reason(exc)})") from None
    except BaseException:
        if trace is not None:
            trace.abort()
        raise
    finally:
        progress.finish()
    if trace is not None:
        try:
            trace.close()
        except OSError as exc:
            raise CliError(
                f"{args.trace}: cannot write trace ({_reason(exc)})"
            ) from None
    _print_summary(debugger.session, done, losses, debugger.current_loss())
    if stopped:
        print(stopped)
    if args.save is not None:
        if debugger.back_to_finite():
            print(
                f"saving the last state whose parameters are finite: step "
                f"{debugger.step}"
            )
        try:
            debugger.save(args.save)
        except (OSError, ValueError) as exc:
            raise CliError(f"{args.save}: cannot save ({_reason(exc)})") from None
        print(f"saved session to {one_line(args.save)}")
    if trace is not None:
        print(f"wrote {trace.rows} trace rows to {one_line(args.trace)}")
    return 1 if stopped else 0


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes, and
    characters that cannot be encoded (lone surrogates) as ``\\udXXX``: every
    message stays one line whatever a file name holds."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode()
        for ch in text
    )


def _check_outputs(args) -> None:
    """Refuse unusable output paths before the first update, not after the run."""
    from .core.io.atomic_write import writable_target

    chosen = {}
    for option, path in (("--trace", args.trace), ("--save", args.save)):
        if path is None:
            continue
        try:
            chosen[option] = writable_target(path)
        except OSError as exc:
            raise CliError(
                f"{option} {path!r}: cannot write ({_reason(exc)})"
            ) from None
    if len(chosen) == 2 and chosen["--trace"] == chosen["--save"]:
        raise CliError("--trace and --save name the same file")


def _print_summary(session, done, losses, final) -> None:
    print(f"{session.name}: {done} update(s), now at step {session.step}")
    if losses:
        first_step, first = losses[0]
        best_step, best = min(
            losses, key=lambda p: p[1] if math.isfinite(p[1]) else math.inf
        )
        print(f"  loss before update {first_step}: {first:.12g}")
        print(f"  lowest loss seen:  {best:.12g} (before update {best_step})")
    print(f"  loss now ({session.spec.loss}): {final:.12g}")


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


class _Progress:
    """A progress line on stderr for runs that take more than a second."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False
        self.tty = sys.stderr.isatty()

    def show(self, done: int, loss: float) -> None:
        now = time.monotonic()
        if now - self.start < 1.0 or now - self.last < (0.25 if self.tty else 5.0):
            return
        self.last = now
        text = (
            f"step {done}/{self.total} ({100 * done // self.total}%)  loss {loss:.6g}"
        )
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


def cmd_gradcheck(args) -> int:
    from .core.debugger.debugger import Debugger

    debugger = Debugger(_load(args))
    result = debugger.gradient_check()
    session = debugger.session
    print(
        f"gradient check of {session.name} "
        f"({session.spec.parameter_count()} parameters, step {result.step:g}):"
    )
    for line in result.summary_lines():
        print("  " + line)
    ok = result.worst_error <= args.tolerance
    print(
        f"worst relative error {result.worst_error:.3e}: "
        f"{'ok' if ok else 'ABOVE'} tolerance {args.tolerance:g}"
    )
    return 0 if ok else 1


COMMANDS = {"run": cmd_run, "gradcheck": cmd_gradcheck, "presets": cmd_presets}
