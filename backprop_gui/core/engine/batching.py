"""Which samples each update uses: a pure function of the step number.

An epoch is the samples in order (``shuffle_seed`` None) or permuted by
``default_rng([shuffle_seed, epoch])``. Full batch (``batch_size`` None, or >= the
number of samples): every step is a whole epoch, so every step uses all samples (in
that epoch's order). Mini-batch: the epoch is cut into consecutive batches of
``batch_size`` (the last one may be smaller). Because nothing depends on history,
rewinding or resetting and stepping again gives the same batches.
"""

from __future__ import annotations

import functools

import numpy as np


def batches_per_epoch(n_samples: int, batch_size: int | None) -> int:
    if batch_size is None or batch_size >= n_samples:
        return 1
    return -(-n_samples // batch_size)


def batch_indices(
    step: int, n_samples: int, batch_size: int | None, shuffle_seed: int | None
) -> np.ndarray:
    """Sample indices used by update ``step`` (1-based)."""
    if step < 1:
        raise ValueError("steps are counted from 1")
    per_epoch = batches_per_epoch(n_samples, batch_size)
    epoch, position = divmod(step - 1, per_epoch)
    order = _epoch_order(n_samples, shuffle_seed, epoch)
    if per_epoch == 1:
        return order
    return order[position * batch_size : (position + 1) * batch_size]


@functools.lru_cache(maxsize=4)
def _epoch_order(n_samples: int, shuffle_seed: int | None, epoch: int) -> np.ndarray:
    """The samples of an epoch in their order, read-only: computed once per epoch,
    not at every step (a permutation of digits' 1,437 training rows costs ~0.1 ms,
    a third of a step)."""
    if shuffle_seed is None:
        order = np.arange(n_samples)
    else:
        order = np.random.default_rng([shuffle_seed, epoch]).permutation(n_samples)
    order.flags.writeable = False
    return order
