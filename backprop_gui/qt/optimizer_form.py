"""The optimizer's choices as form rows: the update rule, its options and the weight
penalty. Used by Train → Optimizer and by New network.

Only the options of the chosen optimizer are shown. Every field is read with the
app's number rules; ``value()`` raises ``ValueError`` naming the field when one
cannot be used, and ``changed`` fires on every edit so a dialog can validate.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit

from ..core.engine.optimizer_spec import (
    OPTIMIZER_OPTIONS,
    OPTIMIZER_TITLES,
    OPTIMIZERS,
    OptimizerSpec,
    Regularization,
)
from ..core.io.number_text import parse_number

#: (attribute, label, tooltip) of each option field, in the form's order.
FIELDS = (
    ("momentum", "Momentum μ", "b ← μ·b + g (0 ≤ μ < 1; PyTorch's default 0.9)"),
    ("alpha", "Smoothing α", "v ← α·v + (1−α)·g² (0 ≤ α < 1; default 0.99)"),
    ("beta1", "β1", "m ← β1·m + (1−β1)·g (0 ≤ β1 < 1; default 0.9)"),
    ("beta2", "β2", "v ← β2·v + (1−β2)·g² (0 ≤ β2 < 1; default 0.999)"),
    ("eps", "ε", "Added to √v before dividing (> 0; default 1e-8)"),
    (
        "weight_decay",
        "Weight decay λ",
        "g ← g + λθ before the rule (AdamW: θ ← θ·(1 − lr·λ) first); 0 = none",
    ),
    ("l1", "L1 penalty", "Adds l1·Σ|w| over the weights to the loss (not biases)"),
    ("l2", "L2 penalty", "Adds (l2/2)·Σw² over the weights to the loss (not biases)"),
)
#: The fields each optimizer shows (the penalties always): its options, with the
#: betas as two fields.
SHOWN = {
    name: tuple(
        field
        for option in options
        for field in (("beta1", "beta2") if option == "betas" else (option,))
    )
    for name, options in OPTIMIZER_OPTIONS.items()
}


class OptimizerForm(QObject):
    """Adds its rows to a ``QFormLayout``; signal ``changed()``."""

    changed = Signal()

    def __init__(
        self,
        form: QFormLayout,
        optimizer: OptimizerSpec | None = None,
        regularization: Regularization | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        optimizer = optimizer or OptimizerSpec()
        regularization = regularization or Regularization()
        self.form = form
        self.name = QComboBox()
        for name in OPTIMIZERS:
            self.name.addItem(OPTIMIZER_TITLES[name], name)
        self.name.setCurrentIndex(OPTIMIZERS.index(optimizer.name))
        self.name.setToolTip("The update rule (as in PyTorch's torch.optim)")
        form.addRow("Optimizer", self.name)
        values = {
            "momentum": optimizer.momentum,
            "alpha": optimizer.alpha,
            "beta1": optimizer.betas[0],
            "beta2": optimizer.betas[1],
            "eps": optimizer.eps,
            "weight_decay": optimizer.weight_decay,
            "l1": regularization.l1,
            "l2": regularization.l2,
        }
        self.fields: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        for attribute, label, tip in FIELDS:
            field = QLineEdit(repr(values[attribute]))
            field.setToolTip(tip)
            field.textChanged.connect(self.changed)
            caption = QLabel(label)
            caption.setToolTip(tip)
            form.addRow(caption, field)
            self.fields[attribute], self.labels[attribute] = field, caption
        self.name.currentIndexChanged.connect(self._show_fields)
        self.name.currentIndexChanged.connect(self.changed)
        self._show_fields()

    def _show_fields(self) -> None:
        shown = SHOWN[self.name.currentData()]
        for attribute, field in self.fields.items():
            visible = attribute in shown or attribute in ("l1", "l2")
            field.setVisible(visible)
            self.labels[attribute].setVisible(visible)

    def _number(self, attribute: str) -> float:
        label = dict((a, lab) for a, lab, _ in FIELDS)[attribute]
        try:
            return parse_number(self.fields[attribute].text())
        except ValueError as exc:
            raise ValueError(f"{label}: {exc}") from None

    def value(self) -> tuple[OptimizerSpec, Regularization]:
        """The optimizer and penalty the fields describe (ValueError if they
        cannot be used). Hidden options keep their values but are not used."""
        name = self.name.currentData()
        shown = SHOWN[name]
        options = {}
        for attribute in ("momentum", "alpha", "eps", "weight_decay"):
            if attribute in shown:
                options[attribute] = self._number(attribute)
        if "beta1" in shown:
            options["betas"] = (self._number("beta1"), self._number("beta2"))
        optimizer = OptimizerSpec(name, **options)
        regularization = Regularization(self._number("l1"), self._number("l2"))
        return optimizer, regularization
