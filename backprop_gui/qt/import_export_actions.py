"""Exports and imports: the trace CSV, weights (.npz), datasets (CSV) and plot images.

Every write goes through a temporary file that replaces the target only when it is
complete; a failed or cancelled export leaves nothing behind and never damages the
file that was there. Every import is checked first, explained in a dialog when it is
refused (changing nothing), and undoable when it is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QWidget

from ..core.debugger.debugger import ReplayCancelled
from ..core.io.atomic_write import write_via_temp
from ..core.io.dataset_csv import save_dataset_csv
from ..core.io.session_file import SessionFileError
from ..core.io.weights_file import load_weights, save_weights
from .commands import SetAllParametersCommand
from .dataset_import_actions import DatasetImport
from .image_exports import default_width, export_plot, export_widget, image_complete
from .progress import progress_reporter
from .window_actions import WindowActions
from .window_actions import reason as _reason


class ImportExportActions(DatasetImport, WindowActions):
    """``folder()`` is where file dialogs start; ``plot()`` is the visible plot and
    ``graph()`` the network graph, for the image exports."""

    def __init__(
        self,
        bridge,
        runner,
        undo_stack,
        parent,
        folder: Callable[[], str],
        plot: Callable[[], QWidget],
        graph: Callable[[], QWidget],
    ) -> None:
        super().__init__(bridge, runner, undo_stack, parent)
        self.folder, self._plot, self._graph = folder, plot, graph
        #: ``(temporary path, width or None) -> bool``: what draws the images
        self._write_plot = lambda path, width: export_plot(self._plot(), path, width)
        self._write_graph = self._draw_graph
        self.export_trace = self._action(
            "Export &trace CSV…", "Ctrl+E", self.export_trace_dialog
        )
        self.export_weights = self._action(
            "Export &weights (.npz)…", "", self.export_weights_dialog
        )
        self.import_weights = self._action(
            "&Import weights (.npz)…", "", self.import_weights_dialog
        )
        self.import_dataset = self._action(
            "Import &dataset CSV…",
            "Ctrl+Shift+I",
            self.import_dataset_dialog,
            "Replace the dataset with a CSV file's: columns, class labels, scaling",
        )
        self.export_dataset = self._action(
            "Export data&set CSV…", "", self.export_dataset_dialog
        )
        self.export_plot = self._action(
            "Export &plot image…",
            "",
            self.export_plot_dialog,
            "The visible plot as PNG (for slides: 1600 px wide or more) or SVG",
        )
        self.export_graph = self._action(
            "Export &graph image…",
            "",
            self.export_graph_dialog,
            "The network graph as PNG (for slides: 1600 px wide or more) or SVG",
        )

    def _draw_graph(self, path: str, width: int) -> bool:
        """The graph as an image, its edges smooth even if a run is under way
        or a Step has just drawn them rough."""
        graph = self._graph()
        with graph.drawn_smooth():
            return export_widget(graph, path, width)

    def _ask_save(self, title: str, name: str, filters: str) -> tuple[str, str]:
        folder = Path(self.folder())
        return QFileDialog.getSaveFileName(
            self.parent_widget, title, str(folder / name), filters
        )

    def _ask_open(self, title: str, filters: str) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, title, self.folder(), filters
        )
        return path

    def _export(self, what: str, path: str, write, done: str) -> bool:
        """Run ``write()``; an OS error becomes a dialog, success a status message."""
        try:
            write()
        except OSError as exc:
            self._error(f"Cannot export {what}", f"{path}: {_reason(exc)}")
            return False
        self.message.emit(done, False)
        return True

    def fill_menu(self, menu: QMenu) -> None:
        for action in (
            self.export_trace,
            self.export_weights,
            self.import_weights,
            self.import_dataset,
            self.export_dataset,
            self.export_plot,
            self.export_graph,
        ):
            menu.addAction(action)

    def export_trace_dialog(self) -> None:
        self.runner.pause()
        path, _ = self._ask_save(
            "Export trace CSV", "trace.csv", "CSV files (*.csv);;All files (*)"
        )
        if path:
            self.export_trace_to(path)

    def export_trace_to(self, path: str) -> bool:
        total = self.debugger.journal.phase_count
        progress, report = progress_reporter(
            self.parent_widget, "Export trace", "Writing the trace…", total
        )
        try:
            rows = self.debugger.export_trace(path, progress=report)
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
        self.runner.pause()  # the weights on screen, not a later update's
        path, _ = self._ask_save(
            "Export weights", "weights.npz", "NumPy archives (*.npz)"
        )
        if path:
            params = self.debugger.trainer.params
            self._export(
                "weights",
                path,
                lambda: save_weights(params, path),
                f"Wrote weights to {path}",
            )

    def import_weights_dialog(self) -> None:
        path = self._ask_open("Import weights", "NumPy archives (*.npz)")
        if not path:
            return
        try:
            params = load_weights(path, self.debugger.session.spec)
        except SessionFileError as exc:
            self._error("Cannot import weights", str(exc))
            return
        old = self.debugger.trainer.params.copy()

        def report(text: str) -> None:
            self.message.emit(text, True)

        command = SetAllParametersCommand(self.debugger, old, params, report=report)
        self.undo_stack.push(command)
        self.message.emit(f"Imported weights from {path}", False)

    def export_dataset_dialog(self) -> None:
        path, _ = self._ask_save("Export dataset", "dataset.csv", "CSV files (*.csv)")
        if path:
            s = self.debugger.session
            self._export(
                "dataset",
                path,
                lambda: save_dataset_csv(s.inputs, s.targets, path),
                f"Wrote {s.n_samples} samples to {path}",
            )

    def export_plot_dialog(self) -> None:
        self.runner.pause()
        self._export_image("plot", self._plot(), lambda p, w: self._write_plot(p, w))

    def export_graph_dialog(self) -> None:
        self.runner.pause()  # the picture of one state, the one on screen
        self._export_image("graph", self._graph(), lambda p, w: self._write_graph(p, w))

    def _export_image(self, what: str, widget: QWidget, write) -> None:
        """Ask for a file (PNG or SVG) and, for PNG, a width; then write."""
        title = f"Export {what} image"
        path, chosen = self._ask_save(
            title, f"{what}.png", "PNG image (*.png);;SVG image (*.svg)"
        )
        if not path:
            return
        if not path.lower().endswith((".png", ".svg")):
            path += ".svg" if "svg" in chosen.lower() else ".png"
        width = None
        if path.lower().endswith(".png"):
            width, ok = QInputDialog.getInt(
                self.parent_widget,
                title,
                "Width in pixels (the height follows the window's shape):",
                default_width(widget),
                200,
                10_000,
                100,
            )
            if not ok:
                return
        size = f" ({width} px wide)" if width else ""
        self._export(
            what,
            path,
            lambda: write_via_temp(
                path, lambda temp: write(temp, width), image_complete
            ),
            f"Wrote {what} image to {path}{size}",
        )
