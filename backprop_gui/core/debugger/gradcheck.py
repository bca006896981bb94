"""Gradient check: backprop against central finite differences, parameter by parameter.

For each parameter ``p`` the numeric gradient is ``(L(p + h) - L(p - h)) / 2h`` on the
same batch the backward pass used, with ``h = 1e-5`` (rounding error ~1e-16*|L|/h and
truncation error ~h^2 balance there at about 1e-11). The relative error of a pair is
``|analytic - numeric| / max(|analytic| + |numeric|, floor)`` with ``floor = 1e-4``:
a true relative error for gradients above 1e-4, and for smaller ones (where rounding
noise of ~1e-11 would otherwise read as a large relative error, e.g. a gradient that
is exactly zero) the absolute difference scaled by 1e4.

Each parameter costs two forward passes, so a network with millions of parameters
takes minutes: a *sampled* check covers ``sample`` parameters drawn uniformly
without replacement (``numpy.random.default_rng(seed)``, so the same sample is
drawn again for the same seed); the others have no numeric gradient (NaN) and no
error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..engine.optimizer_spec import Regularization
from ..engine.parameters import Parameters
from ..engine.passes import NO_PENALTY, Plan
from ..engine.spec import NetworkSpec

DEFAULT_STEP = 1e-5
DEFAULT_FLOOR = 1e-4
#: Above this many parameters a full check is slow: the app offers a sample.
SAMPLE_SUGGESTED_ABOVE = 20_000
#: The sample the app offers.
DEFAULT_SAMPLE = 2_000


class GradCheckCancelled(Exception):
    """The progress callback asked to stop."""


@dataclass
class TensorCheck:
    #: ``W1``, ``b1``, ...: the tensor feeding layer 1, and so on.
    name: str
    layer: int
    analytic: np.ndarray
    numeric: np.ndarray
    errors: np.ndarray
    #: Which parameters were checked (all, unless the check was sampled).
    mask: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.mask is None:
            self.mask = np.ones(self.errors.shape, dtype=bool)

    @property
    def checked(self) -> int:
        """How many of the tensor's parameters were checked."""
        return int(np.count_nonzero(self.mask))

    @property
    def _ranked(self) -> np.ndarray:
        """The errors of the checked parameters, NaN (a loss that overflowed) as
        infinite: a failure, never a pass; the others as -1."""
        ranked = np.where(np.isnan(self.errors), np.inf, self.errors)
        return np.where(self.mask, ranked, -1.0)

    @property
    def worst_error(self) -> float:
        return float(self._ranked.max()) if self.checked else 0.0

    @property
    def worst_index(self) -> tuple:
        if not self.checked:
            return ()
        ranked = self._ranked
        return tuple(int(i) for i in np.unravel_index(ranked.argmax(), ranked.shape))


@dataclass
class GradCheckResult:
    tensors: list[TensorCheck]
    step: float
    #: The sample size of a sampled check; None when every parameter was checked.
    sample: int | None = None

    @property
    def checked(self) -> int:
        return sum(t.checked for t in self.tensors)

    @property
    def worst_error(self) -> float:
        return max((t.worst_error for t in self.tensors), default=0.0)

    def error_at(self, key) -> float | None:
        """The relative error of one parameter (a ``ParameterKey``), or None when
        the check did not cover it."""
        name = f"{key.kind}{key.layer + 1}"
        for tensor in self.tensors:
            if tensor.name == name:
                if not tensor.mask[key.index]:
                    return None
                return float(tensor.errors[key.index])
        return None

    def summary_lines(self) -> list[str]:
        lines = []
        for t in self.tensors:
            if not t.checked:
                lines.append(f"{t.name:>4}  not in the sample")
                continue
            where = ",".join(str(i) for i in t.worst_index)
            of = f"  ({t.checked} of {t.errors.size} checked)" if self.sample else ""
            lines.append(
                f"{t.name:>4}  worst relative error {t.worst_error:.3e}  at "
                f"[{where}]{of}"
            )
        return lines


def relative_error(analytic, numeric, floor: float = DEFAULT_FLOOR) -> np.ndarray:
    analytic, numeric = np.asarray(analytic), np.asarray(numeric)
    scale = np.maximum(np.abs(analytic) + np.abs(numeric), floor)
    return np.abs(analytic - numeric) / scale


def gradient_check(
    spec: NetworkSpec,
    params: Parameters,
    x: np.ndarray,
    y: np.ndarray,
    step: float = DEFAULT_STEP,
    floor: float = DEFAULT_FLOOR,
    progress: Callable[[int, int], bool | None] | None = None,
    sample: int | None = None,
    seed: int = 0,
    regularization: Regularization = NO_PENALTY,
) -> GradCheckResult:
    """Check every parameter of ``params`` on the batch ``(x, y)``, or a random
    ``sample`` of them (see the module docstring), for the loss plus the
    ``regularization`` penalty.

    ``progress(done, total)`` is called as parameters are checked; returning False
    raises :class:`GradCheckCancelled`. ``params`` is left exactly as it was.
    """
    count = spec.parameter_count()
    if sample is not None:
        if isinstance(sample, bool) or not isinstance(sample, int) or sample < 1:
            raise ValueError(f"the sample must be a whole number >= 1, not {sample!r}")
        if sample >= count:
            sample = None
    chosen = None
    if sample is not None:
        chosen = np.sort(
            np.random.default_rng(seed).choice(count, size=sample, replace=False)
        )
    with np.errstate(all="ignore"):
        plan = Plan(spec, regularization)
        return _check(plan, spec, params, x, y, step, floor, progress, chosen)


def _check(plan, spec, params, x, y, step, floor, progress, chosen) -> GradCheckResult:
    grads = plan.backward(params, plan.forward(params, x, y, None), y)
    work = params.copy()
    total = spec.parameter_count() if chosen is None else len(chosen)
    done = 0
    start = 0  # flat position of the tensor's first parameter
    checks = []
    for (name, layer, tensor), analytic in zip(
        work.tensors(), _gradients_in_tensor_order(grads, work)
    ):
        numeric = np.full_like(tensor, np.nan)
        flat, flat_numeric = tensor.reshape(-1), numeric.reshape(-1)
        mask = None
        if chosen is None:
            indices = range(flat.size)
        else:
            lo, hi = np.searchsorted(chosen, [start, start + flat.size])
            indices = (chosen[lo:hi] - start).tolist()
            mask = np.zeros(tensor.shape, dtype=bool)
            mask.reshape(-1)[indices] = True
        start += flat.size
        for k in indices:
            original = flat[k]
            flat[k] = original + step
            plus = plan.forward(work, x, y, None).loss
            flat[k] = original - step
            minus = plan.forward(work, x, y, None).loss
            flat[k] = original
            flat_numeric[k] = (plus - minus) / (2 * step)
            done += 1
            if (
                progress is not None
                and done % 64 == 0
                and progress(done, total) is False
            ):
                raise GradCheckCancelled()
        checks.append(
            TensorCheck(
                name,
                layer,
                analytic,
                numeric,
                relative_error(analytic, numeric, floor),
                mask,
            )
        )
    if progress is not None:
        progress(total, total)
    return GradCheckResult(checks, step, None if chosen is None else total)


def _gradients_in_tensor_order(grads, params: Parameters):
    for dw, db, b in zip(grads.dW, grads.db, params.biases):
        yield dw
        if b.size:
            yield db


def check_trainer(trainer, **options) -> GradCheckResult:
    """Gradient check of a trainer's current parameters on its next batch."""
    s = trainer.session
    samples = trainer.current_batch()
    return gradient_check(
        s.spec,
        s.params,
        s.inputs[samples],
        s.targets[samples],
        regularization=s.regularization,
        **options,
    )


@dataclass
class LossComparison:
    """Backprop gradients of the session's loss against numeric gradients of another
    loss: ``ratio = numeric / backprop`` per parameter (NaN where backprop is 0)."""

    loss: str
    other: str
    tensors: list[TensorCheck]
    #: Whether the session has a weight penalty, left out of both gradients
    #: (added to both, it would hide the ratio of the two data losses).
    penalty_left_out: bool = False

    def ratios(self) -> list[tuple[str, np.ndarray]]:
        out = []
        for t in self.tensors:
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(t.analytic != 0, t.numeric / t.analytic, np.nan)
            out.append((t.name, ratio))
        return out

    def summary(self) -> str:
        finite = np.concatenate([r[np.isfinite(r)].ravel() for _n, r in self.ratios()])
        if finite.size and np.allclose(finite, finite[0], rtol=1e-5):
            text = (
                f"d({self.other})/dp = {finite[0]:.6g} × the backprop gradient of "
                f"{self.loss} for every parameter"
            )
        else:
            text = f"the gradients of {self.other} and {self.loss} are not proportional"
        if self.penalty_left_out:
            text += " (the weight penalty left out of both)"
        return text


def compare_losses(trainer, other: str, **options) -> LossComparison:
    """Numeric gradients of loss ``other`` (same network, same batch) against the
    trainer's backprop gradients: shows, for example, that a script printing the
    MSE while using the gradient of 1/2 SSE is off by a factor of 2. Both are the
    data loss's: a weight penalty is left out of both."""
    from dataclasses import replace

    s = trainer.session
    other_spec = replace(s.spec, loss=other)  # validated: the pair must make sense
    samples = trainer.current_batch()
    x, y = s.inputs[samples], s.targets[samples]
    with np.errstate(all="ignore"):  # the data losses alone (see LossComparison)
        plan = Plan(s.spec)
        grads = plan.backward(s.params, plan.forward(s.params, x, y, None), y)
        numeric = gradient_check(other_spec, s.params, x, y, **options)
    tensors = [
        TensorCheck(
            t.name, t.layer, analytic, t.numeric, relative_error(analytic, t.numeric)
        )
        for t, analytic in zip(
            numeric.tensors, _gradients_in_tensor_order(grads, s.params)
        )
    ]
    penalty = s.regularization.l1 != 0 or s.regularization.l2 != 0
    return LossComparison(s.spec.loss, other, tensors, penalty)
