"""File and width dialogs answered as a user would, for the window's File menu."""

from PySide6.QtWidgets import QFileDialog, QInputDialog


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
