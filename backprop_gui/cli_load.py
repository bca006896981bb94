"""What every command shares: the session named by --preset/--session (with the
dataset of --data), and the short reason of an OS error."""

from __future__ import annotations

from .cli_arguments import CliError


def load_session_of(args):
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


def reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)
