"""Reading a user's file with a size limit, before anything parses it."""

from __future__ import annotations

from pathlib import Path


def read_limited(path: Path, limit: int, kind: str) -> bytes:
    """The bytes of ``path``; ``ValueError`` with a message for the user when the
    file cannot be read or is larger than ``limit`` (``kind`` names the files, e.g.
    "session files")."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise ValueError(
                f"file is {size / 2**20:.0f} MB; {kind} are limited to "
                f"{limit // 2**20} MB"
            )
        return path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read ({exc.strerror or exc})") from None
