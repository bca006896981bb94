"""The File menu's session part: new network, presets, open, save, recent files and
unsaved changes (exports and imports are in data_actions.py).

Saves go through a temporary file that replaces the target only when it is complete.
Errors are shown in a dialog and change nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from ..core.debugger.debugger import NotSaveable
from ..core.io.dataset_csv import DatasetLoadCancelled
from ..core.io.presets import load_preset, preset_names, preset_summary
from ..core.io.session_file import SessionFileError, load_session
from .app_settings import string, string_list
from .progress import progress_reporter
from .window_actions import WindowActions
from .window_actions import reason as _reason

MAX_RECENT = 8
SESSION_FILTER = "Sessions (*.json);;All files (*)"


class FileActions(WindowActions):
    """Sessions: new, presets, open, save, recent files, unsaved changes."""

    sessionChanged = Signal()

    def __init__(self, bridge, runner, undo_stack, parent, settings: QSettings) -> None:
        super().__init__(bridge, runner, undo_stack, parent)
        window = parent
        self.settings = settings
        self.current_path: str | None = None
        self.new_network = self._action("&New network…", "Ctrl+N", self._new_network)
        self.open = self._action("&Open session…", "Ctrl+O", self.open_dialog)
        self.save = self._action("&Save", "Ctrl+S", self.save_session)
        self.save_as = self._action("Save &as…", "Ctrl+Shift+S", self.save_session_as)
        self.quit = self._action("&Quit", "Ctrl+Q", window.close)
        self.presets_menu = QMenu("Open &preset", window)
        for name in preset_names():
            action = self.presets_menu.addAction(name)
            action.setStatusTip(preset_summary(name))
            action.triggered.connect(lambda _=False, n=name: self.open_preset(n))
        self.recent_menu = QMenu("Open &recent", window)
        self._rebuild_recent()

    def fill_menu(self, menu: QMenu) -> None:
        """New, presets, open, recent, save and save as."""
        menu.addAction(self.new_network)
        menu.addMenu(self.presets_menu)
        menu.addAction(self.open)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        menu.addAction(self.save)
        menu.addAction(self.save_as)

    # -------------------------------------------------------- unsaved work
    def maybe_save(self) -> bool:
        """Ask about unsaved changes; True when it is fine to go on."""
        if not self.bridge.modified:
            return True
        self.runner.pause()
        answer = QMessageBox.question(
            self.parent_widget,
            "Unsaved changes",
            f"Save the changes to {self.debugger.session.name or 'this session'}?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save_session()
        return answer == QMessageBox.StandardButton.Discard

    # ------------------------------------------------------------ opening
    def install(self, session, path: str | None) -> None:
        self.runner.pause()
        dropped = self.debugger.load(session)
        self.undo_stack.clear()
        self.current_path = path
        if path:
            self._add_recent(path)
        self.sessionChanged.emit()
        text = f"Opened {session.name}"
        if dropped:
            text += "; breakpoints the new network cannot have were removed: "
            text += ", ".join(c.describe() for c in dropped)
        self.message.emit(text, False)

    def opened_from(self, path: str) -> None:
        """The session shown was read from ``path`` (at start-up)."""
        self.current_path = path
        self._add_recent(path)
        self.sessionChanged.emit()

    def open_preset(self, name: str) -> None:
        if self.maybe_save():
            self.install(load_preset(name), None)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, "Open session", self.folder(), SESSION_FILTER
        )
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        dialog, report = progress_reporter(
            self.parent_widget, "Open session", f"Reading {Path(path).name}…", 1
        )  # shown only when a dataset CSV it refers to takes a while
        try:
            session = load_session(path, report)
        except DatasetLoadCancelled:
            self.message.emit("Opening cancelled; the session is unchanged", False)
            return False
        except SessionFileError as exc:
            self._error("Cannot open session", str(exc))
            if not Path(path).exists():
                self._remove_recent(path)
            return False
        finally:
            dialog.close()
        self.install(session, path)
        return True

    def _new_network(self) -> None:
        from .new_network_dialog import NewNetworkDialog

        dialog = NewNetworkDialog(self.debugger.session, self.parent_widget)
        if dialog.exec() and dialog.session() is not None and self.maybe_save():
            self.install(dialog.session(), None)
            if dialog.note:  # constant input columns left unscaled
                self.message.emit(f"New network: {dialog.note}", False)

    # ------------------------------------------------------------- saving
    def save_session(self) -> bool:
        if self.current_path is None:
            return self.save_session_as()
        return self._saveable() and self._save_to(self.current_path)

    def save_session_as(self) -> bool:
        if not self._saveable():
            return False
        name = (self.debugger.session.name or "session").replace(" ", "-")
        path, _ = QFileDialog.getSaveFileName(
            self.parent_widget,
            "Save session",
            str(Path(self.folder()) / f"{name}.json"),
            SESSION_FILTER,
        )
        return bool(path) and self._save_to(path)

    def _saveable(self) -> bool:
        """Pause a run (the file is the state the user asked to save) and say
        at once, before any file dialog, when the state cannot be saved."""
        self.runner.pause()
        try:
            self.debugger.check_saveable()
        except NotSaveable as exc:
            self._error("Cannot save session", str(exc))
            return False
        return True

    def _save_to(self, path: str) -> bool:
        try:
            self.debugger.save(path)
        except (OSError, ValueError) as exc:
            self._error("Cannot save session", f"{path}: {_reason(exc)}")
            return False
        self.current_path = path
        self.bridge.set_modified(False)
        self._add_recent(path)
        self.sessionChanged.emit()
        self.message.emit(f"Saved {path}", False)
        return True

    # ------------------------------------------------------- recent files
    def folder(self) -> str:
        if self.current_path:
            return str(Path(self.current_path).parent)
        return string(self.settings, "lastFolder", str(Path.home()))

    def recent_files(self) -> list[str]:
        return string_list(self.settings, "recentFiles")

    def _add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        files = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recentFiles", files[:MAX_RECENT])
        self.settings.setValue("lastFolder", str(Path(path).parent))
        self._rebuild_recent()

    def _remove_recent(self, path: str) -> None:
        files = [p for p in self.recent_files() if p != str(Path(path).resolve())]
        self.settings.setValue("recentFiles", files)
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(files))
