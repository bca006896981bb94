"""The command line's grammar: subcommands, options and the types of their values.

Numbers follow the rules of files and the table: C-locale ASCII digits only
(``--lr 0_5``, ``--steps ٣`` and ``1e-400`` are refused), and messages never repeat
a long argument in full.
"""

from __future__ import annotations

import argparse
import sys

from . import __version__ as VERSION

SUBCOMMANDS = ("run", "gradcheck", "presets", "export-script", "worked-example")
#: The largest --steps (and --trace-every, --seed) accepted.
MAX_STEPS = 10**12


class CliError(Exception):
    """An error reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line instead of usage + message
        raise CliError(f"{message} (see {self.prog} --help)")


def build_parsers() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    gui = _Parser(
        prog="backprop-gui",
        description="Step through backpropagation: opens the window.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    gui.add_argument("session", nargs="?", help="a session file to open")
    gui.add_argument(
        "--preset", help="open a built-in preset (see: backprop-gui presets)"
    )
    gui.add_argument("--version", action="version", version=f"backprop-gui {VERSION}")

    tools = _Parser(prog="backprop-gui")
    sub = tools.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="train headless")
    add_source(run)
    run.add_argument(
        "--steps", type=count, default=1, help="updates to run (default 1)"
    )
    run.add_argument("--lr", type=number, help="learning rate for this run")
    add_optimizer_options(run)
    run.add_argument("--trace", metavar="FILE.csv", help="write the trace CSV here")
    run.add_argument(
        "--trace-every",
        type=positive,
        metavar="K",
        help="trace only every K-th update (default 1)",
    )
    run.add_argument(
        "--trace-quantities",
        metavar="Q,..",
        help="comma-separated subset of W,b,a,z,loss,delta,dW,db,"
        "data_loss,penalty,velocity,m,v",
    )
    run.add_argument("--save", metavar="FILE.json", help="save the trained session")
    check = sub.add_parser("gradcheck", help="compare backprop with finite differences")
    add_source(check)
    check.add_argument(
        "--tolerance",
        type=tolerance,
        default=1e-6,
        help="fail (exit 1) above this relative error (default 1e-6)",
    )
    check.add_argument(
        "--sample",
        type=positive,
        metavar="N",
        help="check N parameters drawn at random instead of all (for big networks)",
    )
    check.add_argument(
        "--seed",
        type=count,
        default=0,
        help="seed of the random sample (default 0)",
    )
    sub.add_parser("presets", help="list the built-in presets")
    export = sub.add_parser(
        "export-script",
        help="write the session as a standalone NumPy script or Jupyter notebook",
    )
    add_source(export)
    export.add_argument(
        "--steps",
        type=positive,
        default=1,
        help="updates the script runs (default 1; at most 1,000)",
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        type=name,
        metavar="FILE.py|FILE.ipynb",
        help="where to write it (.py: a script; .ipynb: a notebook)",
    )
    example = sub.add_parser(
        "worked-example",
        help="write one update out like a textbook, every equation with its numbers",
    )
    add_source(example)
    example.add_argument(
        "--step",
        type=positive,
        help="the update to write out (default: the session's next one)",
    )
    example.add_argument(
        "-o",
        "--output",
        required=True,
        type=name,
        metavar="FILE.md|FILE.html|FILE.tex",
        help="where to write it: Markdown, self-contained HTML or LaTeX",
    )
    # the window's --help names the commands too (a user looks there first)
    lines = [f"  {a.dest:<16}{a.help}" for a in sub._choices_actions]
    gui.epilog = (
        "commands (without a window):\n"
        + "\n".join(lines)
        + "\n\nbackprop-gui COMMAND --help describes each."
    )
    return gui, tools


def add_optimizer_options(parser) -> None:
    from .core.engine.optimizer_spec import OPTIMIZERS

    group = parser.add_argument_group(
        "optimizer and penalty (options left out keep the session's)"
    )
    group.add_argument("--optimizer", choices=OPTIMIZERS, help="the update rule")
    for option, text in (
        ("--momentum", "μ of momentum and nesterov"),
        ("--alpha", "α of rmsprop"),
        ("--beta1", "β1 of adam and adamw"),
        ("--beta2", "β2 of adam and adamw"),
        ("--eps", "ε of rmsprop, adam and adamw"),
        ("--weight-decay", "λ: coupled (g + λθ), decoupled for adamw"),
        ("--l1", "L1 penalty on the weights: l1·Σ|w|"),
        ("--l2", "L2 penalty on the weights: (l2/2)·Σw²"),
    ):
        group.add_argument(option, type=number, metavar="X", help=text)


def add_source(parser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--preset", type=name, help="a built-in preset")
    source.add_argument("--session", type=name, metavar="FILE", help="a session file")
    parser.add_argument(
        "--data",
        type=name,
        metavar="FILE.csv",
        help="use this dataset instead (inputs first, then targets, comma-separated)",
    )
    data = parser.add_argument_group("the dataset's meaning")
    data.add_argument(
        "--label-column",
        type=name,
        metavar="NAME",
        help="the --data column holding class labels (a header name, or a number "
        "from 1); every other column is an input",
    )
    data.add_argument(
        "--standardize",
        action="store_true",
        help="scale each input column to mean 0 and std 1 (stored in the session)",
    )
    data.add_argument(
        "--validation",
        type=fraction,
        metavar="F",
        help="hold this fraction of the samples out of training (0 < F < 1)",
    )
    data.add_argument(
        "--validation-seed",
        type=count,
        metavar="S",
        help="seed of the validation split (default 0)",
    )
    data.add_argument(
        "--refer-to-data",
        action="store_true",
        help="a session saved with --save refers to the --data file (by path and "
        "SHA-256) instead of holding a copy of its numbers",
    )


def whole(text: str, low: int) -> int:
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


def count(text: str) -> int:
    return whole(text, 0)


def positive(text: str) -> int:
    return whole(text, 1)


def number(text: str) -> float:
    from .core.io.number_text import parse_number

    try:
        return parse_number(text, sys.float_info.max)  # finite, as in files
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def fraction(text: str) -> float:
    value = number(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def tolerance(text: str) -> float:
    value = number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative; give a number >= 0")
    return value


def name(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("give a name")
    return text
