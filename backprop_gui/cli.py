"""Command line: ``backprop-gui`` (the desktop app) and headless subcommands.

    backprop-gui [--preset NAME | SESSION.json]       open the desktop app
    backprop-gui run (--preset NAME | --session FILE) [--data FILE.csv] [--steps N]
                     [--lr X] [--trace FILE.csv] [--trace-every K]
                     [--trace-quantities Q,..] [--save FILE.json]
    backprop-gui gradcheck (--preset NAME | --session FILE) [--data FILE.csv]
                     [--tolerance T] [--sample N [--seed S]]
    backprop-gui presets

Errors (bad arguments, unreadable or invalid files) print one line and exit with 2.
Nothing here imports Qt except the launch of the desktop app.
"""

from __future__ import annotations

import logging
import os
import signal
import sys

from .cli_arguments import SUBCOMMANDS, CliError, build_parsers
from .cli_classroom import cmd_export_script, cmd_worked_example
from .cli_load import load_session_of as _load
from .cli_load import reason as _reason
from .cli_output import (
    LossSummary,
    Progress,
    one_line,
    print_summary,
    reset_stdout_failure,
    say,
    stdout_failure,
)
from .cli_run_options import set_optimizer, trace_quantities


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl+C (temporary files removed),
    then exit with 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum, frame) -> None:
    raise Terminated(signum)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    gui, tools = build_parsers()
    try:
        if argv and argv[0] in SUBCOMMANDS:
            args = tools.parse_args(argv)
            for signum in (signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, _on_signal)
            if sys.stderr is not None:
                logging.basicConfig(format="backprop-gui: %(message)s")
            if sys.stdout is not None:
                sys.stdout.reconfigure(errors="backslashreplace")
            reset_stdout_failure()
            code = COMMANDS[args.command](args)
            failure = stdout_failure()
            if isinstance(failure, BrokenPipeError):
                return 141  # the reader went away (`| head`): quietly, as usual
            if failure is not None:
                raise CliError(
                    f"cannot write to standard output ({_reason(failure)}); the "
                    "work itself is done"
                )
            return code
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


def cmd_presets(args) -> int:
    from .core.io.presets import preset_names, preset_summary

    names = preset_names()
    width = max(map(len, names))
    for name in names:
        say(f"{name:<{width}}  {preset_summary(name)}")
    return 0


def cmd_run(args) -> int:
    from .core import TraceWriter
    from .core.debugger.debugger import Debugger
    from .core.engine.limits import MAX_STEP

    outputs = _check_outputs(args)
    debugger = Debugger(_load(args))
    dataset = debugger.session.dataset or {}
    for output, path in outputs.items():
        if "csv" in dataset and str(path) == os.path.realpath(dataset["csv"]):
            raise CliError(f"{output} would replace the dataset file it trains on")
    if debugger.step + args.steps > MAX_STEP:
        raise CliError(
            f"step {debugger.step:,} + {args.steps:,} updates would pass the limit "
            f"of {MAX_STEP:,} steps"
        )
    try:
        if args.lr is not None:
            debugger.set_learning_rate(args.lr)
        set_optimizer(debugger, args)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    trace = None
    if args.trace is None:
        for option, given in (
            ("--trace-every", args.trace_every),
            ("--trace-quantities", args.trace_quantities),
        ):
            if given is not None:
                raise CliError(f"{option} applies to a --trace FILE.csv")
    else:
        quantities = trace_quantities(args, debugger.session)
        try:
            trace = TraceWriter(args.trace, quantities, args.trace_every or 1)
        except (OSError, ValueError) as exc:
            raise CliError(
                f"{args.trace}: cannot write trace ({_reason(exc)})"
            ) from None
    losses = LossSummary()
    debugger.events.subscribe(
        # the forward phases only: other kinds of events come too (a rewind
        # back to step 0 has no forward result)
        lambda e: (
            e.kind == "phase" and losses.add(e.step, e.trainer.forward_result.loss)
        ),
        phases=("forward",),
    )
    progress = Progress(args.steps)
    stopped = None
    done = 0
    try:
        if trace is not None:
            trace.attach(debugger.trainer)  # the init rows: big for a big network
        debugger.start_run()
        while done < args.steps:
            result = debugger.run(min(args.steps - done, 1000))
            done += result.done
            progress.show(done, losses.latest)
            what = debugger.non_finite()
            if what is not None:
                stopped = f"stopped at step {debugger.step}: {what} is not finite"
                break
        if trace is not None:
            trace.close()
    except OSError as exc:  # only the trace writes here (a full disk)
        if trace is not None:
            trace.abort()
        raise CliError(f"{args.trace}: cannot write trace ({_reason(exc)})") from None
    except BaseException:
        if trace is not None:
            trace.abort()
        raise
    finally:
        progress.finish()
    final, step = debugger.trainer.preview(), debugger.step
    scores = debugger.evaluation() if debugger.session.evaluated else None
    saved_at = None
    if args.save is not None:  # before anything is printed: stdout may fail
        if debugger.back_to_finite():
            saved_at = debugger.step
        try:
            debugger.save(args.save)
        except (OSError, ValueError) as exc:
            raise CliError(f"{args.save}: cannot save ({_reason(exc)})") from None
    print_summary(debugger.session, done, step, losses, final, scores)
    if stopped:
        say(stopped)
    if saved_at is not None:
        say(
            "saving the last state whose parameters and optimizer state are "
            f"finite: step {saved_at}"
        )
    if args.save is not None:
        say(f"saved session to {one_line(args.save)}")
    if trace is not None:
        say(f"wrote {trace.rows} trace rows to {one_line(args.trace)}")
    return 1 if stopped else 0


def _check_outputs(args) -> dict:
    """Refuse unusable output paths before the first update, not after the run;
    the chosen ones by option."""
    from .core.io.write_target import writable_target

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
    for option in ("--data", "--session"):
        source = getattr(args, option[2:], None)
        if source is None:
            continue
        source_path = os.path.realpath(source)
        for output, path in chosen.items():
            if str(path) == source_path:
                raise CliError(f"{output} would replace the {option} file")
    return chosen


def cmd_gradcheck(args) -> int:
    from .core.debugger.debugger import Debugger
    from .core.debugger.gradcheck import SAMPLE_SUGGESTED_ABOVE

    debugger = Debugger(_load(args))
    count = debugger.session.spec.parameter_count()
    if args.sample is None and count > SAMPLE_SUGGESTED_ABOVE:
        print(
            f"backprop-gui: checking all {count:,} parameters (two forward passes "
            "each); --sample N checks N of them",
            file=sys.stderr,
        )
    progress = Progress(min(count, args.sample or count), "parameter")
    try:
        result = debugger.gradient_check(
            progress=lambda done, _total: progress.show(done),
            sample=args.sample,
            seed=args.seed,
        )
    finally:
        progress.finish()
    session = debugger.session
    checked = (
        f"{count} parameters"
        if result.sample is None
        else f"a random sample of {result.sample:,} of {count:,} parameters, seed "
        f"{args.seed}"
    )
    name = one_line(session.name)
    say(f"gradient check of {name} ({checked}, step {result.step:g}):")
    for line in result.summary_lines():
        say("  " + line)
    ok = result.worst_error <= args.tolerance
    say(
        f"worst relative error {result.worst_error:.3e}: "
        f"{'ok' if ok else 'ABOVE'} tolerance {args.tolerance:g}"
    )
    return 0 if ok else 1


COMMANDS = {
    "run": cmd_run,
    "gradcheck": cmd_gradcheck,
    "presets": cmd_presets,
    "export-script": cmd_export_script,
    "worked-example": cmd_worked_example,
}
