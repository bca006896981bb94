"""Writes cut short never leave half a file: signals sent to a running CLI,
SIGKILL and the leftovers it leaves, a full disk (``RLIMIT_FSIZE``: the same
EFBIG/ENOSPC path), and image writers that stop early.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from processes import dead_pid
from session_data import session_json

from backprop_gui.core.io.atomic_write import (
    TEMP_MARK,
    atomic_write,
    remove_stale_temporaries,
    write_via_temp,
)


def _default_signals(preexec=None):
    """Ctrl+C as at a terminal: a test run started in the background (``cmd &``)
    passes SIGINT on ignored, and the child would never see it."""

    def setup():
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if preexec is not None:
            preexec()

    return setup


_STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _no_process_left_running():
    """A test that fails while its CLI process runs kills it, so the process's
    ResourceWarning does not fail whichever test comes next."""
    yield
    while _STARTED:
        proc = _STARTED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def _cli_process(tmp_path, *argv, preexec=None):
    code = "import sys; from backprop_gui.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *argv],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_signals(preexec),
    )
    _STARTED.append(proc)
    return proc


def _wait_for_temporary(tmp_path, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in os.listdir(tmp_path) if TEMP_MARK in p]
        if found and os.path.getsize(tmp_path / found[0]) > 0:
            return found
        time.sleep(0.05)
    raise AssertionError("the trace never started")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_during_a_trace_removes_the_temporary_and_keeps_the_old_file(
    tmp_path, signum
):
    old = tmp_path / "t.csv"
    old.write_text("old trace\n")
    proc = _cli_process(
        tmp_path, "run", "--preset", "xor", "--steps", "100000000", "--trace", "t.csv"
    )
    _wait_for_temporary(tmp_path)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert err.count("\n") == 1, err
    assert sorted(os.listdir(tmp_path)) == ["t.csv"]
    assert old.read_text() == "old trace\n"


def test_after_sigkill_the_next_write_removes_the_leftover_and_says_so(tmp_path):
    proc = _cli_process(
        tmp_path, "run", "--preset", "xor", "--steps", "100000000", "--trace", "t.csv"
    )
    _wait_for_temporary(tmp_path)
    proc.kill()
    proc.communicate(timeout=60)
    assert [p for p in os.listdir(tmp_path) if TEMP_MARK in p]
    again = _cli_process(tmp_path, "run", "--preset", "xor", "--trace", "t.csv")
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert "removed 1 temporary file(s) left beside t.csv" in err
    assert sorted(os.listdir(tmp_path)) == ["t.csv"]


def test_sigterm_while_the_first_trace_rows_are_written(tmp_path):
    """The init rows of a big network take seconds: a signal then must clean up
    too (found in review)."""
    session = session_json(
        layers=[2000, 2000, 1], inputs=[[0.0] * 2000], targets=[[1.0]]
    )
    (tmp_path / "big.json").write_text(json.dumps(session))
    argv = ["run", "--session", "big.json", "--trace", "t.csv", "--steps", "100000000"]
    proc = _cli_process(tmp_path, *argv)
    _wait_for_temporary(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert sorted(os.listdir(tmp_path)) == ["big.json"]


def test_stale_temporaries_of_dead_processes_are_removed_live_ones_kept(
    tmp_path, caplog
):
    target = tmp_path / "trace.csv"
    dead = dead_pid()
    stale = tmp_path / f".trace.csv.{dead}-0000abcd{TEMP_MARK}"
    live = tmp_path / f".trace.csv.{os.getpid()}-0000abcd{TEMP_MARK}"
    other = tmp_path / f".other.csv.{dead}-0000abcd{TEMP_MARK}"
    for path in (stale, live, other):
        path.write_text("x")
    with atomic_write(target) as handle:
        handle.write("new")
    assert not stale.exists() and live.exists() and other.exists()
    assert "removed 1 temporary file(s) left beside trace.csv" in caplog.text
    assert remove_stale_temporaries(target) == []


def test_a_live_write_to_a_similar_name_is_never_taken_for_a_leftover(tmp_path):
    """Found by a hostile-input probe: "t.99999-x" (and "results.2024-01-05.csv"
    beside "results") looked like a leftover of process 99999 writing "t"."""
    live = tmp_path / f".t.99999-x.{os.getpid()}-abcdef12{TEMP_MARK}"
    dated = tmp_path / f".results.2024-01-05.csv.{os.getpid()}-abcdef12{TEMP_MARK}"
    for path in (live, dated):
        path.write_text("a write in progress")
    for target in ("t", "results"):
        with atomic_write(tmp_path / target) as handle:
            handle.write("x")
    assert live.exists() and dated.exists()


def _limit_file_size():
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, as a full disk's ENOSPC
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_a_full_disk_during_a_trace_is_one_line_exit_2_and_keeps_the_old_file(
    tmp_path,
):
    old = tmp_path / "t.csv"
    old.write_text("old trace\n")
    proc = _cli_process(
        tmp_path,
        "run",
        "--preset",
        "xor",
        "--steps",
        "100000",
        "--trace",
        "t.csv",
        preexec=_limit_file_size,
    )
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err
    assert err.count("\n") == 1 and "t.csv: cannot write trace" in err, err
    assert sorted(os.listdir(tmp_path)) == ["t.csv"]
    assert old.read_text() == "old trace\n"


def test_an_image_writer_must_produce_a_complete_file(tmp_path):
    target = tmp_path / "plot.png"
    target.write_bytes(b"good image")

    def truncated(name):
        Path(name).write_bytes(b"\x89PNG\r\n\x1a\n partial")

    for write, verify in (
        (truncated, lambda name: False),
        (lambda name: False, lambda name: True),  # the exporter said it failed
        (lambda name: None, lambda name: True),  # wrote nothing
    ):
        with pytest.raises(OSError):
            write_via_temp(target, write, verify)
        assert target.read_bytes() == b"good image"
        assert os.listdir(tmp_path) == ["plot.png"]


@pytest.mark.parametrize("writer", ["session", "trace"])
def test_ctrl_c_at_any_line_of_a_write_leaves_no_temporary_file(tmp_path, writer):
    """Found by a hostile probe: a KeyboardInterrupt landing between the
    temporary file's creation and the code that removes it (and, in
    os.fdopen's setup, a second close giving EBADF) left a .bpgtmp file in 5%
    of random interrupts. Here an interrupt is raised at each line the write
    runs in atomic_write.py and the writer's module, one after the other:
    never a temporary file, and the target is the old file or the whole new
    one."""
    import gc
    import sys

    import backprop_gui.core.io.atomic_write as atomic
    import backprop_gui.core.io.session_writer as session_writer
    import backprop_gui.core.io.trace as trace_writer
    from backprop_gui.core import TraceWriter, Trainer, load_preset, save_session

    files = {atomic.__file__, session_writer.__file__, trace_writer.__file__}

    session = load_preset("xor")
    target = tmp_path / "out"
    old = b"the old file\n"

    def write():
        if writer == "session":
            save_session(session, target)
        else:
            with TraceWriter(target) as trace:
                trace.attach(Trainer(session))

    write()
    new = target.read_bytes()
    line = 0
    while True:
        line += 1
        target.write_bytes(old)
        seen = [0]

        def tracer(frame, event, arg, line=line, seen=seen):
            if frame.f_code.co_filename in files and event == "line":
                seen[0] += 1
                if seen[0] == line:
                    sys.settrace(None)
                    raise KeyboardInterrupt
            return tracer

        sys.settrace(tracer)
        try:
            write()
            interrupted = False
        except KeyboardInterrupt:
            interrupted = True
        finally:
            sys.settrace(None)
        # an interrupt on the first instruction of a cleanup (__exit__'s
        # entry) cannot be caught in Python: the file goes with the writer
        # object, at the next collection or at exit
        gc.collect()
        assert [p.name for p in tmp_path.iterdir()] == ["out"], line
        assert target.read_bytes() in (old, new), line
        if not interrupted:
            break
    assert line > 20  # every line of the write was interrupted once
