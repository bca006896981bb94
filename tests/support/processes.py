"""Process ids for tests of what dead processes leave behind."""

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
