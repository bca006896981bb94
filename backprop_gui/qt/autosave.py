"""Autosave and crash recovery.

While the session has unsaved changes, it is written every ``interval`` seconds
(default 30; QSettings key ``autosave/seconds``) to ``autosave.json`` in the user's
data folder (``BACKPROP_GUI_DATA_DIR`` overrides the folder). The write is atomic, so
a crash mid-write leaves the previous autosave intact. A clean quit removes the file;
a file found at start-up means the app did not close properly, and the user is
offered to recover it.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from ..core.debugger.debugger import NotSaveable
from ..core.io.session_file import SessionFileError, load_session

DEFAULT_SECONDS = 30


def data_folder() -> Path:
    override = os.environ.get("BACKPROP_GUI_DATA_DIR")
    if override:
        return Path(override)
    return Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    )


class Autosaver(QObject):
    """Signal ``failed(str)``: an autosave could not be written (the reason)."""

    failed = Signal(str)

    def __init__(
        self, bridge, seconds: float = DEFAULT_SECONDS, folder=None, parent=None
    ):
        super().__init__(parent)
        self.bridge = bridge
        self.path = Path(folder or data_folder()) / "autosave.json"
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
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.bridge.debugger.save(self.path)
        except NotSaveable:
            # a diverged state: the last good autosave stays, and the pause
            # message that named the value is not overwritten every interval
            if not self._said_not_saveable:
                self._said_not_saveable = True
                self.failed.emit(
                    "Autosave paused: the parameters are not finite (the last "
                    "autosave is kept)"
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
        """Remove the autosave (after a clean quit, or a recovery declined)."""
        self.timer.stop()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def recoverable(self) -> tuple | None:
        """``(session, saved_at)`` from a previous run that did not close properly,
        or None. An unreadable autosave is removed and ignored."""
        if not self.path.exists():
            return None
        try:
            session = load_session(self.path)
        except SessionFileError:
            with contextlib.suppress(OSError):
                self.path.unlink()
            return None
        saved_at = datetime.fromtimestamp(self.path.stat().st_mtime)
        return session, saved_at

    def offer_recovery(self, parent, install) -> bool:
        """At start-up: if the last run did not close properly, ask whether to
        recover its autosave; ``install(session)`` opens it. Returns True when
        the autosaved session was recovered."""
        found = self.recoverable()
        if found is None:
            return False
        session, saved_at = found
        answer = QMessageBox.question(
            parent,
            "Recover unsaved work?",
            f"backprop-gui did not close properly last time. Recover the session "
            f"{session.name or ''} autosaved at {saved_at:%Y-%m-%d %H:%M:%S}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.discard()
            self.timer.start()
            return False
        install(session)
        return True
