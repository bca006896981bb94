"""The main window: the network graph in the middle, docks for parameters, plots and
the dataset, the training toolbar, menus and the status bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, QSize
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QMainWindow,
)

from ..core.debugger.debugger import Debugger
from ..core.engine.keys import NeuronKey, ParameterKey
from ..core.engine.session import Session
from . import colour_scheme
from .app_settings import byte_array, read_app_settings
from .autosave import Autosaver
from .bridge import DebuggerBridge
from .classroom_actions import ClassroomActions
from .confusion_view import ConfusionView
from .dataset_panel import DatasetPanel
from .evaluation_follower import EvaluationFollower
from .explain_panel import ExplainPanel
from .file_actions import FileActions
from .frame_hold import FrameHold
from .gradcheck_actions import GradientCheckActions
from .graph_area import graph_area
from .image_views import WeightImages
from .import_export_actions import ImportExportActions
from .network_view import NetworkView
from .param_model import ParameterTableModel
from .param_panel import ParameterPanel
from .plots import PlotsPanel
from .presentation import Presentation
from .runner import RunController
from .status_bar import StatusCounters
from .status_messages import StatusMessages
from .train_dialogs import TrainDialogs
from .training_actions import TrainingActions
from .undo_messages import after_undo
from .window_docks import DockProportions, build_docks, default_size
from .window_menus import build_menus, build_toolbar
from .zoom import Zoom, stored_level


class MainWindow(QMainWindow):
    def __init__(
        self, session: Session, settings: QSettings | None = None, autosave_folder=None
    ) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        app = read_app_settings(self.settings)
        #: The session's state and every command on it.
        self.debugger = Debugger(session, app.every, app.budget_bytes)
        self.bridge = DebuggerBridge(self.debugger, self)
        #: Accuracy and validation scores of the state, computed off the GUI thread.
        self.evaluations = EvaluationFollower(self.bridge, self)
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
            plot=lambda: self.plots.current_plot_drawn(),
            graph=lambda: self.network_view,
        )
        self.classroom = ClassroomActions(
            self.bridge, self.runner, self.undo_stack, self, folder=self.files.folder
        )
        self.autosaver = Autosaver(
            self.bridge, app.autosave_seconds, autosave_folder, self
        )
        self.network_view = NetworkView(self.bridge)
        self.param_model = ParameterTableModel(self.bridge, self.undo_stack)
        self.parameters = ParameterPanel(self.bridge, self.param_model)
        self.plots = PlotsPanel(self.bridge)
        self.dataset = DatasetPanel(self.bridge, self.undo_stack)
        self.explain = ExplainPanel(self.bridge)
        self.confusion = ConfusionView(self.bridge, self.evaluations)
        self.weight_images = WeightImages(self.bridge)
        self.setCentralWidget(graph_area(self))
        self.docks = build_docks(self)
        self.dock_proportions = DockProportions(self, self.docks)
        self.toolbar = build_toolbar(self)
        self.zoom = Zoom(self, self.settings)
        self.zoom.changed.connect(self.parameters.fit_label_columns)
        self.presentation = Presentation(self)
        build_menus(self)
        self.messages = StatusMessages(self.statusBar(), self.bridge)
        self.zoom.set_level(stored_level(self.settings), store=False, force=True)
        self.counters = StatusCounters(
            self.statusBar(), self.debugger, self.evaluations
        )
        # the graph's caption shows the step and phase too (not Predict mode's
        # score, which the phase counter carries), and the loss
        counters = self.counters
        self.messages.make_room_with(
            lambda: (
                [counters.step]
                + ([counters.phase] if self.debugger.quiz is None else [])
                + [counters.accuracy, counters.loss]
            )
        )
        self._wire()
        self.resize(self._default_size())
        self._restore()
        self._update_title()
        if app.problems:
            self.show_message(
                "Settings file: " + "; ".join(app.problems) + " (Train → Settings "
                "stores valid values)",
                error=True,
            )

    # -------------------------------------------------------------- layout
    def _default_size(self) -> QSize:
        return default_size(self)

    def _wire(self) -> None:
        b = self.bridge
        b.stateChanged.connect(self._update_status)
        b.modifiedChanged.connect(lambda _m: self._update_title())
        self.files.sessionChanged.connect(self._update_title)
        for source in (self.controls, self.files, self.data, self.classroom):
            source.message.connect(self.show_message)
        for model in (self.param_model, self.dataset.model):
            model.editRejected.connect(lambda text: self.show_message(text, True))
        self.runner.stoppedByItself.connect(lambda text: self.show_message(text, True))
        self.runner.runningChanged.connect(
            lambda on: self.messages.run_started() if on else None
        )
        self.runner.runningChanged.connect(self.network_view.set_running)
        # views that read the state as they paint keep the last refresh's picture
        # while a run's refresh waits (hover and scrolls showed later numbers)
        self.frame_hold = FrameHold(
            b,
            [
                self.network_view,
                self.parameters.table.viewport(),
                self.dataset.table.viewport(),
            ],
            lambda: self.runner.running,
        )
        self.autosaver.failed.connect(lambda text: self.show_message(text, True))
        self.parameters.watch.clicked.connect(
            lambda _checked=False: self._watch_selected()
        )
        self.train_dialogs = TrainDialogs(self)
        stack = self.undo_stack  # say what Undo and Redo did (unless it failed)
        for action, done, back in (
            (self.undo_action, "Undone", 0),
            (self.redo_action, "Redone", 1),
        ):
            action.triggered.connect(
                lambda _checked=False, done=done, back=back: after_undo(
                    self, done, stack.command(stack.index() - back)
                )
            )
        self.network_view.watchRequested.connect(self.watch)
        self.network_view.zoomRequested.connect(self.zoom.step)
        self.zoom.limited.connect(self.show_message)
        # "Zoom stays at 150%…" is about that level: another level ends it
        self.zoom.changed.connect(self._end_zoom_note)
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

    def _end_zoom_note(self, _level: int) -> None:
        if self.messages.text().startswith("Zoom stays at "):
            self.statusBar().clearMessage()

    def _explain_neuron(self, layer: int, n: int, row: int) -> None:
        self.explain.explain_neuron(layer, n, row)
        self.docks["explain"].show()
        self.docks["explain"].raise_()

    # ------------------------------------------------------------- updates
    def show_message(self, text: str, error: bool = False) -> None:
        self.messages.show(text, error)

    def _update_status(self) -> None:
        self.counters.update()
        trainer = self.debugger.trainer
        fwd = trainer.forward_result
        # only what changed: each of these lays the window out again
        batch = len(trainer.current_batch()) if fwd is None else len(fwd.samples)
        if self.sample.maximum() != max(1, batch):
            # a smaller batch shows its last sample; the sample chosen comes
            # back with a larger one (the clamp's valueChanged had made the
            # choice the smaller batch's size for good; found in a trial)
            wanted = self.network_view.values.position_wanted + 1
            blocked = self.sample.blockSignals(True)
            self.sample.setMaximum(max(1, batch))
            self.sample.setValue(min(wanted, max(1, batch)))
            self.sample.blockSignals(blocked)
        description = trainer.session.description
        if self.description.toolTip() != description:
            self.description.setText(description.split("\n")[0])
            self.description.setToolTip(description)

    def _update_title(self) -> None:
        name = self.files.current_path or self.debugger.session.name or "untitled"
        self.setWindowTitle(f"{name}[*] — backprop-gui")
        self.setWindowModified(self.bridge.modified)

    def offer_recovery(self) -> bool:
        """At start-up: offer the autosave of a run that did not close properly.
        Returns True when it was recovered."""
        return self.autosaver.offer_recovery(self, self._install_recovered)

    def _install_recovered(self, session: Session) -> None:
        self.files.install(session, None)
        self.bridge.set_modified(True)  # recovered work is not saved anywhere yet
        self.show_message("Recovered the autosaved session; save it to keep it")

    # --------------------------------------------------------- persistence
    def _restore(self) -> None:
        geometry = byte_array(self.settings, "window/geometry")
        state = byte_array(self.settings, "window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
            self.dock_proportions.following = False  # the user's own layout

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.dock_proportions.window_resized()

    def event(self, event) -> bool:
        if event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,  # a second press, soon after one
        ):
            self.dock_proportions.mouse_pressed()
        return super().event(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light ↔ dark
            self.apply_colour_scheme()

    def apply_colour_scheme(self) -> None:
        scheme = colour_scheme.current()
        self.plots.set_colours(scheme)
        self.param_model.refresh_colours()
        self.dataset.model.refresh_colours()
        self.network_view.update()

    def closeEvent(self, event) -> None:
        self.runner.pause()
        if not self.files.maybe_save():
            event.ignore()
            return
        self.autosaver.discard()  # a clean quit: nothing to recover next time
        self.evaluations.shutdown()
        self.presentation.set_active(False)  # remember the working layout
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        event.accept()
