"""What every command shares: the session named by --preset/--session (with the
dataset of --data), and the short reason of an OS error."""

from __future__ import annotations

import os

from .cli_arguments import CliError
from .cli_output import ReadProgress, note


def load_session_of(args):
    """The session named by --preset/--session, with the dataset of --data."""
    from .core import SessionFileError, load_preset, load_session
    from .core.io.dataset_csv import load_dataset_for

    try:
        if args.preset is not None:
            session = load_preset(args.preset)
        else:
            progress = ReadProgress(args.session)  # a dataset CSV it refers to
            try:
                session = load_session(args.session, progress)
            finally:
                progress.finish()
    except (SessionFileError, ValueError) as exc:
        raise CliError(str(exc)) from None
    from .core.engine.session import description_after_import, frozen_data

    if getattr(args, "data", None) is not None:
        progress = ReadProgress(args.data)
        try:
            data = load_dataset_for(
                session.spec,
                args.data,
                label_column=args.label_column,
                standardize=args.standardize,
                progress=progress,
            )
        except ValueError as exc:  # the message names the file
            raise CliError(str(exc)) from None
        finally:
            progress.finish()
        for note_text in data.notes:
            note(note_text)
        session.inputs, session.targets = (
            frozen_data(data.inputs),
            frozen_data(data.targets),
        )
        session.classes = data.info.classes
        session.input_scaling = data.info.input_scaling
        session.dataset = data.info.source if args.refer_to_data else None
        session.description = description_after_import(
            session.description,
            os.path.basename(args.data),
            data.info.classes,
        )
    else:
        _check_without_data(args)
        if args.standardize:
            _standardize(session)
    if args.validation is not None:
        from .core.engine.validation_split import ValidationSplit

        session.validation = ValidationSplit(args.validation, args.validation_seed or 0)
    elif args.validation_seed is not None:
        raise CliError("--validation-seed goes with --validation F")
    try:
        session.validate()
    except ValueError as exc:
        raise CliError(str(exc)) from None
    return session


def _check_without_data(args) -> None:
    for option, given in (
        ("--label-column", args.label_column is not None),
        ("--refer-to-data", args.refer_to_data),
    ):
        if given:
            raise CliError(f"{option} applies to a --data file")


def _standardize(session) -> None:
    """Standardise a preset's or session file's own inputs."""
    from .core.engine.input_scaling import standardize
    from .core.engine.session import frozen_data

    if session.input_scaling is not None:
        raise CliError("the session's inputs are standardized already")
    inputs, session.input_scaling, text = standardize(session.inputs)
    if text:
        note(text)
    session.inputs = frozen_data(inputs)
    if session.dataset is not None and "csv" in session.dataset:
        session.dataset = None  # the numbers are no longer the file's


def reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)
