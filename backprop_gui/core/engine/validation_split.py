"""Holding samples out: a deterministic split into training and validation rows.

The rows are a permutation of ``0..n-1`` drawn by ``default_rng(seed)``; its first
``round(fraction * n)`` entries are the validation rows, the rest train. Both lists
are returned sorted, so training keeps the dataset's order. The same fraction, seed
and sample count always give the same split.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class ValidationSplit:
    fraction: float
    seed: int = 0

    def __post_init__(self) -> None:
        f = self.fraction
        if isinstance(f, bool) or not isinstance(f, (int, float)):
            raise ValueError(f"validation fraction must be a number, not {f!r}")
        if not (math.isfinite(f) and 0 < f < 1):
            raise ValueError(f"validation fraction must lie between 0 and 1, not {f!r}")
        s = self.seed
        if isinstance(s, bool) or not isinstance(s, int) or not 0 <= s <= MAX_SEED:
            raise ValueError(
                f"validation seed must be a whole number from 0 to 2^63-1, not {s!r}"
            )
        object.__setattr__(self, "fraction", float(f))

    def count(self, n_samples: int) -> int:
        """Validation rows of a dataset of ``n_samples`` (``ValueError`` when
        either part would be empty)."""
        n_validation = round(self.fraction * n_samples)
        if not 1 <= n_validation <= n_samples - 1:
            raise ValueError(
                f"a validation fraction of {self.fraction:g} leaves "
                f"{'no validation' if n_validation < 1 else 'no training'} samples "
                f"out of {n_samples}"
            )
        return n_validation

    def rows(self, n_samples: int) -> tuple[np.ndarray, np.ndarray]:
        """``(training rows, validation rows)``, each sorted."""
        n_validation = self.count(n_samples)
        order = np.random.default_rng(self.seed).permutation(n_samples)
        return np.sort(order[n_validation:]), np.sort(order[:n_validation])

    def to_dict(self) -> dict:
        return {"fraction": self.fraction, "seed": self.seed}
