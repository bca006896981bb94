"""Child processes for tests: ids of dead processes (what they leave behind),
and loads run under a resource limit."""

import subprocess
import sys


def dead_pid() -> str:
    """The id of a process that has just ended (as a SIGKILLed writer's would
    be): a child that prints its own id and exits."""
    return subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def refusal_under_limit(load: str, limit: str, value: int) -> tuple[str, str]:
    """What ``load`` (a call of ``load_session`` or ``load_weights``) refuses with,
    run in a subprocess whose resource ``limit`` (``RLIMIT_AS``, ``RLIMIT_CPU``) is
    ``value``: a load that allocated what a file declares, or ran for ever, dies
    there instead of passing. Returns (stdout: the message, stderr)."""
    code = f"""
import resource
resource.setrlimit(resource.{limit}, ({value}, {value}))
from backprop_gui.core import load_preset, load_session, load_weights
try:
    {load}
except ValueError as exc:
    print(exc)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    return result.stdout, result.stderr
