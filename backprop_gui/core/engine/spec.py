"""What a network is (its shape and rules), separate from its parameter values."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .activations import ACTIVATIONS, Activation, get_activation
from .limits import MAX_PARAMETERS, check_layers
from .losses import check_loss

BIAS_MODES = ("per_neuron", "shared", "none")
#: Largest magnitude of an init option (low, high, std, bias): beyond it the
#: drawn values overflow (``high - low`` must stay finite).
INIT_MAGNITUDE = 1e100
#: The init options each scheme uses besides ``seed`` and ``bias``.
INIT_OPTIONS = {"uniform": ("low", "high"), "normal": ("std",), "xavier": (), "he": ()}
INIT_SCHEMES = tuple(INIT_OPTIONS)


@dataclass
class NetworkSpec:
    """Layer sizes (inputs first), one activation per non-input layer, the loss,
    and how biases work."""

    layers: list[int]
    activations: list[str]
    loss: str
    bias_mode: str = "per_neuron"
    train_biases: bool = True

    def __post_init__(self) -> None:
        check_layers(self.layers)
        self.layers = [int(n) for n in self.layers]
        self.activations = list(self.activations)
        self.validate()

    @cached_property
    def activation_functions(self) -> tuple[Activation, ...]:
        """The activation objects, one per non-input layer (looked up once)."""
        return tuple(get_activation(name) for name in self.activations)

    @property
    def depth(self) -> int:
        """Number of weight layers (non-input layers)."""
        return len(self.layers) - 1

    def bias_size(self, layer: int) -> int:
        """Length of the bias vector feeding ``layer`` (1-based non-input layer)."""
        if self.bias_mode == "none":
            return 0
        if self.bias_mode == "shared":
            return 1
        return self.layers[layer]

    def label(self, key) -> str:
        """How every view writes a parameter or neuron key of this network:
        ``W1[1→2]``, ``b2[1]``, or ``b2`` for a bias shared by its layer."""
        return key.label(self.bias_mode == "shared")

    def parameter_count(self) -> int:
        return sum(
            self.layers[l - 1] * self.layers[l] + self.bias_size(l)
            for l in range(1, len(self.layers))
        )

    def trained_count(self) -> int:
        """How many parameters an update changes (the first ones of
        ``Parameters.flat``): all, or the weights only when the biases are
        frozen."""
        if self.train_biases or self.bias_mode == "none":
            return self.parameter_count()
        return sum(
            self.layers[l - 1] * self.layers[l] for l in range(1, len(self.layers))
        )

    def validate(self) -> None:
        """Raise ``ValueError`` naming the first problem."""
        if len(self.layers) < 2:
            raise ValueError("a network needs at least an input and an output layer")
        for i, n in enumerate(self.layers):
            if n < 1:
                raise ValueError(f"layer {i} has {n} neurons; every layer needs >= 1")
        if len(self.activations) != self.depth:
            raise ValueError(
                f"{len(self.activations)} activations given for {self.depth} "
                "non-input layers"
            )
        for i, name in enumerate(self.activations, start=1):
            if name not in ACTIVATIONS:
                known = ", ".join(ACTIVATIONS)
                raise ValueError(f"layer {i}: unknown activation {name!r} ({known})")
            if name == "softmax" and i != self.depth:
                raise ValueError("softmax is only allowed on the output layer")
        check_loss(self.loss, self.activations[-1])
        if self.bias_mode not in BIAS_MODES:
            raise ValueError(
                f"unknown bias mode {self.bias_mode!r} ({', '.join(BIAS_MODES)})"
            )
        if self.parameter_count() > MAX_PARAMETERS:
            raise ValueError(
                f"network has {self.parameter_count():,} parameters; "
                f"the limit is {MAX_PARAMETERS:,}"
            )


@dataclass
class InitSpec:
    """How parameters are drawn: a scheme and an integer seed for
    ``numpy.random.default_rng``. Biases start at ``bias`` (default 0)."""

    scheme: str = "xavier"
    seed: int = 0
    low: float = -0.5
    high: float = 0.5
    std: float = 0.5
    bias: float = 0.0

    def __post_init__(self) -> None:
        if self.scheme not in INIT_SCHEMES:
            raise ValueError(
                f"unknown init scheme {self.scheme!r} ({', '.join(INIT_SCHEMES)})"
            )
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise ValueError(f"init seed must be an integer, not {self.seed!r}")
        if not 0 <= self.seed < 2**128:
            raise ValueError("init seed must be a whole number from 0 to 2^128 - 1")
        for name in ("low", "high", "std", "bias"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and abs(value) <= INIT_MAGNITUDE):
                raise ValueError(
                    f"init {name} must be a number from -{INIT_MAGNITUDE:g} to "
                    f"{INIT_MAGNITUDE:g}, not {value!r}"
                )
        if self.scheme == "uniform" and not self.low < self.high:
            raise ValueError("uniform init needs low < high")
        if self.scheme == "normal" and not self.std > 0:
            raise ValueError("normal init needs std > 0")

    def to_dict(self) -> dict:
        out: dict = {"scheme": self.scheme, "seed": self.seed}
        if self.scheme == "uniform":
            out.update(low=self.low, high=self.high)
        if self.scheme == "normal":
            out["std"] = self.std
        if self.bias != 0.0:
            out["bias"] = self.bias
        return out
