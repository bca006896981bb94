"""Which files a write may replace, checked before any work: special files,
symlinks, read-only files and folders, names, and a run's own inputs.

Device nodes are made only as root; FIFOs, sockets and symlinks always.
"""

import os
import socket
import stat
from pathlib import Path

import pytest
from cli_runs import run_cli as cli

from backprop_gui.core.io.atomic_write import TEMP_MARK, atomic_write
from backprop_gui.core.io.write_target import WriteRefused, writable_target


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


def test_an_output_may_not_replace_the_runs_input(tmp_path, capsys):
    data = tmp_path / "d.csv"
    data.write_text("0,0,0\n1,1,0\n")
    for option in ("--trace", "--save"):
        code, _, err = cli(
            capsys, "run", "--preset", "xor", "--data", str(data), option, str(data)
        )
        assert code == 2 and "would replace the --data file" in err
    assert data.read_text() == "0,0,0\n1,1,0\n"
