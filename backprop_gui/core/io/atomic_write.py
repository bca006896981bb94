"""Write files so that a reader never sees half of one.

Everything the app writes goes to a temporary file beside the target first; only a
complete write replaces the target (``os.replace`` is atomic on one file system).
If anything fails or the write is cancelled, the temporary file is removed and the
old target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class AtomicFile:
    """A temporary file that becomes ``path`` on :meth:`commit` and vanishes on
    :meth:`discard`. Opening raises ``OSError`` (missing or unwritable folder)
    before anything is written."""

    def __init__(
        self, path, mode: str = "w", encoding="utf-8", newline=None, buffering=-1
    ) -> None:
        self.path = Path(path)
        fd, self.temp_path = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        if "b" in mode:
            encoding = newline = None
        try:
            os.chmod(self.temp_path, _mode_for(self.path))
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
    plain ``open(..., "w")`` would give (0666 less the umask). ``mkstemp`` alone
    would make every saved file private (0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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


def write_via_temp(path, write) -> None:
    """For writers that need a file name (image exporters): ``write(temp_name)``
    creates the file beside ``path`` under a temporary name with the same ending,
    which then replaces ``path``. On failure the temporary file is removed."""
    target = Path(path)
    fd, temp = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent
    )
    os.close(fd)
    try:
        os.chmod(temp, _mode_for(target))
        write(temp)
        if os.path.getsize(temp) == 0:
            raise OSError(f"nothing was written to {target.name}")
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
