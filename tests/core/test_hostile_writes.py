"""Writes never replace what is not theirs, never leave half a file, and fail early.

Faults are real where the machine allows: device nodes (as root), FIFOs, sockets,
symlinks, a file-size limit (``RLIMIT_FSIZE``, the same EFBIG/ENOSPC path as a full
disk) and signals sent to a running CLI.
"""

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from processes import dead_pid

from backprop_gui.cli import main
from backprop_gui.core.io.atomic_write import (
    TEMP_MARK,
    WriteRefused,
    atomic_write,
    remove_stale_temporaries,
    writable_target,
    write_via_temp,
)


def cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def special_files(folder: Path) -> dict[str, Path]:
    """A FIFO, a socket, a folder and (as root) a character device in ``folder``."""
    made = {"fifo": folder / "fifo", "folder": folder / "dir"}
    os.mkfifo(made["fifo"])
    made["folder"].mkdir()
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock"))  # the socket file stays after closing
    made["socket"] = folder / "sock"
    if os.geteuid() == 0:
        os.mknod(folder / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        made["device"] = folder / "null"
    return made


@pytest.mark.parametrize("option", ["--trace", "--save"])
def test_special_files_are_refused_before_the_run_and_left_alone(
    tmp_path, capsys, option
):
    for kind, path in special_files(tmp_path).items():
        before = os.lstat(path)
        code, out, err = cli(capsys, "run", "--preset", "mazur", option, str(path))
        assert code == 2, kind
        assert out == "", "refused before the first update"
        assert err.count("\n") == 1 and "cannot write" in err, err
        after = os.lstat(path)
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert not [p for p in os.listdir(tmp_path) if TEMP_MARK in p]


def test_a_symlink_is_written_through_to_its_target(tmp_path, capsys):
    real = tmp_path / "real.json"
    real.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    code, _, err = cli(capsys, "run", "--preset", "mazur", "--save", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert "backprop-gui-session" in real.read_text()


def test_a_read_only_file_is_not_replaced(tmp_path, capsys):
    kept = tmp_path / "kept.json"
    kept.write_text("mine")
    kept.chmod(0o444)
    code, out, err = cli(capsys, "run", "--preset", "mazur", "--save", str(kept))
    assert code == 2 and "read-only" in err and out == ""
    assert kept.read_text() == "mine"
    with pytest.raises(WriteRefused, match="read-only"):
        writable_target(kept)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give files away")
def test_replacing_a_file_keeps_its_owner(tmp_path, capsys):
    target = tmp_path / "theirs.json"
    target.write_text("{}")
    os.chown(target, 65534, 65534)  # nobody
    code, _, err = cli(capsys, "run", "--preset", "mazur", "--save", str(target))
    assert code == 0, err
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (65534, 65534)
    assert "backprop-gui-session" in target.read_text()


def test_empty_and_same_output_paths_are_refused(tmp_path, capsys):
    for argv in (["--trace", ""], ["--save", ""], ["--save", "  "]):
        code, _, err = cli(capsys, "run", "--preset", "mazur", *argv)
        assert code == 2 and "no file name" in err, argv
    same = str(tmp_path / "x")
    code, _, err = cli(
        capsys, "run", "--preset", "mazur", "--trace", same, "--save", same
    )
    assert code == 2 and "same file" in err


def test_a_folder_as_output_fails_before_a_long_run(tmp_path, capsys):
    code, out, err = cli(
        capsys, "run", "--preset", "spirals", "--steps", "10000000", "--save", "."
    )
    assert code == 2 and out == "" and "folder" in err
    code, out, err = cli(
        capsys, "run", "--preset", "spirals", "--steps", "10000000", "--save", ".."
    )
    assert code == 2 and out == "" and "names a folder" in err


def test_the_longest_valid_name_can_be_written(tmp_path):
    target = tmp_path / ("a" * 250 + ".json")
    with atomic_write(target) as handle:
        handle.write("ok")
    assert target.read_text() == "ok"
    assert os.listdir(tmp_path) == [target.name]
    with pytest.raises(WriteRefused, match="too long|longer than"):
        writable_target(tmp_path / ("a" * 256))


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


def _cli_process(tmp_path, *argv, preexec=None):
    code = "import sys; from backprop_gui.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, *argv],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
    )


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


@pytest.mark.parametrize("name", ["target.csv/", "newdir/", "x/.", "x/.."])
def test_a_path_ending_in_a_folder_is_refused(tmp_path, capsys, name):
    target = tmp_path / "target.csv"
    target.write_text("keep")
    (tmp_path / "x").mkdir()
    code, out, err = cli(
        capsys, "run", "--preset", "xor", "--trace", str(tmp_path) + "/" + name
    )
    assert code == 2 and out == "" and "folder" in err
    assert target.read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target.csv", "x"]


@pytest.mark.skipif(os.geteuid() != 0, reason="root ignores permissions: the rule")
def test_a_read_only_folder_is_refused_even_for_root(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    code, _, err = cli(capsys, "run", "--preset", "xor", "--save", str(folder / "f"))
    assert code == 2 and "is not writable" in err
    assert list(folder.iterdir()) == []


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


def test_sigterm_while_the_first_trace_rows_are_written(tmp_path):
    """The init rows of a big network take seconds: a signal then must clean up
    too (found in review)."""
    session = {
        "format": "backprop-gui-session",
        "version": 1,
        "layers": [2000, 2000, 1],
        "activations": ["tanh", "sigmoid"],
        "loss": "bce",
        "init": {"scheme": "xavier", "seed": 1},
        "inputs": [[0.0] * 2000],
        "targets": [[1.0]],
    }
    (tmp_path / "big.json").write_text(json.dumps(session))
    argv = ["run", "--session", "big.json", "--trace", "t.csv", "--steps", "100000000"]
    proc = _cli_process(tmp_path, *argv)
    _wait_for_temporary(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert sorted(os.listdir(tmp_path)) == ["big.json"]


def test_an_output_may_not_replace_the_runs_input(tmp_path, capsys):
    data = tmp_path / "d.csv"
    data.write_text("0,0,0\n1,1,0\n")
    for option in ("--trace", "--save"):
        code, _, err = cli(
            capsys, "run", "--preset", "xor", "--data", str(data), option, str(data)
        )
        assert code == 2 and "would replace the --data file" in err
    assert data.read_text() == "0,0,0\n1,1,0\n"


def test_a_run_may_not_pass_the_step_limit(tmp_path, capsys):
    from backprop_gui.core import load_preset, save_session
    from backprop_gui.core.engine.limits import MAX_STEP

    session = load_preset("xor")
    session.step = MAX_STEP - 1
    save_session(session, tmp_path / "s.json")
    code, out, err = cli(
        capsys, "run", "--session", str(tmp_path / "s.json"), "--steps", "2"
    )
    assert code == 2 and out == "" and "would pass the limit" in err
    code, out, err = cli(
        capsys, "run", "--session", str(tmp_path / "s.json"), "--steps", "1"
    )
    assert code == 0, err
