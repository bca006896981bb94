"""File and width dialogs answered as a user would, for the window's File menu."""

from PySide6.QtWidgets import QFileDialog, QInputDialog

from backprop_gui.qt.import_dialog import ImportDatasetDialog


def patch_save_dialog(monkeypatch, path):
    """The save dialog answers ``path``."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def patch_width_dialog(monkeypatch, width, asked=None):
    """The image-width question answers ``width`` (0: Cancel); the width offered
    is appended to ``asked``."""

    def get_int(parent, title, label, value, low, high, step):
        if asked is not None:
            asked.append(value)
        return (width, True) if width else (value, False)

    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(get_int))


def choose_file(monkeypatch, path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )


def accept_import(monkeypatch, label: str | None, standardize=False, refer=False):
    """File → Import dataset CSV's dialog, answered as a user would."""

    def exec_(dialog: ImportDatasetDialog) -> int:
        if label is not None:
            dialog.label.setCurrentIndex(dialog.label.findText(label))
        dialog.standardize.setChecked(standardize)
        dialog.refer.setChecked(refer)
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        assert ok.isEnabled(), dialog.error.text()
        return 1

    monkeypatch.setattr(ImportDatasetDialog, "exec", exec_)
