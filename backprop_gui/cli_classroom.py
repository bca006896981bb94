"""The classroom commands: ``export-script`` and ``worked-example``."""

from __future__ import annotations

from .cli_arguments import CliError
from .cli_load import load_session_of as _load
from .cli_load import reason as _reason
from .cli_output import one_line, say


def _check_output(path: str, suffixes: tuple[str, ...], kinds: str) -> None:
    """Refuse an output of another kind, or one that cannot be written, before
    any work."""
    from .core.io.write_target import writable_target

    if not path.lower().endswith(suffixes):
        raise CliError(f"-o {path!r}: name {kinds}")
    try:
        writable_target(path)
    except OSError as exc:
        raise CliError(f"-o {path!r}: cannot write ({_reason(exc)})") from None


def cmd_export_script(args) -> int:
    from . import __version__
    from .core.io.script_export import MAX_SCRIPT_STEPS, write_script

    if args.steps > MAX_SCRIPT_STEPS:
        raise CliError(
            f"--steps {args.steps:,}: a script prints every number of every update; "
            f"export at most {MAX_SCRIPT_STEPS:,}"
        )
    _check_output(args.output, (".py", ".ipynb"), "a .py script or an .ipynb notebook")
    session = _load(args)
    try:
        write_script(session, args.steps, args.output, __version__)
    except OSError as exc:
        raise CliError(f"{args.output}: cannot write ({_reason(exc)})") from None
    say(f"wrote {one_line(args.output)}: {session.name}, {args.steps} update(s)")
    return 0


def cmd_worked_example(args) -> int:
    from .core.debugger.worked_example import worked_example
    from .core.io.worked_document import WRITERS, write_document

    _check_output(args.output, tuple(WRITERS), "a .md, .html or .tex file")
    session = _load(args)
    if args.step is not None and args.step - session.step > 1_000_000:
        raise CliError(
            f"--step {args.step:,} is more than a million updates after the "
            f"session's step {session.step:,}"
        )
    try:
        document = worked_example(session, args.step)
        write_document(document, args.output)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"{args.output}: cannot write ({_reason(exc)})") from None
    say(f"wrote {one_line(args.output)}: {document.title}")
    return 0
