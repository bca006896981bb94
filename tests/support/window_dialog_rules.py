"""Rules of the window state machine that answer dialogs as a user does: the
dialog's own fields and buttons, with ``exec`` or the static question patched to
answer at once. Mixed into the machine in tests/qt/test_window_state_machine.py,
whose ``window``, ``debugger``, ``_revision``, ``_trigger``, ``_press`` and
``succeeded`` they use."""

from pathlib import Path
from unittest import mock

from hypothesis import strategies as st
from hypothesis.stateful import rule
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QPushButton,
)

from backprop_gui.core.engine.activations import ACTIVATIONS
from backprop_gui.core.engine.losses import LOSSES
from backprop_gui.core.engine.optimizer_spec import OPTIMIZERS
from backprop_gui.core.engine.spec import BIAS_MODES, INIT_SCHEMES
from backprop_gui.qt.breakpoints_dialog import BreakpointsDialog
from backprop_gui.qt.new_network_dialog import NewNetworkDialog
from backprop_gui.qt.optimizer_dialog import OptimizerDialog

CORPUS = Path(__file__).parents[1] / "data" / "bad"
HOSTILE_FILES = [
    (kind, name)
    for kind in ("sessions", "weights")
    for name in sorted(p.name for p in (CORPUS / kind).iterdir())
]


class DialogRules:
    @rule(hostile=st.sampled_from(HOSTILE_FILES), by_keyboard=st.booleans())
    def open_a_hostile_file(self, hostile, by_keyboard):
        """File → Open session (or Ctrl+O) and File → Import weights with a file
        of the bad-input corpus (tests/data/bad): a message, and nothing of the
        session changes."""
        kind, name = hostile
        path = str(CORPUS / kind / name)
        before = (self._revision(), self.debugger.trainer.params.copy())

        def get_open_file_name(*args, **kwargs):
            return path, ""

        with mock.patch.object(
            QFileDialog, "getOpenFileName", staticmethod(get_open_file_name)
        ):
            if kind == "weights":
                self.window.data.import_weights.trigger()
            elif by_keyboard:
                self._press("Ctrl+O")
            else:
                self.window.files.open.trigger()
        QApplication.processEvents()
        assert self._revision() == before[0]
        assert self.debugger.trainer.params.identical(before[1])
        assert self.window.messages.error and path in self.window.messages.text()

    @rule(
        percent=st.sampled_from([0.0, 10.0, 20.0, 50.0, 95.0]), seed=st.integers(0, 3)
    )
    def set_validation_split(self, percent, seed):
        """Train → Settings: hold a share of the samples out (or none), through
        the dialog's spin boxes; a split the dataset cannot take keeps OK off and
        changes nothing."""
        from backprop_gui.qt.settings_dialog import SettingsDialog

        before = self.debugger.session.validation
        outcome = {}

        def exec_(dialog):
            dialog.validation.setValue(percent)
            dialog.validation_seed.setValue(seed)
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            outcome["ok"] = ok.isEnabled()
            return 1 if ok.isEnabled() else 0

        with mock.patch.object(SettingsDialog, "exec", exec_):
            self._trigger(self.window.controls.settings)
        split = self.debugger.session.validation
        if outcome["ok"]:
            assert (split is None) == (percent == 0)
            if split is not None:
                assert (split.fraction, split.seed) == (percent / 100, seed)
        else:
            assert split == before

    @rule(data=st.data())
    def go_to_step(self, data):
        first, last = self.debugger.history_steps()
        # a number past the history too: refused, nothing changes
        target = data.draw(st.integers(first, last + 2))
        step, phases = self.debugger.step, self.debugger.journal.phase_count

        def get_int(parent, title, label, value, low, high, *args):
            assert f"({first}–{last})" in label and low <= target <= high
            return target, True

        with mock.patch.object(QInputDialog, "getInt", staticmethod(get_int)):
            self._trigger(self.window.controls.go_to_step)
        if target <= last:
            assert self.debugger.step == target
        else:
            assert (self.debugger.step, self.debugger.journal.phase_count) == (
                step,
                phases,
            )
            assert "is not in this history" in self.window.messages.text()
            self.succeeded = False  # the error message is right here

    @rule(other=st.sampled_from(list(LOSSES)))
    def compare_losses(self, other):
        """Train → Compare losses…, answering the loss question with ``other``:
        a dialog with the ratios, or a warning for a pair that makes no sense
        (cross_entropy without softmax); nothing of the session changes."""
        before = self._revision()

        def get_item(parent, title, label, items, *args):
            assert self.debugger.session.spec.loss not in items
            return other, other in items

        with mock.patch.object(QInputDialog, "getItem", staticmethod(get_item)):
            self.window.controls.compare_losses.trigger()
        assert self._revision() == before

    @rule(
        hidden=st.lists(st.integers(1, 5), min_size=0, max_size=2),
        activations=st.lists(
            st.sampled_from(list(ACTIVATIONS)), min_size=3, max_size=3
        ),
        loss=st.sampled_from(list(LOSSES)),
        bias_mode=st.sampled_from(list(BIAS_MODES)),
        train_biases=st.booleans(),
        scheme=st.sampled_from(list(INIT_SCHEMES)),
        seed=st.integers(0, 10),
        batch=st.integers(0, 3),
        dataset=st.sampled_from(["xor", "and", "or"]),
    )
    def new_network(
        self,
        hidden,
        activations,
        loss,
        bias_mode,
        train_biases,
        scheme,
        seed,
        batch,
        dataset,
    ):
        """File → New network, its fields filled in; OK when the dialog accepts
        the combination (an invalid one keeps OK disabled: nothing changes)."""
        before = self.debugger.session
        accepted = []

        def fill_and_answer(dialog):
            dialog.dataset.setCurrentText(dataset)
            dialog.sizes.setText(", ".join(map(str, [2, *hidden, 1])))
            for combo, name in zip(dialog.activations, activations):
                combo.setCurrentText(name)
            dialog.loss.setCurrentText(loss)
            dialog.bias_mode.setCurrentText(bias_mode)
            dialog.train_biases.setChecked(train_biases)
            dialog.scheme.setCurrentText(scheme)
            dialog.seed.setValue(seed)
            dialog.batch_size.setValue(batch)
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            accepted.append(ok.isEnabled())
            return int(ok.isEnabled())

        with mock.patch.object(NewNetworkDialog, "exec", fill_and_answer):
            self.window.files.new_network.trigger()
        QApplication.processEvents()
        if accepted[0]:
            assert self.debugger.session is not before
            assert self.debugger.session.spec.layers == [2, *hidden, 1]
        else:
            assert self.debugger.session is before
        self.succeeded = accepted[0]

    @rule(
        kind=st.sampled_from(
            ["loss_below", "loss_above", "grad_norm_above", "sign_change", "at_step"]
        ),
        value=st.sampled_from(["0.01", "0.2", "5", "abc"]),
        remove=st.booleans(),
    )
    def edit_breakpoints(self, kind, value, remove):
        """Train → Breakpoints (Ctrl+B): pick a condition, type its value, Add;
        or select the first one and Remove selected."""
        before = list(self.debugger.breakpoints.conditions)

        def use(dialog):
            buttons = {b.text(): b for b in dialog.findChildren(QPushButton)}
            if remove:
                dialog.list.setCurrentRow(0)
                buttons["Remove selected"].click()
            else:
                dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
                dialog.value.setText(value)
                buttons["Add"].click()
            return 0

        with mock.patch.object(BreakpointsDialog, "exec", use):
            self._press("Ctrl+B")
        after = self.debugger.breakpoints.conditions
        if remove:
            assert after == before[1:]
        elif value == "abc" and kind != "sign_change":
            assert after == before  # refused in the dialog
        elif kind == "sign_change" and self.window.parameters.selected_key() is None:
            assert after == before  # it needs a selected parameter
        else:
            assert len(after) == len(before) + 1 and after[-1].kind == kind

    @rule(
        name=st.sampled_from(OPTIMIZERS),
        option=st.sampled_from(["", "0", "0.5", "0.95", "1", "x"]),
        l1=st.sampled_from(["0", "0.001"]),
        l2=st.sampled_from(["0", "0.01", "-1"]),
    )
    def change_optimizer(self, name, option, l1, l2):
        """Train → Optimizer (Ctrl+Shift+O): an optimizer, one of its options
        typed (perhaps unusable: OK stays disabled) and a penalty; OK."""
        before = self.debugger.session
        was = (before.optimizer, before.regularization)
        result = {}

        def answer(dialog):
            form = dialog.form
            form.name.setCurrentIndex(form.name.findData(name))
            field = {"momentum": "momentum", "nesterov": "momentum",
                     "rmsprop": "alpha", "adam": "beta1",
                     "adamw": "weight_decay"}.get(name)  # fmt: skip
            if field and option:
                form.fields[field].setText(option)
            form.fields["l1"].setText(l1)
            form.fields["l2"].setText(l2)
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            result["ok"] = ok.isEnabled()
            return int(ok.isEnabled())

        with mock.patch.object(OptimizerDialog, "exec", answer):
            self._press("Ctrl+Shift+O")
        now = self.debugger.session
        if result["ok"]:
            assert now.optimizer.name == name
        else:
            assert (now.optimizer, now.regularization) == was
        self.succeeded = result["ok"] and (now.optimizer, now.regularization) != was
