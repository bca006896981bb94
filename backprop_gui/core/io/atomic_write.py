"""Write files so that a reader never sees half of one, and never write over what is
not ours to replace.

Everything the app writes goes to a temporary file beside the target first; only a
complete, verified write replaces the target (``os.replace`` is atomic on one file
system). If anything fails or the write is cancelled, the temporary file is removed
and the old target is left as it was.

Rules for the target (checked by :func:`writable_target` before anything is
written, so a long run can refuse its output paths before its first update):

* a symbolic link is followed: the file it points to is replaced, the link stays;
* an existing target must be a regular file the user may write: a directory, a
  device, a FIFO or a socket is refused, and so is a read-only file (one the user
  may not write, or one without any write permission bit, even for root);
* the folder must exist and be writable, and the name must not be empty.

Temporary files are named ``.<start of the target's name>.<pid>-<random>.bpgtmp``
(image exporters keep the target's ending), short enough for any valid target name.
A process killed outright (SIGKILL, power loss) leaves its temporary file behind;
the next write to the same target removes the ones whose process is gone and says
so on the ``backprop_gui.files`` logger (:func:`remove_stale_temporaries`).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import secrets
import stat
from pathlib import Path

from .shown_text import one_line

log = logging.getLogger("backprop_gui.files")

TEMP_MARK = ".bpgtmp"
_TEMP_TAG = re.compile(r"([0-9]{1,10})-[0-9a-f]{8}\.bpgtmp(?:\.[^.]*)?")
#: Bytes of the target's name kept in a temporary name (names are <= 255 bytes).
_NAME_PREFIX_BYTES = 200


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


def _temp_prefix(target: Path) -> str:
    name = os.fsencode(target.name)[:_NAME_PREFIX_BYTES]
    return "." + name.decode(errors="ignore")


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove temporary files left beside ``target`` by writes whose process no
    longer runs (killed with SIGKILL, say); returns the removed paths."""
    prefix = _temp_prefix(target) + "."
    removed = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix):
            continue
        # exactly "<pid>-<8 hex digits>.bpgtmp[<ending>]" after the prefix: the
        # temporary file of a target whose name merely starts the same way
        # ("t" and "t.2024-01-05.csv") has more in between and is not touched
        tag = _TEMP_TAG.fullmatch(name[len(prefix) :])
        if tag is None or _process_alive(int(tag.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    if removed:
        log.warning(
            "removed %d temporary file(s) left beside %s by an interrupted write",
            len(removed),
            one_line(target.name, 60),
        )
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _make_temp(target: Path, ending: str) -> tuple[int, str]:
    """Create the temporary file (exclusively) and return its descriptor and path."""
    prefix = _temp_prefix(target)
    for _ in range(100):
        name = f"{prefix}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_MARK}{ending}"
        path = os.path.join(target.parent, name)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        return fd, path
    raise FileExistsError(errno.EEXIST, "no free temporary file name")


class AtomicFile:
    """A temporary file that becomes ``path`` on :meth:`commit` and vanishes on
    :meth:`discard`. Opening raises ``OSError`` (a refused target, a missing or
    unwritable folder) before anything is written."""

    def __init__(
        self, path, mode: str = "w", encoding="utf-8", newline=None, buffering=-1
    ) -> None:
        self.path = writable_target(path)
        remove_stale_temporaries(self.path)
        fd, self.temp_path = _make_temp(self.path, "")
        if "b" in mode:
            encoding = newline = None
        try:
            os.chmod(self.temp_path, _mode_for(self.path))
            _keep_owner(self.path, self.temp_path)
            self.handle = os.fdopen(
                fd, mode, buffering=buffering, encoding=encoding, newline=newline
            )
        except BaseException:
            os.close(fd)
            os.unlink(self.temp_path)
            raise
        self.closed = False

    def commit(self) -> None:
        """Flush, sync and move the finished file into place."""
        if self.closed:
            return
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.temp_path, self.path)
        except BaseException:
            self.discard()
            raise
        self.closed = True

    def discard(self) -> None:
        """Drop the temporary file; the target is untouched."""
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temp_path)


def _mode_for(target: Path) -> int:
    """Permissions for the new file: those of the file it replaces, else what a
    plain ``open(..., "w")`` would give (0666 less the umask). A private temporary
    file alone would make every saved file private (0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _keep_owner(target: Path, temp: str) -> None:
    """Give the new file the owner and group of the file it replaces, where the
    system allows it (root may; others may keep a group they belong to)."""
    try:
        info = target.stat()
    except OSError:
        return
    for owner in (info.st_uid, -1):
        try:
            os.chown(temp, owner, info.st_gid)
            return
        except OSError:
            continue


@contextlib.contextmanager
def atomic_write(path, mode: str = "w", encoding="utf-8", newline=None):
    """Context manager yielding an open file that replaces ``path`` only on a clean
    exit."""
    target = AtomicFile(path, mode, encoding, newline)
    try:
        yield target.handle
    except BaseException:
        target.discard()
        raise
    target.commit()


def write_via_temp(path, write, verify) -> None:
    """For writers that need a file name (image exporters): ``write(temp_name)``
    creates the file beside ``path`` under a temporary name with the same ending;
    ``verify(temp_name)`` must then confirm that the file is complete (raise
    ``OSError`` or return False if not) before it replaces ``path``. On any failure
    the temporary file is removed and ``path`` is untouched."""
    target = writable_target(path)
    remove_stale_temporaries(target)
    fd, temp = _make_temp(target, target.suffix)
    os.close(fd)
    try:
        os.chmod(temp, _mode_for(target))
        _keep_owner(target, temp)
        if write(temp) is False:
            raise OSError(errno.EIO, "the exporter reported a failure")
        if os.path.getsize(temp) == 0 or verify(temp) is False:
            raise OSError(
                errno.EIO, "the written file is incomplete (is the disk full?)"
            )
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
