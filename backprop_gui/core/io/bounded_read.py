"""Reading a user's file with a size limit, before anything parses it.

Only regular files are read: a device (``/dev/zero``), a FIFO or a socket is refused
without waiting for it (a FIFO is opened non-blocking, so one with no writer cannot
hang the app). The limit counts the bytes actually read, not the size the file
system reports, so a file that grows while it is read is refused too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_CHUNK = 1 << 20


def read_limited(path: Path, limit: int, kind: str) -> bytes:
    """The bytes of ``path``; ``ValueError`` with a message for the user when the
    file cannot be read, is not a regular file or is larger than ``limit``
    (``kind`` names the files, e.g. "session files")."""
    too_large = ValueError(
        f"file is too large; {kind} are limited to {limit // 2**20} MB"
    )
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ValueError(f"cannot read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ValueError("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("is not a regular file (a device, FIFO or socket)")
        if info.st_size > limit:
            raise too_large
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise too_large
        return b"".join(chunks)
    except OSError as exc:
        raise ValueError(f"cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
