"""The trainer's edit commands: parameters, learning rate, optimizer, penalty,
batching and data (a mixin of :class:`~.trainer.Trainer`, which holds the state
they change).

Each edit validates first and changes nothing when refused; then it makes the
cached results stale when it changes what they were computed from (a new
revision) and announces itself with one event whose detail is enough to replay it.
"""

from __future__ import annotations

import copy
import itertools
import math

from ..engine.keys import ParameterKey
from ..engine.limits import check_batch
from ..engine.optimizer_spec import OptimizerSpec, Regularization
from ..engine.optimizers import OptimizerState
from ..engine.parameters import Parameters, buffer_views, check_shapes
from ..engine.passes import Plan
from ..engine.session import (
    DatasetInfo,
    check_batching,
    check_data,
    check_dataset_roles,
    check_learning_rate,
    frozen_data,
)
from ..engine.validation_split import ValidationSplit
from .data_edits import DataEdit, SetValue
from .events import Event
from .resume import Resume

#: The events of edits (see :mod:`.resume`: one may bring back the state of the
#: latest results).
EDITS = ("parameters", "settings", "data")

#: Revisions are unique in the process, so results of one trainer never pass for
#: another's (a rewind adopts a replayed trainer's state).
revisions = itertools.count(1)


class TrainerEdits:
    def _invalidate(self) -> None:
        """The parameters or data are about to change: a new revision, and the
        cached results are stale (they stay readable)."""
        if self._last_change is None and self.previous_params is not None:
            self._last_change = self.last_change()  # what the update did, kept
        if self._resume is None:  # the first edit since the results
            self._resume = Resume(self)
        self.revision = next(revisions)
        self.forward_valid = self.backward_valid = False
        self.last_phase = None
        self._preview = None

    def _emit(self, kind: str, detail=None) -> None:
        if kind in EDITS and self._resume is not None:
            if self._resume.matches(self):  # back to the results' state
                self._resume.restore(self)
                self._resume = None
        self.events.emit(Event(kind, self.session.step, None, self, detail))

    def set_parameter(self, key: ParameterKey, value: float) -> None:
        """Set one weight or bias (see :class:`~..engine.keys.ParameterKey`)."""
        value = _finite(value)
        if not key.exists_in(self.session.spec):
            raise ValueError(f"this network has no parameter {key.label()}")
        self._invalidate()
        key.array_in(self.params)[key.index] = value
        self._emit("parameters", ("one", key, value))

    def set_weight(self, l: int, i: int, j: int, value: float) -> None:
        """Set ``weights[l][i, j]`` (``l`` 0-based, as in session files)."""
        self.set_parameter(ParameterKey.weight(l, i, j), value)

    def set_bias(self, l: int, j: int, value: float) -> None:
        """Set ``biases[l][j]`` (``j`` is 0 for a shared bias)."""
        if self.params.biases[l].size == 0:
            raise ValueError("this network has no biases")
        self.set_parameter(ParameterKey.bias(l, j), value)

    def set_parameters(self, params: Parameters) -> None:
        """Replace all parameter values at once (e.g. a weights import)."""
        check_shapes(self.session.spec, params)
        if not params.all_finite():
            raise ValueError("parameters must be finite numbers")
        self._invalidate()
        self.params.assign(params)
        self._emit("parameters", ("all", params.copy()))

    def set_learning_rate(self, lr: float) -> None:
        """Change the learning rate; cached gradients stay valid (they don't use it)."""
        check_learning_rate(lr)
        self.session.learning_rate = float(lr)
        self._emit("settings", ("learning_rate", float(lr)))

    def set_optimizer(
        self, optimizer: OptimizerSpec, state: OptimizerState | None = None
    ) -> None:
        """Another optimizer or other options. The cached results stay valid (the
        update alone uses it). Without ``state`` the state carries over when the
        new optimizer keeps the same buffers (momentum and Nesterov; Adam and
        AdamW), else it starts afresh; with it, a copy of ``state`` (an undo)."""
        if not isinstance(optimizer, OptimizerSpec):
            raise TypeError(f"an OptimizerSpec, not {optimizer!r}")
        s = self.session
        old = s.optimizer_state
        if state is not None:
            if state.name != optimizer.name:
                raise ValueError(f"a state of {state.name}, not of {optimizer.name}")
            state.check(s.spec.trained_count())
            new = state.copy()
        elif optimizer.buffers == s.optimizer.buffers:
            new = OptimizerState(optimizer.name, old.count, old.buffers)
        else:
            new = OptimizerState.fresh(optimizer.name, s.spec.trained_count())
        if optimizer.name != s.optimizer.name or state is not None:
            self.previous_state = None
        self.last_update = None
        s.optimizer, s.optimizer_state = optimizer, new
        self._emit(
            "settings", ("optimizer", optimizer, None if state is None else new.copy())
        )

    def set_regularization(self, regularization: Regularization) -> None:
        """Another weight penalty: the loss changes, so every cached result is
        stale."""
        if not isinstance(regularization, Regularization):
            raise TypeError(f"a Regularization, not {regularization!r}")
        self._invalidate()
        self.session.regularization = regularization
        self._plan = Plan(self.session.spec, regularization)
        self._emit("settings", ("regularization", regularization))

    def check_buffer_entry(self, buffer: str, key: ParameterKey, value) -> float:
        """Raise ``ValueError`` unless :meth:`set_buffer_entry` would accept
        ``value``; returns it as a float."""
        value = _finite(value)
        s = self.session
        if buffer not in s.optimizer_state.buffers:
            raise ValueError(f"the {s.optimizer.title} optimizer keeps no {buffer}")
        if not key.exists_in(s.spec):
            raise ValueError(f"this network has no parameter {key.label()}")
        if buffer == "v" and value < 0:
            raise ValueError("v is a mean of squares: it cannot be negative")
        if buffer == "velocity" and s.optimizer_state.count == 0:
            raise ValueError(
                "the first update sets the velocity to the gradient (b = g at "
                "t = 1): edit it after the first update"
            )
        if key.kind == "b" and s.spec.trained_count() < s.spec.parameter_count():
            raise ValueError("frozen biases have no optimizer state")
        return value

    def set_buffer_entry(self, buffer: str, key: ParameterKey, value: float) -> None:
        """Set one parameter's entry of an optimizer buffer (``velocity``, ``m``,
        ``v``). The forward and backward results stay valid; the next update
        uses the new value."""
        value = self.check_buffer_entry(buffer, key, value)
        s = self.session
        views = buffer_views(s.optimizer_state.buffers[buffer], s.spec)
        key.array_in(views)[key.index] = value
        self.last_update = None
        self._emit("settings", ("buffer_entry", buffer, key, value))

    def set_batching(self, batch_size: int | None, shuffle_seed: int | None) -> None:
        check_batching(batch_size, shuffle_seed)
        check_batch(self.session.spec.layers, self.session.n_training, batch_size)
        self._invalidate()
        self.session.batch_size = batch_size
        self.session.shuffle_seed = shuffle_seed
        self._emit("settings", ("batching", batch_size, shuffle_seed))

    def check_validation(self, split: ValidationSplit | None) -> None:
        """``ValueError`` when ``split`` cannot apply to this dataset."""
        self.check_settings(self.session.batch_size, self.session.shuffle_seed, split)

    def check_settings(
        self, batch_size: int | None, shuffle_seed: int | None, split
    ) -> None:
        """``ValueError`` unless this batching and validation split, together,
        fit this network and dataset (a batch of the training rows the split
        leaves within the activation limit), whichever is set first."""
        check_batching(batch_size, shuffle_seed)
        s = self.session
        training = s.n_samples
        if split is not None:
            training -= split.count(s.n_samples)
        check_batch(s.spec.layers, training, batch_size)

    def set_validation(self, split: ValidationSplit | None) -> None:
        """Hold out ``split``'s samples from training (None: all samples train)."""
        s = self.session
        self.check_validation(split)
        self._invalidate()
        s.validation = split
        self._full_batch = self._split = None
        self._emit("settings", ("validation", split))

    def check_data(self, inputs, targets, info: DatasetInfo | None = None):
        """``(inputs, targets, info)`` as :meth:`set_data` would install them;
        ``ValueError`` when they do not fit the network, the classes, the
        validation split or the batch limit."""
        s = self.session
        inputs, targets = frozen_data(inputs), frozen_data(targets)
        if info is None:
            info = DatasetInfo(s.classes, s.input_scaling, None)
        trial = copy.copy(s)
        trial.inputs, trial.targets = inputs, targets
        trial.classes, trial.input_scaling = info.classes, info.input_scaling
        check_data(s.spec, inputs, targets)
        check_dataset_roles(trial)
        check_batch(s.spec.layers, trial.n_training, s.batch_size)
        return inputs, targets, info

    def set_data(self, inputs, targets, info: DatasetInfo | None = None) -> None:
        """Replace the dataset. ``info`` says what the new data mean (classes,
        scaling, source, the description that goes with them); None keeps the
        classes, scaling and description of an edit of the current data, whose
        source then no longer describes them."""
        inputs, targets, info = self.check_data(inputs, targets, info)
        self._install_data(inputs, targets, info, (inputs, targets, info))

    def edit_data(self, edit: DataEdit, info: DatasetInfo | None = None) -> None:
        """Apply ``edit`` (one number, one sample; see :mod:`.data_edits`) as
        :meth:`set_data` would install its result; the event and so the journal
        hold the edit, not a copy of the dataset."""
        s = self.session
        inputs, targets = edit.apply(s.inputs, s.targets)
        inputs, targets, info = self.check_data(inputs, targets, info)
        self._install_data(inputs, targets, info, (edit, info))

    def _install_data(self, inputs, targets, info: DatasetInfo, detail) -> None:
        s = self.session
        self._invalidate()
        if not isinstance(detail[0], SetValue):  # the rows are other samples
            self.rows_revision = self.revision
        s.inputs, s.targets = inputs, targets
        s.classes, s.input_scaling, s.dataset = (
            info.classes,
            info.input_scaling,
            info.source,
        )
        if info.description is not None:
            s.description = info.description
        self._full_batch = self._split = None
        self._emit("data", detail)


def _finite(value) -> float:
    if isinstance(value, str):  # text is read by parse_number, not float()
        raise ValueError(f"{value[:20]!r} is text, not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number") from None
    except OverflowError:  # an int too large for a float
        raise ValueError("the number is too large for a 64-bit float") from None
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number
