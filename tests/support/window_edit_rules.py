"""Rules of the window state machine that edit as a user does: the parameter,
optimizer-buffer and dataset tables through their models' setData, the Dataset
dock's Add sample and Remove sample buttons, the learning-rate box, and Undo and
Redo pressed on the window. Mixed into the machine in
tests/qt/test_window_state_machine.py, whose ``window``, ``debugger``,
``_revision``, ``_press`` and ``succeeded`` they use."""

from hypothesis import strategies as st
from hypothesis.stateful import rule
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backprop_gui.qt.param_rows import VALUE


class EditRules:
    @rule(data=st.data(), good=st.booleans())
    def edit_parameter(self, data, good):
        model = self.window.param_model
        row = data.draw(st.integers(0, model.rowCount() - 1))
        text = (
            repr(data.draw(st.floats(-3, 3, allow_nan=False)))
            if good
            else data.draw(st.sampled_from(["nan", "abc", "1e400", "0,5", ""]))
        )
        before = self._revision()
        accepted = model.setData(
            model.index(row, VALUE), text, Qt.ItemDataRole.EditRole
        )
        assert accepted == good
        self.succeeded = self._revision() != before
        if not good:
            assert self.window.messages.error

    @rule(data=st.data(), good=st.booleans())
    def edit_optimizer_buffer(self, data, good):
        """Type into a buffer column (velocity, m, v) of the table, if any."""
        model = self.window.param_model
        names = [
            n for n in model.optimizer_columns.names if n in ("velocity", "m", "v")
        ]
        if not names:
            return
        name = data.draw(st.sampled_from(names))
        row = data.draw(st.integers(0, model.rowCount() - 1))
        bad = ["nan", "abc", "1e400"] + (["-1"] if name == "v" else [])
        text = (
            repr(data.draw(st.floats(0, 2)))
            if good
            else data.draw(st.sampled_from(bad))
        )
        index = model.index(row, model.optimizer_column(name))
        frozen = model.optimizer_columns.value(name, model.locate(row)) is None
        # the velocity starts at the first update (b = g): not editable before
        early = name == "velocity" and self.debugger.session.optimizer_state.count == 0
        accepted = model.setData(index, text, Qt.ItemDataRole.EditRole)
        assert accepted == (good and not frozen and not early)
        if not accepted:
            assert self.window.messages.error

    @rule(data=st.data(), good=st.booleans())
    def edit_dataset(self, data, good):
        model = self.window.dataset.model
        row = data.draw(st.integers(0, model.rowCount() - 1))
        column = data.draw(st.integers(0, self.debugger.session.spec.layers[0] - 1))
        text = repr(data.draw(st.floats(-2, 2))) if good else "inf"
        before = self._revision()
        assert model.setData(model.index(row, column), text) == good
        self.succeeded = self._revision() != before

    @rule(data=st.data(), add=st.booleans())
    def add_or_remove_a_sample(self, data, add):
        """Select a row of the Dataset dock, click Add sample or Remove sample."""
        panel = self.window.dataset
        rows = panel.model.rowCount()
        panel.table.selectRow(data.draw(st.integers(0, rows - 1)))
        before = self._revision()
        (panel.add if add else panel.remove).click()
        QApplication.processEvents()
        changed = panel.model.rowCount() - rows
        assert changed in ((1, 0) if add else (-1, 0))  # refused: one sample left
        self.succeeded = self._revision() != before

    @rule(lr=st.sampled_from(["0.1", "0.5", "2", "-1", "x"]))
    def learning_rate(self, lr):
        box = self.window.controls.learning_rate
        before = self.debugger.session.learning_rate
        box.setText(lr)
        box.editingFinished.emit()
        if lr in ("-1", "x"):
            assert self.debugger.session.learning_rate == before
            assert self.window.messages.error
        else:
            assert self.debugger.session.learning_rate == float(lr)
            self.succeeded = float(lr) != before

    @rule(redo=st.booleans())
    def undo_or_redo_by_keyboard(self, redo):
        stack = self.window.undo_stack
        can = stack.canRedo() if redo else stack.canUndo()
        index = stack.index()
        tried = stack.command(index if redo else index - 1)
        self._press("Ctrl+Shift+Z" if redo else "Ctrl+Z")
        if can and getattr(tried, "failed", False) and stack.index() == index:
            # refused (a rewind or training changed the value since): the first
            # refusal keeps the command's place, changing nothing
            self.succeeded = False
            return
        if can:
            assert stack.index() == index + (1 if redo else -1)
        # a buffer entry that a rewind or another optimizer made impossible
        # says so (and changes nothing): not a success
        command = stack.command(stack.index() - (1 if redo else 0))
        self.succeeded = can and not getattr(command, "failed", False)
