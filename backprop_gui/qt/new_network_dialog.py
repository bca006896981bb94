"""Dialog for a new network: shape, activations, loss, biases, init and dataset.

Every change is validated at once by building the session with the core; what is
wrong is explained in the dialog (and OK stays disabled), never by an exception.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.engine.activations import ACTIVATIONS
from ..core.engine.input_scaling import standardize
from ..core.engine.losses import LOSSES
from ..core.engine.session import Session
from ..core.engine.spec import BIAS_MODES, INIT_SCHEMES, InitSpec, NetworkSpec
from ..core.io.builtin_datasets import DEFAULT_NETWORKS, GENERATORS
from ..core.io.number_text import parse_number, whole_numbers
from ..core.io.presets import preset_names
from .dialog_parts import error_label, ok_cancel
from .new_network_data import (
    CURRENT_DATA,
    PRESET_PREFIX,
    chosen_data,
    take_settings_of,
)
from .optimizer_form import OptimizerForm


class NewNetworkDialog(QDialog):
    def __init__(self, current: Session | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New network")
        self.current = current
        self._session: Session | None = None
        #: the biases' starting value (the open network's; 0 for a new one)
        self.init_bias = 0.0
        self.sizes = QLineEdit("2, 4, 1")
        self.sizes.setToolTip("Neurons per layer, inputs first, e.g. 2, 8, 8, 1")
        self.activation_box = QGroupBox("Activation per layer")
        self.activation_form = QFormLayout(self.activation_box)
        self.activations: list[QComboBox] = []
        self.loss = _combo(LOSSES, "bce")
        self.bias_mode = _combo(BIAS_MODES, "per_neuron")
        self.train_biases = QCheckBox("Train biases")
        self.train_biases.setChecked(True)
        self.scheme = _combo(INIT_SCHEMES, "xavier")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.init_low, self.init_high = QLineEdit("-0.5"), QLineEdit("0.5")
        self.init_std = QLineEdit("0.5")
        self.learning_rate = QLineEdit("0.5")
        self.batch_size = QSpinBox()
        self.batch_size.setRange(0, 1_000_000)
        self.batch_size.setSpecialValueText("full batch")
        self.shuffle = QCheckBox("Shuffle each epoch")
        self.dataset = QComboBox()
        self.dataset.setToolTip(
            "Built-in generated datasets (their seed below), the data of a preset, "
            "or the data of the open session"
        )
        if current is not None:
            self.dataset.addItem(CURRENT_DATA)
        self.dataset.addItems(list(GENERATORS))
        self.dataset.addItems(
            [PRESET_PREFIX + name for name in preset_names() if name not in GENERATORS]
        )
        self.dataset_seed = QSpinBox()
        self.dataset_seed.setRange(0, 2**31 - 1)
        self.standardize = QCheckBox("Standardize inputs")
        self.standardize.setToolTip(
            "Scale each input column to mean 0 and std 1 (kept in the session); "
            "data that are standardized already stay as they are"
        )
        defaults = QPushButton("Use this dataset's default network")
        defaults.clicked.connect(self._apply_dataset_defaults)
        self.error = error_label()
        #: what standardizing reported (constant columns), or ""
        self.note = ""
        self.buttons = ok_cancel(self)
        self._lay_out(defaults)
        for widget in (
            self.sizes,
            self.init_low,
            self.init_high,
            self.init_std,
            self.learning_rate,
        ):
            widget.textChanged.connect(self._validate)
        for combo in (self.loss, self.bias_mode, self.scheme, self.dataset):
            combo.currentIndexChanged.connect(self._validate)
        for spin in (self.seed, self.batch_size, self.dataset_seed):
            spin.valueChanged.connect(self._validate)
        self.train_biases.toggled.connect(self._validate)
        self.standardize.toggled.connect(self._validate)
        self.shuffle.toggled.connect(self._validate)
        self.sizes.textChanged.connect(self._sync_activation_rows)
        self._sync_activation_rows()
        if current is None:
            self.dataset.setCurrentText("xor")
        else:  # the open network's settings: its data fits at once
            take_settings_of(self, current)
        self._validate()

    def _lay_out(self, defaults: QPushButton) -> None:
        form = QFormLayout()
        form.addRow("Layer sizes", self.sizes)
        form.addRow(self.activation_box)
        form.addRow("Loss", self.loss)
        bias_row = QHBoxLayout()
        bias_row.addWidget(self.bias_mode)
        bias_row.addWidget(self.train_biases)
        form.addRow("Biases", bias_row)
        init_row = QHBoxLayout()
        self._captions: dict = {}
        for label, widget in (
            ("", self.scheme),
            ("seed", self.seed),
            ("low", self.init_low),
            ("high", self.init_high),
            ("std", self.init_std),
        ):
            if label:
                caption = QLabel(label)
                init_row.addWidget(caption)
                self._captions[widget] = caption  # hidden with its field
            init_row.addWidget(widget)
        form.addRow("Initialisation", init_row)
        form.addRow("Learning rate", self.learning_rate)
        batch_row = QHBoxLayout()
        batch_row.addWidget(self.batch_size)
        batch_row.addWidget(self.shuffle)
        form.addRow("Batch size", batch_row)
        data_row = QHBoxLayout()
        data_row.addWidget(self.dataset)
        data_row.addWidget(QLabel("seed"))
        data_row.addWidget(self.dataset_seed)
        data_row.addWidget(self.standardize)
        form.addRow("Dataset", data_row)
        form.addRow("", defaults)
        optimizer_box = QGroupBox("Optimizer and penalty")
        optimizer_form = QFormLayout(optimizer_box)
        current = self.current
        self.optimizer = OptimizerForm(
            optimizer_form,
            None if current is None else current.optimizer,
            None if current is None else current.regularization,
            parent=self,
        )
        self.optimizer.changed.connect(self._validate)
        columns = QHBoxLayout()
        columns.addLayout(form)
        columns.addWidget(optimizer_box, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # ----------------------------------------------------------- behaviour
    def _parsed_sizes(self) -> list[int]:
        return whole_numbers(self.sizes.text(), "layer sizes")

    def _sync_activation_rows(self) -> None:
        try:
            count = max(0, min(len(self._parsed_sizes()) - 1, 12))
        except ValueError:
            return
        while len(self.activations) > count:
            self.activation_form.removeRow(len(self.activations) - 1)
            self.activations.pop()
        while len(self.activations) < count:
            combo = _combo(ACTIVATIONS, "tanh")
            combo.currentIndexChanged.connect(self._validate)
            self.activations.append(combo)
            self.activation_form.addRow(f"Layer {len(self.activations)}", combo)
        for k, combo in enumerate(self.activations):
            label = self.activation_form.labelForField(combo)
            if label is not None:
                label.setText("Output" if k == count - 1 else f"Hidden {k + 1}")
        if self.activations and self.activations[-1].currentText() == "tanh":
            self.activations[-1].setCurrentText("sigmoid")
        # Tab goes from the sizes through each layer's activation to the loss
        # (the combos made later came last in the focus chain)
        chain = [self.sizes, *self.activations, self.loss]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        self._validate()

    def _apply_dataset_defaults(self) -> None:
        name = self.dataset.currentText()
        if name not in DEFAULT_NETWORKS:
            return
        net = DEFAULT_NETWORKS[name]
        self.sizes.setText(", ".join(map(str, net["layers"])))
        for combo, activation in zip(self.activations, net["activations"]):
            combo.setCurrentText(activation)
        self.loss.setCurrentText(net["loss"])

    def _validate(self) -> None:
        scheme = self.scheme.currentText()
        for field, shown in (
            (self.init_low, scheme == "uniform"),
            (self.init_high, scheme == "uniform"),
            (self.init_std, scheme == "normal"),
        ):
            field.setVisible(shown)
            self._captions[field].setVisible(shown)
        self.shuffle.setEnabled(self.batch_size.value() > 0)
        try:
            self._session = self._build()
        except ValueError as exc:
            self._session = None
            self.error.setText(str(exc)[:1].upper() + str(exc)[1:])
        else:
            self.error.setText(self.note)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self._session is not None
        )

    def _build(self) -> Session:
        sizes = self._parsed_sizes()
        if len(sizes) < 2:
            raise ValueError("give at least an input and an output layer size")
        if len(self.activations) != len(sizes) - 1:
            raise ValueError("at most 12 computed layers are supported here")
        spec = NetworkSpec(
            sizes,
            [c.currentText() for c in self.activations],
            self.loss.currentText(),
            self.bias_mode.currentText(),
            self.train_biases.isChecked(),
        )
        options = {}
        if self.scheme.currentText() == "uniform":
            options = dict(
                low=parse_number(self.init_low.text()),
                high=parse_number(self.init_high.text()),
            )
        elif self.scheme.currentText() == "normal":
            options = dict(std=parse_number(self.init_std.text()))
        init = InitSpec(
            self.scheme.currentText(),
            self.seed.value(),
            bias=self.init_bias,
            **options,
        )
        inputs, targets, meaning = chosen_data(
            self.dataset.currentText(), self.current, self.dataset_seed.value(), sizes
        )
        self.note = ""
        if self.standardize.isChecked() and meaning.get("input_scaling") is None:
            inputs, meaning["input_scaling"], self.note = standardize(inputs)
        batch = self.batch_size.value() or None
        shuffle = (
            self.dataset_seed.value() if batch and self.shuffle.isChecked() else None
        )
        optimizer, regularization = self.optimizer.value()
        session = Session.create(
            spec,
            init,
            inputs,
            targets,
            optimizer=optimizer,
            regularization=regularization,
            learning_rate=parse_number(self.learning_rate.text()),
            batch_size=batch,
            shuffle_seed=shuffle,
            name=f"new {'-'.join(map(str, sizes))} network",
            **meaning,
        )
        return session

    def session(self) -> Session | None:
        """The session described by the dialog, or None while it is invalid."""
        return self._session


def _combo(items, current: str) -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(items))
    combo.setCurrentText(current)
    return combo
