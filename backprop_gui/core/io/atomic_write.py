"""Write files so that a reader never sees half of one, and never write over what is
not ours to replace.

Everything the app writes goes to a temporary file beside the target first; only a
complete, verified write replaces the target (``os.replace`` is atomic on one file
system). If anything fails or the write is cancelled, the temporary file is removed
and the old target is left as it was.

The target is checked before anything is written (see :mod:`.write_target`).
A Ctrl+C or a signal at any point leaves no temporary file: the temporary's name
is known before it is created, creation, commit and cleanup sit inside one
another's cleanup, and a finalizer removes it should an interrupt land where no
code can catch it.

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
import weakref
from pathlib import Path

from .shown_text import one_line
from .write_target import writable_target

log = logging.getLogger("backprop_gui.files")

TEMP_MARK = ".bpgtmp"
_TEMP_TAG = re.compile(r"([0-9]{1,10})-[0-9a-f]{8}\.bpgtmp(?:\.[^.]*)?")
#: Bytes of the target's name kept in a temporary name (names are <= 255 bytes).
_NAME_PREFIX_BYTES = 200


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


def _temp_names(target: Path, ending: str):
    """Names to try for the temporary file (a taken one is skipped)."""
    prefix = _temp_prefix(target)
    for _ in range(100):
        name = f"{prefix}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_MARK}{ending}"
        yield os.path.join(target.parent, name)
    raise FileExistsError(errno.EEXIST, "no free temporary file name")


def _private(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


def _drop_temp(handle, path: str) -> None:
    with contextlib.suppress(OSError):
        handle.close()
    _unlink_quietly(path)


def _unlink_quietly(path: str | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            os.unlink(path)


class AtomicFile:
    """A temporary file (made by :meth:`create`) that becomes ``path`` on
    :meth:`commit` and vanishes on :meth:`discard`. The constructor raises
    ``OSError`` (a refused target, a missing or unwritable folder) before
    anything is written."""

    def __init__(
        self, path, mode: str = "w", encoding="utf-8", newline=None, buffering=-1
    ) -> None:
        self.path = writable_target(path)
        remove_stale_temporaries(self.path)
        if "b" in mode:
            encoding = newline = None
        self._open_as = (mode.replace("w", "x"), buffering, encoding, newline)
        #: Set before the file is created: whatever interrupts the creation
        #: (Ctrl+C lands between any two steps), the name is known and removed.
        self.temp_path: str | None = None
        self.handle = None
        self.closed = False
        self._finalizer = None

    def create(self) -> None:
        """Create the temporary file (exclusively, private until it is done).
        Separate from ``__init__`` so that a caller holds the object before any
        file exists, and can :meth:`discard` whatever happens after."""
        mode, buffering, encoding, newline = self._open_as
        for candidate in _temp_names(self.path, ""):
            self.temp_path = candidate
            try:  # "x": created exclusively, in one call with its file object
                self.handle = open(  # noqa: SIM115 (closed by commit/discard)
                    candidate,
                    mode,
                    buffering=buffering,
                    encoding=encoding,
                    newline=newline,
                    opener=_private,
                )
                break
            except FileExistsError:
                self.temp_path = None  # another's file: not ours to remove
        # the last resort, should an interrupt land where no caller can
        # discard: the file goes with this object (or at exit)
        self._finalizer = weakref.finalize(
            self, _drop_temp, self.handle, self.temp_path
        )
        os.chmod(self.temp_path, _mode_for(self.path))
        _keep_owner(self.path, self.temp_path)

    def commit(self) -> None:
        """Flush, sync and move the finished file into place."""
        try:  # from its first line: an interrupt anywhere in it discards
            if self.closed:
                return
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.temp_path, self.path)
            self.closed = True
            self._finalizer.detach()  # the name is the target's now
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Drop the temporary file; the target is untouched."""
        if self.closed:
            return
        self.closed = True
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.handle.close()
        _unlink_quietly(self.temp_path)
        if self._finalizer is not None:
            self._finalizer.detach()


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
    target = AtomicFile(path, mode, encoding, newline)  # no file yet
    try:  # created and committed inside: an interrupt anywhere discards
        target.create()
        yield target.handle
        target.commit()
    except BaseException:
        target.discard()
        raise


def write_via_temp(path, write, verify) -> None:
    """For writers that need a file name (image exporters): ``write(temp_name)``
    creates the file beside ``path`` under a temporary name with the same ending;
    ``verify(temp_name)`` must then confirm that the file is complete (raise
    ``OSError`` or return False if not) before it replaces ``path``. On any failure
    the temporary file is removed and ``path`` is untouched."""
    target = writable_target(path)
    remove_stale_temporaries(target)
    temp = None
    try:
        for candidate in _temp_names(target, target.suffix):
            temp = candidate
            try:
                os.close(_private(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL))
                break
            except FileExistsError:
                temp = None
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
        _unlink_quietly(temp)
        raise
