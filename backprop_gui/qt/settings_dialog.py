"""Train → Settings: the session's batching and validation split (undoable, saved
with the session) and the app's rewind memory budget and autosave interval (kept
in QSettings)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from ..core.engine.validation_split import ValidationSplit
from .app_settings import AppSettings, write_app_settings
from .data_undo_commands import SetBatchingCommand, SetValidationCommand
from .dialog_parts import error_label, ok_cancel


class SettingsDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Settings")
        self.window = window
        debugger = window.debugger
        session, memory = debugger.session, debugger.rewind_memory()
        self.batch = QSpinBox()
        self.batch.setRange(0, 10_000_000)
        self.batch.setSpecialValueText("full batch")
        self.batch.setValue(session.batch_size or 0)
        self.shuffle = QCheckBox("Shuffle each epoch, seed")
        self.shuffle.setChecked(session.shuffle_seed is not None)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(session.shuffle_seed or 0)
        split = session.validation
        self.validation = QDoubleSpinBox()
        self.validation.setRange(0, 95)
        self.validation.setDecimals(1)
        self.validation.setSuffix(" %")
        self.validation.setSpecialValueText("none")
        self.validation.setValue(0 if split is None else 100 * split.fraction)
        self.validation.setToolTip(
            "Hold this share of the samples out of training; the validation loss "
            "and accuracy show how the network does on data it did not train on"
        )
        self.validation_seed = QSpinBox()
        self.validation_seed.setRange(0, 2**31 - 1)
        self.validation_seed.setValue(
            0 if split is None else min(split.seed, 2**31 - 1)
        )
        self.validation_seed.setToolTip(
            "Which samples are held out (the same seed, the same samples)"
        )
        #: the split as shown: a split the spin boxes cannot show exactly (1/3,
        #: a seed past 2^31 - 1) stays as it is unless the user changes them
        self._shown_split = (self.validation.value(), self.validation_seed.value())
        self.error = error_label()
        for spin in (self.validation, self.validation_seed, self.batch, self.seed):
            spin.valueChanged.connect(self._check)
        self.shuffle.toggled.connect(self._check)
        self.budget = QSpinBox()
        self.budget.setRange(1, 16_384)
        self.budget.setSuffix(" MB")
        self.budget.setValue(max(1, memory.budget_bytes // 2**20))
        self.every = QSpinBox()
        self.every.setRange(1, 1_000_000)
        self.every.setSuffix(" updates")
        self.every.setValue(memory.every)
        self.used = QLabel(
            f"{memory.used_bytes / 2**20:.1f} MB in {memory.checkpoints} checkpoints "
            f"now, covering {memory.updates} update"
            f"{'' if memory.updates == 1 else 's'}"
        )
        self.autosave = QSpinBox()
        self.autosave.setRange(1, 3600)
        self.autosave.setSuffix(" s")
        self.autosave.setValue(int(window.autosaver.timer.interval() / 1000) or 1)
        session_box = QGroupBox("This session")
        form = QFormLayout(session_box)
        form.addRow("Batch size", self.batch)
        form.addRow(self.shuffle, self.seed)
        form.addRow("Validation split", self.validation)
        form.addRow("Validation seed", self.validation_seed)
        form.addRow(self.error)
        app_box = QGroupBox("The app")
        form = QFormLayout(app_box)
        form.addRow("Rewind memory budget", self.budget)
        form.addRow("Checkpoint every", self.every)
        form.addRow("", self.used)
        form.addRow("Autosave every", self.autosave)
        # the two groups' fields in one column
        forms = [session_box.layout(), app_box.layout()]
        labels = [
            form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            for form in forms
            for row in range(form.rowCount())
            if form.itemAt(row, QFormLayout.ItemRole.LabelRole) is not None
        ]
        widest = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(widest)
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(session_box)
        layout.addWidget(app_box)
        layout.addWidget(self.buttons)
        self._check()

    def split(self) -> ValidationSplit | None:
        shown = (self.validation.value(), self.validation_seed.value())
        if shown == self._shown_split:
            return self.window.debugger.session.validation
        if self.validation.value() == 0:
            return None
        return ValidationSplit(
            self.validation.value() / 100, self.validation_seed.value()
        )

    def batching(self) -> tuple[int | None, int | None]:
        """(batch size, shuffle seed) as the dialog shows them."""
        size = self.batch.value() or None
        seed = self.seed.value() if self.shuffle.isChecked() and size else None
        return size, seed

    def _check(self) -> None:
        """OK only for batching and a split that fit together; the reason
        otherwise (a batch past the activation limit raised on OK)."""
        try:
            self.window.debugger.check_settings(*self.batching(), self.split())
        except ValueError as exc:
            self.error.setText(str(exc))
            ok = False
        else:
            self.error.setText("")
            ok = True
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def apply(self) -> None:
        """Make the dialog's values current (called after OK)."""
        window = self.window
        debugger, stack = window.debugger, window.undo_stack
        session = debugger.session
        new, old = self.batching(), (session.batch_size, session.shuffle_seed)
        split = self.split()
        commands = []
        if new != old:
            commands.append(SetBatchingCommand(debugger, old, new))
        if split != session.validation:
            command = SetValidationCommand(debugger, session.validation, split)
            try:  # the split first if the new batch fits only its training rows
                debugger.check_settings(*new, session.validation)
                commands.append(command)
            except ValueError:
                commands.insert(0, command)
        if len(commands) > 1:  # one Undo undoes the dialog's OK
            stack.beginMacro("change settings")
        try:
            for command in commands:
                stack.push(command)
        finally:  # never left open: later commands would vanish into it
            if len(commands) > 1:
                stack.endMacro()
        apply_app_settings(
            window, self.budget.value(), self.every.value(), self.autosave.value()
        )


def apply_app_settings(window, budget_mb: int, every: int, autosave_s: int) -> None:
    window.debugger.set_rewind_memory(budget_mb * 2**20, every)
    window.autosaver.timer.setInterval(autosave_s * 1000)
    write_app_settings(window.settings, AppSettings(budget_mb, every, autosave_s))
