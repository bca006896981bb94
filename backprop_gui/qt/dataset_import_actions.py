"""Importing a dataset CSV into the session (a mixin of
:class:`~.import_export_actions.ImportExportActions`): the import dialog, a large
file's read with a cancellable progress bar, and the undoable replacement of the
data. A refused file is explained in a dialog and changes nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..core.engine.session import description_after_import
from ..core.io.dataset_csv import DatasetLoadCancelled, load_dataset_for
from .data_undo_commands import SetDataCommand
from .progress import progress_reporter


class DatasetImport:
    def import_dataset_dialog(self) -> None:
        from .import_dialog import ImportDatasetDialog

        path = self._ask_open("Import dataset", "CSV files (*.csv);;All (*)")
        if not path:
            return
        self.runner.pause()
        dialog = ImportDatasetDialog(
            path, self.debugger.session.spec, self.parent_widget
        )
        if not dialog.exec():
            return
        try:
            choice = dialog.choice()
        except ValueError as exc:
            self._error("Cannot import dataset", str(exc))
            return
        data = dialog.result_data
        if data is None:  # a large file: read now, with progress
            data = self._read_with_progress(path, choice)
            if data is None:
                return
        self._replace_data(data, path, choice.refer)

    def import_dataset_from(self, path: str, quiet: bool = False) -> bool:
        """Replace the dataset with a CSV's (inputs first, then targets); undoable.
        A bad file is explained in a dialog (unless ``quiet``) and changes
        nothing."""
        try:
            data = load_dataset_for(self.debugger.session.spec, path)
        except ValueError as exc:  # the message names the file
            if not quiet:
                self._error("Cannot import dataset", str(exc))
            return False
        return self._replace_data(data, path, refer=False)

    def _read_with_progress(self, path: str, choice):
        """The dataset ``choice`` reads from ``path``, or None (cancelled or
        refused, said in a dialog or the status bar; nothing changed)."""
        dialog, report = progress_reporter(
            self.parent_widget, "Import dataset", f"Reading {Path(path).name}…", 1
        )
        try:
            return choice.load(self.debugger.session.spec, path, report)
        except DatasetLoadCancelled:
            self.message.emit("Import cancelled; the dataset is unchanged", False)
        except ValueError as exc:  # the message names the file
            self._error("Cannot import dataset", str(exc))
        except MemoryError:
            self._error("Cannot import dataset", f"{path}: not enough memory")
        finally:
            dialog.close()
        return None

    def _replace_data(self, data, path: str, refer: bool) -> bool:
        self.runner.pause()
        session = self.debugger.session
        info = replace(
            data.info if refer else replace(data.info, source=None),
            description=description_after_import(
                session.description,
                Path(path).name,
                data.info.classes,
            ),
        )
        old = (session.inputs, session.targets, session.dataset_info)
        new = (data.inputs, data.targets, info)
        try:
            self.debugger.check_data(*new)
        except ValueError as exc:
            self._error("Cannot import dataset", f"{path}: {exc}")
            return False
        self.undo_stack.push(SetDataCommand(self.debugger, old, new))
        text = f"Imported {len(data.inputs)} samples from {Path(path).name}"
        if data.info.classes is not None:
            text += f" ({len(data.info.classes)} classes)"
        for note in data.notes:
            text += f"; {note}"
        self.message.emit(text, False)
        return True
