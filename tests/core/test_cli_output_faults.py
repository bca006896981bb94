"""A full, closed or broken stdout or stderr never stops a run nor loses its
``--save``; it is reported once.
"""

import os
import subprocess
import sys


def _run_with_stdout(tmp_path, stdout, preexec=None):
    code = "import sys; from backprop_gui.cli import main; sys.exit(main(sys.argv[1:]))"
    argv = ["run", "--preset", "xor", "--steps", "3", "--save", "p.json"]
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        cwd=tmp_path,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
        timeout=60,
    )


def test_a_full_stdout_is_one_line_and_the_session_is_still_saved(tmp_path):
    with open("/dev/full", "w") as full:
        result = _run_with_stdout(tmp_path, full)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "backprop-gui: error: cannot write to standard output (No space left on "
        "device); the work itself is done"
    ]
    assert (tmp_path / "p.json").exists()


def test_a_closed_stdout_and_a_closed_pipe(tmp_path):
    result = _run_with_stdout(tmp_path, None, preexec=lambda: os.close(1))
    assert result.returncode == 2 and "standard output" in result.stderr
    assert "Traceback" not in result.stderr and (tmp_path / "p.json").exists()
    (tmp_path / "p.json").unlink()
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written (`| true`)
    try:
        result = _run_with_stdout(tmp_path, write)
    finally:
        os.close(write)
    assert result.returncode == 141 and result.stderr == ""
    assert (tmp_path / "p.json").exists()


def test_a_closed_or_broken_stderr_never_stops_the_run(tmp_path):
    """Found in review: a failed progress line was taken for a failed trace."""
    code = (
        "import sys, time; from backprop_gui import cli_output\n"
        "clock = iter(range(0, 10**6, 2))\n"  # a progress line at every chance
        "cli_output.time.monotonic = lambda: next(clock)\n"
        "from backprop_gui.cli import main\n"
        "sys.exit(main(sys.argv[1:]))"
    )
    argv = ["run", "--preset", "xor", "--steps", "3000", "--save", "p.json"]
    for how in ("closed", "broken pipe"):
        read, write = os.pipe()
        os.close(read)
        result = subprocess.run(
            [sys.executable, "-c", code, *argv],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=write if how == "broken pipe" else subprocess.DEVNULL,
            preexec_fn=(lambda: os.close(2)) if how == "closed" else None,
            text=True,
            timeout=60,
        )
        os.close(write)
        assert result.returncode == 0, how
        assert "now at step 3000" in result.stdout
        assert (tmp_path / "p.json").exists()
        (tmp_path / "p.json").unlink()
