"""The File menu: presets, sessions, exports, recent files and unsaved changes.

Every write goes through a temporary file that replaces the target only when it is
complete, so a failed or cancelled export never leaves a half-written file and never
damages the file that was there. Errors are shown in a dialog and change nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
)

from ..core.atomic import write_via_temp
from ..core.journal import ReplayCancelled, export_trace
from ..core.presets import load_preset, preset_names, preset_summary
from ..core.session_io import (
    SessionFileError,
    load_session,
    load_weights,
    save_session,
    save_weights,
)
from .commands import SetAllParametersCommand

MAX_RECENT = 8
SESSION_FILTER = "Sessions (*.json);;All files (*)"


class FileActions(QObject):
    """Signal ``message(str, bool)`` for the status bar (text, is it an error)."""

    message = Signal(str, bool)
    sessionChanged = Signal()

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.current_path: str | None = None
        self.new_network = self._action("&New network…", "Ctrl+N", self._new_network)
        self.open = self._action("&Open session…", "Ctrl+O", self.open_dialog)
        self.save = self._action("&Save", "Ctrl+S", self.save_session)
        self.save_as = self._action("Save &as…", "Ctrl+Shift+S", self.save_session_as)
        self.export_trace = self._action(
            "Export &trace CSV…", "Ctrl+E", self.export_trace_dialog
        )
        self.export_weights = self._action(
            "Export &weights (.npz)…", "", self.export_weights_dialog
        )
        self.import_weights = self._action(
            "&Import weights (.npz)…", "", self.import_weights_dialog
        )
        self.export_plot = self._action(
            "Export &plot image…", "", self.export_plot_dialog
        )
        self.quit = self._action("&Quit", "Ctrl+Q", window.close)
        self.presets_menu = QMenu("Open &preset", window)
        for name in preset_names():
            action = self.presets_menu.addAction(name)
            action.setStatusTip(preset_summary(name))
            action.triggered.connect(lambda _=False, n=name: self.open_preset(n))
        self.recent_menu = QMenu("Open &recent", window)
        self._rebuild_recent()

    def _action(self, text: str, shortcut: str, slot) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        return action

    @property
    def bridge(self):
        return self.window.bridge

    def fill_menu(self, menu: QMenu) -> None:
        menu.addAction(self.new_network)
        menu.addMenu(self.presets_menu)
        menu.addAction(self.open)
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        menu.addAction(self.save)
        menu.addAction(self.save_as)
        menu.addSeparator()
        for action in (
            self.export_trace,
            self.export_weights,
            self.import_weights,
            self.export_plot,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.quit)

    # -------------------------------------------------------- unsaved work
    def maybe_save(self) -> bool:
        """Ask about unsaved changes; True when it is fine to go on."""
        if not self.bridge.modified:
            return True
        self.window.runner.pause()
        answer = QMessageBox.question(
            self.window,
            "Unsaved changes",
            f"Save the changes to {self.bridge.session.name or 'this session'}?",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
            QMessageBox.Save,
        )
        if answer == QMessageBox.Save:
            return self.save_session()
        return answer == QMessageBox.Discard

    def _error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)
        self.message.emit(text, True)

    # ------------------------------------------------------------ opening
    def _install(self, session, path: str | None) -> None:
        self.window.runner.pause()
        self.bridge.load(session)
        self.window.undo_stack.clear()
        self.current_path = path
        if path:
            self._add_recent(path)
        self.sessionChanged.emit()
        self.message.emit(f"Opened {session.name}", False)

    def opened_from(self, path: str) -> None:
        """The session shown was read from ``path`` (at start-up)."""
        self.current_path = path
        self._add_recent(path)
        self.sessionChanged.emit()

    def open_preset(self, name: str) -> None:
        if self.maybe_save():
            self._install(load_preset(name), None)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open session", self._folder(), SESSION_FILTER
        )
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        try:
            session = load_session(path)
        except SessionFileError as exc:
            self._error("Cannot open session", str(exc))
            if not Path(path).exists():
                self._remove_recent(path)
            return False
        self._install(session, path)
        return True

    def _new_network(self) -> None:
        from .new_network_dialog import NewNetworkDialog

        dialog = NewNetworkDialog(self.bridge.session, self.window)
        if dialog.exec() and dialog.session() is not None and self.maybe_save():
            self._install(dialog.session(), None)

    # ------------------------------------------------------------- saving
    def save_session(self) -> bool:
        if self.current_path is None:
            return self.save_session_as()
        return self._save_to(self.current_path)

    def save_session_as(self) -> bool:
        name = (self.bridge.session.name or "session").replace(" ", "-")
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "Save session",
            str(Path(self._folder()) / f"{name}.json"),
            SESSION_FILTER,
        )
        return bool(path) and self._save_to(path)

    def _save_to(self, path: str) -> bool:
        try:
            save_session(self.bridge.session, path)
        except (OSError, ValueError) as exc:
            self._error("Cannot save session", f"{path}: {_reason(exc)}")
            return False
        self.current_path = path
        self.bridge.set_modified(False)
        self._add_recent(path)
        self.sessionChanged.emit()
        self.message.emit(f"Saved {path}", False)
        return True

    # ------------------------------------------------------------ exports
    def export_trace_dialog(self) -> None:
        self.window.runner.pause()
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "Export trace CSV",
            str(Path(self._folder()) / "trace.csv"),
            "CSV files (*.csv);;All files (*)",
        )
        if path:
            self.export_trace_to(path)

    def export_trace_to(self, path: str) -> bool:
        journal = self.bridge.journal
        total = journal.phase_count
        progress = QProgressDialog(
            "Writing the trace…", "Cancel", 0, max(total, 1), self.window
        )
        progress.setWindowTitle("Export trace")
        progress.setWindowModality(Qt.WindowModal)
        progress.setMinimumDuration(400)

        def report(done: int, _total: int) -> bool:
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            rows = export_trace(journal, path, progress=report)
        except ReplayCancelled:
            self.message.emit("Trace export cancelled; no file was written", False)
            return False
        except (OSError, ValueError) as exc:
            self._error("Cannot export trace", f"{path}: {_reason(exc)}")
            return False
        finally:
            progress.reset()
        self.message.emit(f"Wrote {rows:,} trace rows to {path}", False)
        return True

    def export_weights_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "Export weights",
            str(Path(self._folder()) / "weights.npz"),
            "NumPy archives (*.npz)",
        )
        if not path:
            return
        try:
            save_weights(self.bridge.trainer.params, path)
        except OSError as exc:
            self._error("Cannot export weights", f"{path}: {_reason(exc)}")
            return
        self.message.emit(f"Wrote weights to {path}", False)

    def import_weights_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Import weights", self._folder(), "NumPy archives (*.npz)"
        )
        if not path:
            return
        try:
            params = load_weights(path, self.bridge.session.spec)
        except SessionFileError as exc:
            self._error("Cannot import weights", str(exc))
            return
        old = self.bridge.trainer.params.copy()
        self.window.undo_stack.push(SetAllParametersCommand(self.bridge, old, params))
        self.message.emit(f"Imported weights from {path}", False)

    def export_plot_dialog(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self.window,
            "Export plot image",
            str(Path(self._folder()) / "plot.png"),
            "PNG image (*.png);;SVG image (*.svg)",
        )
        if not path:
            return
        if not path.lower().endswith((".png", ".svg")):
            path += ".svg" if "svg" in chosen.lower() else ".png"
        try:
            write_via_temp(path, self.window.plots.export_image)
        except OSError as exc:
            self._error("Cannot export plot", f"{path}: {_reason(exc)}")
            return
        self.message.emit(f"Wrote plot image to {path}", False)

    # ------------------------------------------------------- recent files
    def _folder(self) -> str:
        if self.current_path:
            return str(Path(self.current_path).parent)
        return str(self.settings.value("lastFolder", str(Path.home())))

    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

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


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)
