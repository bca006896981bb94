"""Autosave and crash recovery, one autosave per running instance.

While the session has unsaved changes, it is written every ``interval`` seconds
(default 30; QSettings key ``autosave/seconds``) to ``autosave-<id>.json`` in the
user's data folder (``BACKPROP_GUI_DATA_DIR`` overrides the folder). Each running
instance holds ``autosave-<id>.lock`` (a ``QLockFile``, which records the process
id), so instances never touch each other's autosaves. The write is atomic, so a
crash mid-write leaves the previous autosave intact. A clean quit removes the
file and its lock.

At start-up, an autosave whose lock is free (its process is gone: a crash, a
kill, a power cut) is offered for recovery; one that is still locked belongs to a
running instance and is left alone. An autosave that cannot be read (damaged, or
written by a newer version) is never deleted: it is renamed
``autosave-unreadable-<time>.json`` and the user is told where it is.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from ..core.debugger.debugger import NotSaveable
from ..core.io.atomic_write import remove_stale_temporaries
from ..core.io.session_file import SessionFileError, load_session

DEFAULT_SECONDS = 30
#: Autosaves of earlier versions (one shared file, no lock) are recovered too.
LEGACY_NAME = "autosave.json"


def data_folder() -> Path:
    override = os.environ.get("BACKPROP_GUI_DATA_DIR")
    if override:
        return Path(override)
    return Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    )


def _lock_for(path: Path) -> QLockFile:
    lock = QLockFile(str(path.with_suffix(".lock")))
    lock.setStaleLockTime(0)  # held for the whole run: only a dead process frees it
    return lock


class Autosaver(QObject):
    """Signal ``failed(str)``: an autosave could not be written (the reason)."""

    failed = Signal(str)

    def __init__(
        self, bridge, seconds: float = DEFAULT_SECONDS, folder=None, parent=None
    ):
        super().__init__(parent)
        self.bridge = bridge
        self.folder = Path(folder or data_folder())
        tag = f"{os.getpid()}-{secrets.token_hex(3)}"
        self.path = self.folder / f"autosave-{tag}.json"
        self.lock = _lock_for(self.path)
        self._saved_generation = None
        self._generation = 0
        self._said_not_saveable = False
        bridge.stateChanged.connect(self._changed)
        bridge.modifiedChanged.connect(lambda _modified: self._changed())
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.save_now)
        self.timer.start(max(50, int(seconds * 1000)))

    def _changed(self) -> None:
        self._generation += 1

    def save_now(self) -> bool:
        """Write the session if it has unsaved changes not yet autosaved."""
        if not self.bridge.modified or self._generation == self._saved_generation:
            return False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if not self.lock.isLocked() and not self.lock.tryLock(0):
                raise OSError(f"cannot lock {self.lock.fileName()}")
            self.bridge.debugger.save(self.path)
        except NotSaveable as exc:
            # a diverged state or a dataset too large for a session file: the
            # last good autosave stays, and the pause message that said why is
            # not repeated every interval
            if not self._said_not_saveable:
                self._said_not_saveable = True
                self.failed.emit(
                    f"Autosave paused: {_first_clause(exc)} (the last autosave is kept)"
                )
            return False
        except (OSError, ValueError) as exc:
            self.failed.emit(
                f"Autosave failed: {getattr(exc, 'strerror', None) or exc}"
            )
            return False
        self._said_not_saveable = False
        self._saved_generation = self._generation
        return True

    def discard(self) -> None:
        """Remove this instance's autosave and lock (a clean quit)."""
        self.timer.stop()
        with contextlib.suppress(OSError):
            self.path.unlink()
        self.lock.unlock()

    # ------------------------------------------------------------- recovery
    def orphans(self) -> list[tuple[Path, QLockFile]]:
        """Autosaves whose instance is gone, newest first, each with its lock now
        held by this instance (so no other instance offers it meanwhile)."""
        try:
            candidates = [
                p
                for p in self.folder.iterdir()
                if p != self.path
                and p.suffix == ".json"
                and (p.name.startswith("autosave-") or p.name == LEGACY_NAME)
                and not p.name.startswith("autosave-unreadable-")
            ]
        except OSError:
            return []
        found = []
        for path in candidates:
            lock = _lock_for(path)
            if lock.tryLock(0):
                remove_stale_temporaries(path)
                found.append((path, lock))
        self._remove_dead_instances_leftovers()
        return sorted(found, key=lambda f: _mtime(f[0]), reverse=True)

    def _remove_dead_instances_leftovers(self) -> None:
        """An instance killed during its first autosave leaves a lock and a
        temporary file but no autosave: remove both."""
        with contextlib.suppress(OSError):
            for lock_path in self.folder.glob("autosave-*.lock"):
                path = lock_path.with_suffix(".json")
                if path == self.path or path.exists():
                    continue
                lock = _lock_for(path)
                if lock.tryLock(0):
                    remove_stale_temporaries(path)
                    lock.unlock()

    def offer_recovery(self, parent, install) -> bool:
        """At start-up: offer the autosave of each instance that did not close
        properly, newest first; ``install(session)`` opens the one the user
        recovers. Unreadable ones are moved aside with a message. Returns True
        when a session was recovered."""
        recovered = False
        for path, lock in self.orphans():
            try:
                if not recovered:
                    recovered = self._offer(parent, install, path)
            finally:
                lock.unlock()
        return recovered

    def _offer(self, parent, install, path: Path) -> bool:
        try:
            session = load_session(path)
        except SessionFileError as exc:
            self._move_aside(parent, path, str(exc).removeprefix(f"{path}: "))
            return False
        saved_at = datetime.fromtimestamp(_mtime(path))
        answer = QMessageBox.question(
            parent,
            "Recover unsaved work?",
            f"backprop-gui did not close properly last time. Recover the session "
            f"{session.name or ''} autosaved at {saved_at:%Y-%m-%d %H:%M:%S}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        recover = answer == QMessageBox.StandardButton.Yes
        keep_old = False
        if recover:
            install(session)
            # the old file goes only once this instance's autosave holds the work
            keep_old = not self.save_now()
        if not keep_old:
            with contextlib.suppress(OSError):
                path.unlink()
        return recover

    def _move_aside(self, parent, path: Path, reason: str) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"autosave-unreadable-{stamp}-{path.stem}.json")
        try:
            path.rename(aside)
        except OSError as exc:
            where = f"It stays at {path} ({exc.strerror or exc})."
        else:
            where = f"It was moved to {aside}."
        QMessageBox.warning(
            parent,
            "Autosave not recovered",
            f"An autosave from a previous run cannot be read: {reason}. {where}",
        )


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _first_clause(exc: Exception) -> str:
    """The reason of a refusal, without its advice on how to save."""
    text = str(exc)
    if "not finite" in text or "not a finite" in text:
        return "the parameters are not finite"
    return text.split(";")[0]
