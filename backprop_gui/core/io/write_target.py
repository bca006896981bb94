"""Which files the app may replace, checked before anything is written (by
:func:`writable_target`, so a long run can refuse its output paths before its
first update); a refused target is one clear message. The rules:

* a symbolic link is followed: the file it points to is replaced, the link stays;
* an existing target must be a regular file the user may write: a directory, a
  device, a FIFO or a socket is refused, and so is a read-only file (one the user
  may not write, or one without any write permission bit, even for root);
* the folder must exist and be writable, and the name must not be empty.

The writing itself is :mod:`.atomic_write`'s."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class WriteRefused(OSError):
    """A target the app will not write; ``strerror`` is the message for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(errno.EPERM, message)

    def __str__(self) -> str:
        return self.strerror


def writable_target(path) -> Path:
    """The file a write to ``path`` will replace (symlinks resolved), after checking
    that it may be replaced; :class:`WriteRefused` (an ``OSError``) says why not."""
    text = os.fspath(path)
    if not text or not text.strip():
        raise WriteRefused("no file name given")
    if "\0" in text:
        raise WriteRefused("the file name contains a NUL character")
    if text.endswith(("/", os.sep, os.altsep or "/")) or os.path.basename(text) in (
        ".",
        "..",
    ):
        raise WriteRefused("names a folder, not a file")
    target = Path(os.path.realpath(text))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise WriteRefused(f"cannot use this path ({exc.strerror or exc})") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise WriteRefused("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise WriteRefused(
                f"is a {_kind(info.st_mode)}, not a regular file; choose a file"
            )
        # Even where the user could override them (root), write-protection bits
        # say the file is not to be replaced.
        if not os.access(target, os.W_OK) or not info.st_mode & 0o222:
            raise WriteRefused("the file is read-only")
    folder = target.parent
    if not folder.is_dir():
        raise WriteRefused(f"folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or not folder.stat().st_mode & 0o222:
        raise WriteRefused(f"folder {folder} is not writable")
    name_max = _name_max(folder)
    if len(os.fsencode(target.name)) > name_max:
        raise WriteRefused(f"the file name is longer than {name_max} bytes")
    return target


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255
