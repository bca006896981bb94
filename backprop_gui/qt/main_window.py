"""The main window: the network graph in the middle, docks for parameters, plots and
the dataset, the training toolbar, menus and the status bar."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..core.debugger.debugger import DEFAULT_BUDGET, DEFAULT_EVERY, Debugger
from ..core.engine.keys import NeuronKey, ParameterKey
from ..core.engine.session import Session
from .autosave import DEFAULT_SECONDS, Autosaver
from .bridge import DebuggerBridge
from .dataset_view import DatasetPanel
from .explain_panel import ExplainPanel
from .file_actions import FileActions
from .formatting import fmt
from .gradcheck_actions import GradientCheckActions
from .import_export_actions import ImportExportActions
from .network_view import NetworkView
from .param_model import ParameterTableModel
from .param_panel import ParameterPanel
from .plots import PlotsPanel
from .runner import RunController
from .status_label import StatusLabel
from .status_messages import StatusMessages
from .training_actions import TrainingActions

LOSS_HELP = """<b>Losses</b> (m samples in the batch, k outputs):<ul>
<li><b>mse</b>: mean over all m·k elements of (y − a)²</li>
<li><b>half_sse</b>: ½ · sum over outputs of (y − a)², averaged over samples</li>
<li><b>bce</b>: mean over all elements of −(y log a + (1−y) log(1−a));
sigmoid output</li>
<li><b>cross_entropy</b>: mean over samples of −Σ y log a; softmax output</li></ul>"""


_UNDO = QKeySequence.StandardKey.Undo


def redo_shortcuts() -> list[QKeySequence]:
    """Ctrl+Shift+Z and the platform's Redo keys, each once: the same key twice
    in one action is an "ambiguous shortcut" to Qt, and then no key works."""
    keys: list[QKeySequence] = []
    for key in [
        QKeySequence("Ctrl+Shift+Z"),
        *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo),
    ]:
        if not key.isEmpty() and all(key != known for known in keys):
            keys.append(key)
    return keys


def _setting(settings: QSettings, key: str, default: float) -> float:
    """A positive number from the settings, or ``default`` for anything else."""
    try:
        value = float(settings.value(key, default))
    except (TypeError, ValueError):
        return float(default)
    return value if 0 < value < float("inf") else float(default)


class MainWindow(QMainWindow):
    def __init__(
        self, session: Session, settings: QSettings | None = None, autosave_folder=None
    ) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        budget_mb = _setting(self.settings, "rewind/budgetMB", DEFAULT_BUDGET / 2**20)
        every = _setting(self.settings, "rewind/every", DEFAULT_EVERY)
        #: The session's state and every command on it.
        self.debugger = Debugger(session, int(every), int(budget_mb * 2**20))
        self.bridge = DebuggerBridge(self.debugger, self)
        self.undo_stack = QUndoStack(self)
        self.runner = RunController(self.bridge, self)
        self.controls = TrainingActions(self.bridge, self.runner, self.undo_stack, self)
        self.files = FileActions(
            self.bridge, self.runner, self.undo_stack, self, self.settings
        )
        self.data = ImportExportActions(
            self.bridge,
            self.runner,
            self.undo_stack,
            self,
            folder=self.files.folder,
            export_plot=lambda path: self.plots.export_image(path),
        )
        seconds = _setting(self.settings, "autosave/seconds", DEFAULT_SECONDS)
        self.autosaver = Autosaver(self.bridge, seconds, autosave_folder, self)
        self.network_view = NetworkView(self.bridge)
        self.param_model = ParameterTableModel(self.bridge, self.undo_stack)
        self.parameters = ParameterPanel(self.bridge, self.param_model)
        self.plots = PlotsPanel(self.bridge)
        self.dataset = DatasetPanel(self.bridge, self.undo_stack)
        self.explain = ExplainPanel(self.bridge)
        self.setCentralWidget(self._central())
        self._docks()
        self._toolbar()
        self._menus()
        self._status()
        self._wire()
        self.resize(1360, 860)
        self._restore()
        self._update_title()

    # -------------------------------------------------------------- layout
    def _central(self) -> QWidget:
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setStyleSheet("padding: 4px 8px; color: palette(text);")
        self.show_gradients = QCheckBox("Show gradients on edges")
        self.show_gradients.setToolTip(
            "Colour and scale edges by dL/dw of the latest backward pass"
        )
        self.show_gradients.toggled.connect(self.network_view.set_show_gradients)
        self.sample = QSpinBox()
        self.sample.setRange(1, 1)
        self.sample.setPrefix("sample ")
        self.sample.setToolTip("Which sample of the batch the graph shows")
        self.sample.valueChanged.connect(
            lambda v: self.network_view.set_sample_position(v - 1)
        )
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 0, 8, 0)
        bar.addWidget(self.show_gradients)
        bar.addStretch()
        bar.addWidget(QLabel("Graph shows"))
        bar.addWidget(self.sample)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.description)
        layout.addLayout(bar)
        layout.addWidget(self.network_view, 1)
        return central

    def _docks(self) -> None:
        self.docks = {}
        for name, title, widget, area in (
            (
                "parameters",
                "Parameters",
                self.parameters,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ),
            ("plots", "Plots", self.plots, Qt.DockWidgetArea.BottomDockWidgetArea),
            (
                "dataset",
                "Dataset",
                self.dataset,
                Qt.DockWidgetArea.BottomDockWidgetArea,
            ),
            (
                "explain",
                "Explain",
                self.explain,
                Qt.DockWidgetArea.BottomDockWidgetArea,
            ),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"{name}Dock")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[name] = dock
        self.docks["explain"].visibilityChanged.connect(self.explain.set_shown)
        self.tabifyDockWidget(self.docks["dataset"], self.docks["explain"])
        self.docks["dataset"].raise_()
        self.resizeDocks([self.docks["parameters"]], [645], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["plots"]], [300], Qt.Orientation.Vertical)
        self.resizeDocks(
            [self.docks["plots"], self.docks["dataset"]],
            [700, 420],
            Qt.Orientation.Horizontal,
        )

    def _toolbar(self) -> None:
        bar = QToolBar("Training")
        bar.setObjectName("trainingToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        c = self.controls
        bar.addAction(c.back_phase)
        for action in (c.next_phase, c.step, c.run, c.reset):
            bar.addAction(action)
        bar.addSeparator()
        bar.addWidget(QLabel(" Learning rate "))
        bar.addWidget(c.learning_rate)
        bar.addWidget(QLabel("  Speed "))
        bar.addWidget(c.speed)
        self.addToolBar(bar)
        self.toolbar = bar

    def _menus(self) -> None:
        menus = self.menuBar()
        file = menus.addMenu("&File")
        self.files.fill_menu(file)
        file.addSeparator()
        self.data.fill_menu(file)
        file.addSeparator()
        file.addAction(self.files.quit)
        edit = menus.addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(_UNDO))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(redo_shortcuts())
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        train = menus.addMenu("&Train")
        c = self.controls
        for action in (c.next_phase, c.step, c.run, c.reset):
            train.addAction(action)
        train.addSeparator()
        for action in (c.back_phase, c.back_update, c.go_to_step):
            train.addAction(action)
        train.addSeparator()
        train.addAction(c.breakpoints)
        train.addAction(c.gradient_check)
        train.addAction(c.compare_losses)
        train.addSeparator()
        train.addAction(c.settings)
        view = menus.addMenu("&View")
        view.addAction(self.toolbar.toggleViewAction())
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        helper = menus.addMenu("&Help")
        helper.addAction("About this &session", self._about_session)
        helper.addAction(
            "&Losses", lambda: QMessageBox.information(self, "Losses", LOSS_HELP)
        )
        helper.addAction("&About backprop-gui", self._about)

    def _status(self) -> None:
        self.messages = StatusMessages(self.statusBar(), self.bridge)
        self.step_label = StatusLabel()
        self.phase_label = StatusLabel()
        self.loss_label = StatusLabel()
        for label in (self.step_label, self.phase_label, self.loss_label):
            self.statusBar().addPermanentWidget(label)

    def _wire(self) -> None:
        b = self.bridge
        b.stateChanged.connect(self._update_status)
        b.modifiedChanged.connect(lambda _m: self._update_title())
        self.files.sessionChanged.connect(self._update_title)
        for source in (self.controls, self.files, self.data):
            source.message.connect(self.show_message)
        for model in (self.param_model, self.dataset.model):
            model.editRejected.connect(lambda text: self.show_message(text, True))
        self.runner.stoppedByItself.connect(lambda text: self.show_message(text, True))
        self.autosaver.failed.connect(lambda text: self.show_message(text, True))
        self.runner.breakpointHit.connect(self._on_breakpoint)
        self.controls.breakpoints.triggered.connect(
            lambda _checked=False: self.edit_breakpoints()
        )
        self.parameters.watch.clicked.connect(
            lambda _checked=False: self._watch_selected()
        )
        self.controls.settings.triggered.connect(
            lambda _checked=False: self.edit_settings()
        )
        self.network_view.watchRequested.connect(self.watch)
        self.checks = checks = GradientCheckActions(self.debugger, self.runner, self)
        checks.message.connect(self.show_message)
        self.controls.gradient_check.triggered.connect(
            lambda _checked=False: checks.run_check()
        )
        self.controls.compare_losses.triggered.connect(
            lambda _checked=False: checks.ask_and_compare()
        )
        self.network_view.parameterClicked.connect(self.parameters.select_parameter)
        self.parameters.rowSelected.connect(self.network_view.select)
        self.parameters.rowSelected.connect(self.explain.explain_parameter)
        self.network_view.neuronClicked.connect(self._explain_neuron)
        self._update_status()

    def watch(self, key: ParameterKey | NeuronKey) -> None:
        """Pin a parameter or neuron and show the Watches plot."""
        try:
            self.debugger.add_watch(key)
        except (IndexError, TypeError) as exc:
            self.show_message(f"Cannot watch: {exc}", True)
            return
        self.docks["plots"].show()
        self.plots.tabs.setCurrentWidget(self.plots.watches)
        self.show_message(f"Watching {self.debugger.session.spec.label(key)}")

    def _watch_selected(self) -> None:
        key = self.parameters.selected_key()
        if key is None:
            self.show_message("Select a parameter in the table to watch it", True)
        else:
            self.watch(key)

    def edit_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        self.runner.pause()
        dialog = SettingsDialog(self)
        if dialog.exec():
            dialog.apply()

    def edit_breakpoints(self) -> None:
        from .breakpoints_dialog import BreakpointsDialog

        self.runner.pause()
        BreakpointsDialog(self.debugger, self.parameters.selected_key(), self).exec()

    def _on_breakpoint(self, hit) -> None:
        """Select what the breakpoint is about, so its numbers are in view."""
        if hit.parameter is not None:
            self.parameters.select_parameter(hit.parameter)
        elif hit.layer is not None:
            self.parameters.layer.setCurrentIndex(hit.layer + 1)

    def _explain_neuron(self, layer: int, n: int, row: int) -> None:
        self.explain.explain_neuron(layer, n, row)
        self.docks["explain"].show()
        self.docks["explain"].raise_()

    # ------------------------------------------------------------- updates
    def show_message(self, text: str, error: bool = False) -> None:
        self.messages.show(text, error)

    def _update_status(self) -> None:
        trainer = self.debugger.trainer
        self.step_label.set_text(f"Step {trainer.step}")
        self.phase_label.set_text(f"Next: {trainer.next_phase}")
        fwd = trainer.forward_result
        text = f"Loss ({trainer.session.spec.loss}): "
        if fwd is None:
            text += "–"
        elif trainer.forward_valid:
            text += fmt(fwd.loss, 10)
        else:
            now = trainer.current_loss()
            text += f"{fmt(fwd.loss, 10)} (stale; {fmt(now, 10)} with current values)"
        self.loss_label.set_text(text)
        # only what changed: each of these lays the window out again
        batch = len(trainer.current_batch()) if fwd is None else len(fwd.samples)
        if self.sample.maximum() != max(1, batch):
            self.sample.setMaximum(max(1, batch))
        description = trainer.session.description
        if self.description.toolTip() != description:
            self.description.setText(description.split("\n")[0])
            self.description.setToolTip(description)

    def _update_title(self) -> None:
        name = self.files.current_path or self.debugger.session.name or "untitled"
        self.setWindowTitle(f"{name}[*] — backprop-gui")
        self.setWindowModified(self.bridge.modified)

    def offer_recovery(self) -> bool:
        """At start-up: if the last run did not close properly, offer its autosave.
        Returns True when the autosaved session was recovered."""
        found = self.autosaver.recoverable()
        if found is None:
            return False
        session, saved_at = found
        answer = QMessageBox.question(
            self,
            "Recover unsaved work?",
            f"backprop-gui did not close properly last time. Recover the session "
            f"{session.name or ''} autosaved at {saved_at:%Y-%m-%d %H:%M:%S}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.autosaver.discard()
            self.autosaver.timer.start()
            return False
        self.files.install(session, None)
        self.bridge.set_modified(True)  # recovered work is not saved anywhere yet
        self.show_message("Recovered the autosaved session; save it to keep it")
        return True

    def _about_session(self) -> None:
        s = self.debugger.session
        text = s.description or "No description."
        QMessageBox.information(self, f"About {s.name}", text)

    def _about(self) -> None:
        from .. import __version__

        QMessageBox.about(
            self,
            "About backprop-gui",
            f"<b>backprop-gui {__version__}</b><p>A step-through debugger for "
            "backpropagation: forward, backward and update, one phase at a time.",
        )

    # --------------------------------------------------------- persistence
    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event) -> None:
        self.runner.pause()
        if not self.files.maybe_save():
            event.ignore()
            return
        self.autosaver.discard()  # a clean quit: nothing to recover next time
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        event.accept()
