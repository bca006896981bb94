"""Which samples the trainer uses: the training and validation rows of a split,
the batch of the next forward pass, and the passes evaluations use (a mixin of
:class:`~.trainer.Trainer`, which holds the cached ``_split``, ``_full_batch`` and
``_evaluation_plan`` these fill)."""

from __future__ import annotations

import numpy as np

from ..engine.batching import batch_indices
from ..engine.passes import Plan


class TrainerRows:
    def current_batch(self) -> np.ndarray:
        """Sample indices the next forward pass uses."""
        s = self.session
        rows = self.training_rows()
        positions = batch_indices(s.step + 1, len(rows), s.batch_size, s.shuffle_seed)
        return rows[positions]

    def training_rows(self) -> np.ndarray:
        """The samples that train (all but the validation rows), sorted."""
        return self._split_rows()[0]

    def validation_rows(self) -> np.ndarray:
        """The samples held out for validation (empty without a split)."""
        return self._split_rows()[1]

    def _split_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Computed once per dataset and split (the arrays stay the same
        objects until then: views compare them by identity)."""
        if self._split is None:
            self._split = self.session.split_rows()
        return self._split

    @property
    def evaluation_plan(self) -> Plan:
        """The passes without the weight penalty: data losses for evaluations."""
        spec = self.session.spec
        if self._evaluation_plan is None or self._evaluation_plan[0] is not spec:
            self._evaluation_plan = (spec, Plan(spec))
        return self._evaluation_plan[1]

    def _batch(self):
        """``(samples, x, y)`` for the next forward pass. A full batch in order is
        the dataset itself (no copy, no index array rebuilt every step)."""
        s = self.session
        if s.shuffle_seed is None and (
            s.batch_size is None or s.batch_size >= s.n_training
        ):
            if self._full_batch is None:
                rows = self.training_rows()
                if s.validation is None:  # the dataset itself, no copy
                    self._full_batch = (rows, s.inputs, s.targets)
                else:
                    self._full_batch = (rows, s.inputs[rows], s.targets[rows])
            return self._full_batch
        samples = self.current_batch()
        return samples, s.inputs[samples], s.targets[samples]
