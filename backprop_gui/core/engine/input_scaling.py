"""Standardising inputs: each input column minus its mean, divided by its
standard deviation (the population one, ``ddof=0``, as scikit-learn's
``StandardScaler``). The session stores the scaled inputs, so every number shown is
what the network sees, and the mean and std used, so the same scaling reaches new
inputs and the saved file says what was done. A constant column has std 0 (or, by
scikit-learn's rule, a variance of at most n·eps·mean², rounding noise): it is
centred, its std is stored as 1, and it is reported."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class InputScaling:
    mean: np.ndarray
    std: np.ndarray

    def __post_init__(self) -> None:
        mean = np.array(self.mean, dtype=np.float64)
        std = np.array(self.std, dtype=np.float64)
        if mean.ndim != 1 or std.shape != mean.shape or mean.size == 0:
            raise ValueError("input scaling needs one mean and one std per input")
        if not (np.isfinite(mean).all() and np.isfinite(std).all()):
            raise ValueError("input scaling: mean and std must be finite numbers")
        if (std <= 0).any():
            raise ValueError("input scaling: every std must be greater than 0")
        mean.flags.writeable = std.flags.writeable = False
        object.__setattr__(self, "mean", mean)
        object.__setattr__(self, "std", std)

    @classmethod
    def fit(cls, inputs: np.ndarray) -> tuple[InputScaling, list[int]]:
        """The scaling of ``inputs`` and the (0-based) constant columns. The sums
        run over a column-major copy: NumPy's summation order (so the last bit
        of a mean) follows the memory layout, and the same data must always give
        the same scaling; along a contiguous column NumPy sums pairwise, the
        more accurate order."""
        inputs = np.asfortranarray(inputs)
        mean = inputs.mean(axis=0)
        std = inputs.std(axis=0)
        # a column of one value has std 0, or rounding noise around it (0.1 in
        # every row gives 2.8e-17): scikit-learn's rule, var <= n·eps·mean²
        eps = np.finfo(np.float64).eps
        flat = (std == 0) | (std**2 <= len(inputs) * eps * mean**2)
        constant = [int(c) for c in np.flatnonzero(flat)]
        return cls(mean, np.where(flat, 1.0, std)), constant

    @property
    def size(self) -> int:
        return self.mean.size

    def apply(self, inputs: np.ndarray) -> np.ndarray:
        """Raw inputs as the network sees them."""
        if inputs.shape[-1] != self.size:
            raise ValueError(
                f"input scaling is for {self.size} inputs, not {inputs.shape[-1]}"
            )
        return (inputs - self.mean) / self.std

    def unapply(self, inputs: np.ndarray) -> np.ndarray:
        """Stored (scaled) inputs back in their raw units: ``x·std + mean`` (a
        picture's pixels as they were)."""
        if inputs.shape[-1] != self.size:
            raise ValueError(
                f"input scaling is for {self.size} inputs, not {inputs.shape[-1]}"
            )
        return inputs * self.std + self.mean

    def to_dict(self) -> dict:
        return {"mean": self.mean.tolist(), "std": self.std.tolist()}

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, InputScaling)
            and np.array_equal(self.mean, other.mean)
            and np.array_equal(self.std, other.std)
        )

    __hash__ = None


def standardize(inputs: np.ndarray, names=None):
    """``(scaled inputs, InputScaling, note)``: the note reports constant columns
    ('' when there are none)."""
    scaling, constant = InputScaling.fit(inputs)
    return scaling.apply(inputs), scaling, constant_columns_note(constant, names)


def constant_columns_note(constant: list[int], names=None) -> str:
    """The report for constant columns ('' when there are none)."""
    if not constant:
        return ""
    shown = [names[c] if names else f"input {c + 1}" for c in constant[:8]]
    more = f" and {len(constant) - 8} more" if len(constant) > 8 else ""
    return (
        f"{len(constant)} constant input column{'s' if len(constant) != 1 else ''} "
        f"({', '.join(shown)}{more}) centred but not scaled (std 0)"
    )
