"""The main window's menu bar and training toolbar, built from the action groups,
and the Help menu's dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QToolBar

LOSS_HELP = """<b>Losses</b> (m samples in the batch, k outputs):<ul>
<li><b>mse</b>: mean over all m·k elements of (y − a)²</li>
<li><b>half_sse</b>: ½ · sum over outputs of (y − a)², averaged over samples</li>
<li><b>bce</b>: mean over all elements of −(y log a + (1−y) log(1−a));
sigmoid output</li>
<li><b>cross_entropy</b>: mean over samples of −Σ y log a; softmax output</li></ul>"""


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


def build_toolbar(window: QMainWindow) -> QToolBar:
    c = window.controls
    bar = QToolBar("Training")
    bar.setObjectName("trainingToolbar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (c.back_phase, c.next_phase, c.step, c.run, c.reset):
        bar.addAction(action)
    bar.addSeparator()
    bar.addWidget(QLabel(" Learning rate "))
    bar.addWidget(c.learning_rate)
    bar.addWidget(QLabel("  Speed "))
    bar.addWidget(c.speed)
    window.addToolBar(bar)
    return bar


def build_menus(window: QMainWindow) -> None:
    """File, Edit, Train, View and Help; sets ``window.undo_action`` and
    ``window.redo_action``."""
    menus = window.menuBar()
    file = menus.addMenu("&File")
    window.files.fill_menu(file)
    file.addSeparator()
    window.data.fill_menu(file)
    file.addSeparator()
    window.classroom.fill_menu(file)
    file.addSeparator()
    file.addAction(window.files.quit)

    edit = menus.addMenu("&Edit")
    window.undo_action = window.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcuts(
        QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)
    )
    window.redo_action = window.undo_stack.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts(redo_shortcuts())
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)

    c = window.controls
    train = menus.addMenu("&Train")
    for group in (
        (c.next_phase, c.step, c.run, c.reset),
        (c.back_phase, c.back_update, c.go_to_step),
        (c.breakpoints, c.gradient_check, c.compare_losses, c.predict),
        (c.optimizer, c.settings),
    ):
        if train.actions():
            train.addSeparator()
        for action in group:
            train.addAction(action)

    view = menus.addMenu("&View")
    window.zoom.fill_menu(view)
    view.addAction(window.presentation.action)
    view.addSeparator()
    view.addAction(window.toolbar.toggleViewAction())
    for dock in window.docks.values():
        view.addAction(dock.toggleViewAction())

    helper = menus.addMenu("&Help")
    helper.addAction("About this &session", lambda: about_session(window))
    helper.addAction(
        "&Losses", lambda: QMessageBox.information(window, "Losses", LOSS_HELP)
    )
    helper.addAction("&About backprop-gui", lambda: about(window))


def about_session(window: QMainWindow) -> None:
    session = window.debugger.session
    text = session.description or "No description."
    QMessageBox.information(window, f"About {session.name}", text)


def about(window: QMainWindow) -> None:
    from .. import __version__

    QMessageBox.about(
        window,
        "About backprop-gui",
        f"<b>backprop-gui {__version__}</b><p>A step-through debugger for "
        "backpropagation: forward, backward and update, one phase at a time.",
    )
