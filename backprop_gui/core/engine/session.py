"""A session: everything a user works on, as saved in a session file."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import numpy as np

from .classes import check_class_count, check_class_names
from .input_scaling import InputScaling
from .limits import MAX_MAGNITUDE, MAX_STEP, check_batch, check_dataset_size
from .optimizer_spec import OptimizerSpec, Regularization
from .optimizers import OptimizerState
from .parameters import Parameters, check_shapes, initialise
from .spec import InitSpec, NetworkSpec
from .validation_split import MAX_SEED, ValidationSplit

#: The first paragraph of a description whose data were replaced.
REPLACED = "Data replaced: "
#: ... and what it says of the rest (the window shows the first line only).
EARLIER = "The session's earlier notes were written for the data before."


def description_after_import(
    description: str, file_name: str, classes: list | None
) -> str:
    """A session's description once its data are replaced by ``file_name``'s
    (no sample count: Add sample and Remove sample would make it false; the
    Dataset dock counts them): a first paragraph says so, and that the text after it
    (the old description, whose claims about the data no longer hold) was
    written for the data before; the window shows that first line over the
    graph, the whole text in Help → About this session. A second import
    replaces that paragraph."""
    if description.startswith(REPLACED):
        description = description.partition("\n\n")[2]
    what = file_name
    if classes is not None:
        what += f", {len(classes)} classes"
    if not description:
        return f"{REPLACED}{what}."
    # the window shows the first line (what the data are now) over the graph
    return f"{REPLACED}{what}.\n{EARLIER}\n\n{description}"


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset's numbers mean, beyond inputs and targets: the class names
    of a label column, the input scaling already applied, and where the data came
    from (``Session.dataset``)."""

    classes: list | None = None
    input_scaling: InputScaling | None = None
    source: dict | None = None
    #: The session's description that goes with these data (None: keep the
    #: description as it is, as for an edit of the current data).
    description: str | None = None


@dataclass
class Session:
    spec: NetworkSpec
    params: Parameters
    inputs: np.ndarray
    targets: np.ndarray
    learning_rate: float = 0.1
    batch_size: int | None = None
    shuffle_seed: int | None = None
    init: InitSpec | None = None
    step: int = 0
    description: str = ""
    #: Short title: the preset name, or the file name it came from.
    name: str = ""
    #: Set when inputs/targets came from a built-in generator: its name and options.
    dataset: dict | None = None
    #: Keys of a loaded file that this version does not use, kept for saving back.
    extra: dict = field(default_factory=dict)
    #: The update rule and its options (plain gradient descent by default).
    optimizer: OptimizerSpec = field(default_factory=OptimizerSpec)
    #: The weight penalty added to the loss.
    regularization: Regularization = field(default_factory=Regularization)
    #: The optimizer's update count and buffers (None: a fresh state).
    optimizer_state: OptimizerState | None = None
    #: A quiz's question plan saved with the session by a teacher
    #: (``core.io.quiz_plan.QuizPlan``), or None.
    quiz: object | None = None
    #: Names of the classes when the targets came from a label column, in target
    #: order (``core.engine.classes``); None for other data.
    classes: list | None = None
    #: The standardisation already applied to ``inputs``, or None.
    input_scaling: InputScaling | None = None
    #: The samples held out of training, or None (all samples train).
    validation: ValidationSplit | None = None

    def __post_init__(self) -> None:
        # The data arrays are never changed in place (edits replace them), so
        # copies of a session share them: read-only makes that a guarantee.
        self.inputs = frozen_data(self.inputs)
        self.targets = frozen_data(self.targets)
        if self.optimizer_state is None:
            self.optimizer_state = OptimizerState.fresh(
                self.optimizer.name, self.spec.trained_count()
            )
        self.validate()

    @classmethod
    def create(
        cls, spec: NetworkSpec, init: InitSpec, inputs, targets, **settings
    ) -> Session:
        """A new session whose parameters are drawn from ``init``."""
        return cls(spec, initialise(spec, init), inputs, targets, init=init, **settings)

    @property
    def n_samples(self) -> int:
        return self.inputs.shape[0]

    @property
    def evaluated(self) -> bool:
        """Whether the session has scores beyond its loss: accuracy (classes) or
        a validation loss (a split)."""
        return self.classes is not None or self.validation is not None

    @property
    def dataset_info(self) -> DatasetInfo:
        return DatasetInfo(
            self.classes, self.input_scaling, self.dataset, self.description
        )

    def split_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """``(training rows, validation rows)``; every row trains when no
        validation split is set."""
        if self.validation is None:
            return np.arange(self.n_samples), np.arange(0)
        return self.validation.rows(self.n_samples)

    @property
    def n_training(self) -> int:
        """Samples that train (all but the validation rows)."""
        if self.validation is None:
            return self.n_samples
        return self.n_samples - self.validation.count(self.n_samples)

    def validate(self) -> None:
        """Raise ``ValueError`` naming the first inconsistency."""
        check_shapes(self.spec, self.params)
        found = self.params.first_non_finite()
        if found is not None:
            raise ValueError(f"{self.spec.label(found)} is not a finite number")
        check_data(self.spec, self.inputs, self.targets)
        check_learning_rate(self.learning_rate)
        check_batching(self.batch_size, self.shuffle_seed)
        check_dataset_roles(self)
        check_batch(self.spec.layers, self.n_training, self.batch_size)
        if not isinstance(self.step, int) or not 0 <= self.step <= MAX_STEP:
            raise ValueError(
                f"step must be a whole number from 0 to {MAX_STEP:,}, not {self.step!r}"
            )
        if self.optimizer_state.name != self.optimizer.name:
            raise ValueError(
                f"the optimizer state is {self.optimizer_state.name}'s, but the "
                f"optimizer is {self.optimizer.name}"
            )
        self.optimizer_state.check(self.spec.trained_count())
        if self.optimizer_state.count > self.step:
            raise ValueError(
                f"the optimizer has seen {self.optimizer_state.count:,} updates, "
                f"more than the session's {self.step:,}"
            )

    def copy(self) -> Session:
        """A copy that shares the read-only data and has its own parameters,
        optimizer state and mutable settings. It is not validated again: a
        diverged state copies as it is (a rewind's checkpoint must hold the
        state its step had, and refusing it there left an update half done)."""
        new = copy.copy(self)  # no __init__: the fields as they are
        new.params = self.params.copy()
        new.dataset = None if self.dataset is None else dict(self.dataset)
        new.extra = dict(self.extra)
        new.optimizer_state = self.optimizer_state.copy()
        new.classes = None if self.classes is None else list(self.classes)
        return new


def frozen_data(values) -> np.ndarray:
    """``values`` as a read-only float64 table (the same array when it is one)."""
    if (
        isinstance(values, np.ndarray)
        and values.dtype == np.float64
        and values.ndim == 2
        and not values.flags.writeable
    ):
        return values  # already a dataset array: shared, not copied
    array = np.array(values, dtype=np.float64, ndmin=2)
    array.flags.writeable = False
    return array


def check_dataset_roles(session: Session) -> None:
    """Classes, input scaling and the validation split fit the network and data."""
    if session.classes is not None:
        check_class_names(session.classes)
        check_class_count(len(session.classes), session.spec.layers[-1])
    scaling = session.input_scaling
    if scaling is not None and scaling.size != session.spec.layers[0]:
        raise ValueError(
            f"input scaling is for {scaling.size} inputs; the network takes "
            f"{session.spec.layers[0]}"
        )
    if session.validation is not None:
        session.validation.count(session.n_samples)


def check_data(spec: NetworkSpec, inputs: np.ndarray, targets: np.ndarray) -> None:
    if inputs.ndim != 2 or targets.ndim != 2:
        raise ValueError("inputs and targets must be tables: one list per sample")
    if inputs.shape[0] == 0:
        raise ValueError("the dataset has no samples")
    check_dataset_size(inputs.shape[0], inputs.shape[1] + targets.shape[1])
    if inputs.shape[0] != targets.shape[0]:
        raise ValueError(
            f"{inputs.shape[0]} input rows but {targets.shape[0]} target rows"
        )
    if inputs.shape[1] != spec.layers[0]:
        raise ValueError(
            f"samples have {inputs.shape[1]} inputs; the network takes {spec.layers[0]}"
        )
    if targets.shape[1] != spec.layers[-1]:
        raise ValueError(
            f"samples have {targets.shape[1]} targets; "
            f"the network has {spec.layers[-1]} outputs"
        )
    if not (np.isfinite(inputs).all() and np.isfinite(targets).all()):
        raise ValueError("inputs and targets must be finite numbers")
    for name, array in (("inputs", inputs), ("targets", targets)):
        if array.size and np.abs(array).max() > MAX_MAGNITUDE:
            row = int(np.argmax((np.abs(array) > MAX_MAGNITUDE).any(axis=1))) + 1
            raise ValueError(
                f"{name} must lie between -{MAX_MAGNITUDE:g} and {MAX_MAGNITUDE:g}"
                f" (sample {row} does not), as in CSV files and the table"
            )
    if spec.loss == "bce" and ((targets < 0) | (targets > 1)).any():
        raise ValueError("bce targets must lie between 0 and 1")
    if spec.loss == "cross_entropy":
        # the fused output delta (a - y) / N is the gradient of -Σ y log a only
        # when each sample's targets form a probability distribution
        bad = (targets < 0).any(axis=1) | (np.abs(targets.sum(axis=1) - 1) > 1e-9)
        if bad.any():
            row = int(np.argmax(bad)) + 1
            raise ValueError(
                f"cross_entropy targets of a sample must be >= 0 and sum to 1 "
                f"(sample {row} does not)"
            )


def check_learning_rate(lr) -> None:
    if isinstance(lr, bool) or not isinstance(lr, (int, float)):
        raise ValueError(f"learning rate must be a number, not {lr!r}")
    try:
        finite = math.isfinite(lr)
    except OverflowError:  # an int too large for a float
        finite = False
    if not finite or lr < 0:
        shown = repr(lr) if len(repr(lr)) <= 24 else repr(lr)[:20] + "…"
        raise ValueError(f"learning rate must be finite and >= 0, not {shown}")


def check_batching(batch_size, shuffle_seed) -> None:
    if batch_size is not None and (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or batch_size < 1
    ):
        raise ValueError(f"batch size must be a whole number >= 1, not {batch_size!r}")
    if shuffle_seed is not None and (
        isinstance(shuffle_seed, bool)
        or not isinstance(shuffle_seed, int)
        or not 0 <= shuffle_seed <= MAX_SEED
    ):
        shown = repr(shuffle_seed)
        shown = shown if len(shown) <= 24 else shown[:20] + "…"
        raise ValueError(
            f"shuffle seed must be a whole number from 0 to 2^63-1, not {shown}"
        )
