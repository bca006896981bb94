"""For the classroom: File → Export as Python script and File → Export worked example.

A script or notebook trains the network from the state on screen as the app does
(see ``core/io/script_export.py``); a worked example writes the next update out like
a textbook (``core/debugger/worked_example.py``) as Markdown, HTML, LaTeX or PDF
(the HTML printed through Qt's PDF writer). Both are file writes through a
temporary file: nothing to undo, and a failure leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu

from .. import __version__
from ..core.debugger.worked_example import worked_example
from ..core.io.atomic_write import write_via_temp
from ..core.io.script_export import MAX_SCRIPT_STEPS, write_script
from ..core.io.worked_document import to_html, write_document
from .window_actions import WindowActions
from .window_actions import reason as _reason

EXAMPLE_FILTERS = (
    "PDF (*.pdf);;HTML, self-contained (*.html);;Markdown (*.md);;LaTeX (*.tex)"
)


class ClassroomActions(WindowActions):
    """``folder()`` is where file dialogs start."""

    def __init__(self, bridge, runner, undo_stack, parent, folder: Callable[[], str]):
        super().__init__(bridge, runner, undo_stack, parent)
        self.folder = folder
        self.export_script = self._action(
            "Export as P&ython script…",
            "",
            self.export_script_dialog,
            "A standalone NumPy script (.py) or Jupyter notebook (.ipynb) that "
            "trains this network from its current state as the app does, printing "
            "every phase's numbers",
        )
        self.export_example = self._action(
            "Export wor&ked example…",
            "",
            self.export_example_dialog,
            "The next update written out like a textbook, every equation with its "
            "numbers: PDF, HTML, Markdown or LaTeX",
        )

    def fill_menu(self, menu: QMenu) -> None:
        menu.addAction(self.export_script)
        menu.addAction(self.export_example)

    def _ask_save(self, title: str, name: str, filters: str) -> tuple[str, str]:
        return QFileDialog.getSaveFileName(
            self.parent_widget, title, str(Path(self.folder()) / name), filters
        )

    def _saveable(self, what: str) -> bool:
        """A script or example holds finite numbers only, and none while Predict
        mode is on (it would hold the answers)."""
        self.runner.pause()
        if self.debugger.quiz is not None:
            self._error(
                f"Cannot export {what}",
                f"{what[0].upper()}{what[1:]} would show the answers to Predict "
                "mode's questions: end Predict mode first (Train > Predict mode).",
            )
            return False
        try:
            self.debugger.check_saveable()
        except ValueError as exc:
            self._error(f"Cannot export {what}", str(exc))
            return False
        return True

    def _write(self, what: str, path: str, write, done: str) -> bool:
        try:
            write()
        except (OSError, ValueError) as exc:
            self._error(f"Cannot export {what}", f"{path}: {_reason(exc)}")
            return False
        self.message.emit(done, False)
        return True

    def export_script_dialog(self) -> None:
        if not self._saveable("a script"):
            return
        path, chosen = self._ask_save(
            "Export as Python script",
            "train.py",
            "Python script (*.py);;Jupyter notebook (*.ipynb)",
        )
        if not path:
            return
        if not path.lower().endswith((".py", ".ipynb")):
            path += ".ipynb" if "ipynb" in chosen else ".py"
        steps, ok = QInputDialog.getInt(
            self.parent_widget,
            "Export as Python script",
            "Updates the script runs (it prints every number of each):",
            1,
            1,
            MAX_SCRIPT_STEPS,
            1,
        )
        if not ok:
            return
        session = self.debugger.session.copy()
        self._write(
            "the script",
            path,
            lambda: write_script(session, steps, path, __version__),
            f"Wrote {path}: {steps} update(s) from step {session.step}",
        )

    def export_example_dialog(self) -> None:
        if not self._saveable("a worked example"):
            return
        path, chosen = self._ask_save(
            "Export worked example", "worked-example.pdf", EXAMPLE_FILTERS
        )
        if not path:
            return
        suffixes = (".pdf", ".html", ".htm", ".md", ".tex")
        if not path.lower().endswith(suffixes):
            path += next((s for s in suffixes if s[1:] in chosen), ".pdf")
        try:
            document = worked_example(self.debugger.session)
        except ValueError as exc:
            self._error("Cannot export a worked example", str(exc))
            return
        if path.lower().endswith(".pdf"):
            write = lambda: write_via_temp(  # noqa: E731
                path, lambda temp: print_pdf(to_html(document), temp), _is_pdf
            )
        else:
            write = lambda: write_document(document, path)  # noqa: E731
        self._write("a worked example", path, write, f"Wrote {path}: {document.title}")


def print_pdf(html: str, path: str) -> None:
    """The HTML printed to a PDF file with Qt's PDF writer (A4)."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(path)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)


def _is_pdf(path: str) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(5)
    return head == b"%PDF-"
