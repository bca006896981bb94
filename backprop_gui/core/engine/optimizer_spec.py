"""Which optimizer updates the parameters, with its options, and the weight penalty.

The names and defaults follow PyTorch's ``torch.optim`` (``SGD`` with and without
momentum or Nesterov, ``RMSprop``, ``Adam``, ``AdamW``); README.md ("Optimizers")
writes out each update rule. An :class:`OptimizerSpec` holds every option; only the
ones its optimizer uses are written to a session file (:meth:`OptimizerSpec.to_dict`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

#: The options each optimizer uses besides the learning rate.
OPTIMIZER_OPTIONS = {
    "sgd": ("weight_decay",),
    "momentum": ("momentum", "weight_decay"),
    "nesterov": ("momentum", "weight_decay"),
    "rmsprop": ("alpha", "eps", "weight_decay"),
    "adam": ("betas", "eps", "weight_decay"),
    "adamw": ("betas", "eps", "weight_decay"),
}
OPTIMIZERS = tuple(OPTIMIZER_OPTIONS)
#: The per-parameter buffers each optimizer keeps (its state besides the count).
OPTIMIZER_BUFFERS = {
    "sgd": (),
    "momentum": ("velocity",),
    "nesterov": ("velocity",),
    "rmsprop": ("v",),
    "adam": ("m", "v"),
    "adamw": ("m", "v"),
}
#: How people name each optimizer (menus, captions).
OPTIMIZER_TITLES = {
    "sgd": "Gradient descent (SGD)",
    "momentum": "SGD with momentum",
    "nesterov": "SGD with Nesterov momentum",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "adamw": "AdamW",
}
#: Largest value of an option: beyond it the products overflow on ordinary weights.
MAX_OPTION = 1e100


#: Smallest magnitude of a non-zero option: below it a float loses precision.
TINY = 2.2250738585072014e-308


def _number(name: str, value, low: float, high: float, high_open=False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, not {value!r}")
    try:
        value = float(value) + 0.0  # + 0.0: -0.0 is 0
    except OverflowError:
        raise ValueError(f"{name} is too large for a 64-bit float") from None
    if 0 < abs(value) < TINY:
        raise ValueError(f"{name} {value!r} is too small (below {TINY:.4g})")
    inside = low <= value < high if high_open else low <= value <= high
    if not (math.isfinite(value) and inside):
        upper = f"below {high:g}" if high_open else f"at most {high:g}"
        raise ValueError(f"{name} must be from {low:g} and {upper}, not {value!r}")
    return value


@dataclass(frozen=True)
class OptimizerSpec:
    """An optimizer and all its options (those it does not use are ignored)."""

    name: str = "sgd"
    momentum: float = 0.9
    alpha: float = 0.99
    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8
    weight_decay: float = 0.0

    def __post_init__(self) -> None:
        if self.name not in OPTIMIZER_OPTIONS:
            raise ValueError(
                f"unknown optimizer {self.name!r} ({', '.join(OPTIMIZERS)})"
            )
        betas = self.betas
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            shown = list(betas) if isinstance(betas, (tuple, list)) else betas
            raise ValueError(f"betas must be two numbers, not {shown!r}")
        set_ = object.__setattr__  # frozen: normalise the values once, here
        set_(self, "momentum", _number("momentum", self.momentum, 0, 1, True))
        set_(self, "alpha", _number("alpha", self.alpha, 0, 1, True))
        set_(
            self,
            "betas",
            tuple(_number(f"beta{k}", b, 0, 1, True) for k, b in enumerate(betas, 1)),
        )
        set_(self, "eps", _number("eps", self.eps, 0, MAX_OPTION))
        set_(
            self,
            "weight_decay",
            _number("weight_decay", self.weight_decay, 0, MAX_OPTION),
        )
        if self.name in ("rmsprop", "adam", "adamw") and self.eps == 0:
            # v = 0 (a parameter whose gradient has always been 0) would divide
            # 0 by 0
            raise ValueError(f"{self.name} needs eps > 0")

    @property
    def options(self) -> tuple[str, ...]:
        return OPTIMIZER_OPTIONS[self.name]

    @property
    def buffers(self) -> tuple[str, ...]:
        return OPTIMIZER_BUFFERS[self.name]

    @property
    def title(self) -> str:
        return OPTIMIZER_TITLES[self.name]

    def to_dict(self) -> dict:
        """The name and the options this optimizer uses (session-file layout)."""
        out: dict = {"name": self.name}
        for option in self.options:
            value = getattr(self, option)
            out[option] = list(value) if option == "betas" else value
        return out

    def describe(self) -> str:
        """One line for captions and the status bar: ``Adam (β = 0.9, 0.999, …)``."""
        # repr: the shortest text that is the number (0.9999999999999999 is not 1)
        shown = {
            "momentum": lambda v: f"μ = {v!r}",
            "alpha": lambda v: f"α = {v!r}",
            "betas": lambda v: f"β = {v[0]!r}, {v[1]!r}",
            "eps": lambda v: f"ε = {v!r}",
            "weight_decay": lambda v: f"weight decay {v!r}" if v else "",
        }
        parts = [shown[o](getattr(self, o)) for o in self.options]
        parts = [p for p in parts if p]
        return self.title + (f" ({', '.join(parts)})" if parts else "")


def optimizer_from_dict(data) -> OptimizerSpec:
    """An :class:`OptimizerSpec` from a session file's ``"optimizer"`` object; an
    option the named optimizer does not use is refused (it would be ignored)."""
    if not isinstance(data, dict):
        raise ValueError('"optimizer" must be an object such as {"name": "adam"}')
    name = data.get("name", "sgd")
    if not isinstance(name, str):
        raise ValueError('"optimizer" > "name" must be a string')
    known = {f.name for f in fields(OptimizerSpec)}
    for key in data:
        if (
            key != "name"
            and key in known
            and key not in OPTIMIZER_OPTIONS.get(name, (key,))
        ):
            raise ValueError(
                f'"optimizer" > "{key}" does not apply to "{name}" (remove it)'
            )
    options = {k: v for k, v in data.items() if k != "name"}
    if "betas" in options and isinstance(options["betas"], list):
        options["betas"] = tuple(options["betas"])
    return OptimizerSpec(name=name, **options)


@dataclass(frozen=True)
class Regularization:
    """A penalty on the weights (never the biases), added to the loss:
    ``l1·Σ|w| + (l2/2)·Σw²``; its gradient ``l1·sign(w) + l2·w`` is part of dW."""

    l1: float = 0.0
    l2: float = 0.0

    def __post_init__(self) -> None:
        for name in ("l1", "l2"):
            value = _number(name, getattr(self, name), 0, MAX_OPTION)
            object.__setattr__(self, name, value)

    @property
    def active(self) -> bool:
        return self.l1 != 0 or self.l2 != 0

    def to_dict(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}

    def describe(self) -> str:
        parts = [f"{n} {v!r}" for n, v in (("L1", self.l1), ("L2", self.l2)) if v]
        return ", ".join(parts) if parts else "none"
