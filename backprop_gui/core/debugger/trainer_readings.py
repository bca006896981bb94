"""Questions about the trainer's state that change nothing: what the latest
update changed, which parameters a forward result was computed with, and what is
not finite after a divergence (a mixin of :class:`~.trainer.Trainer`, which holds
``previous_params``, ``_last_change`` and the revisions these read)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..engine.keys import ParameterKey
from ..engine.parameters import Parameters, buffer_views
from .divergence import first_non_finite

if TYPE_CHECKING:
    from ..engine.passes import ForwardResult


class TrainerReadings:
    def last_change(self) -> Parameters | None:
        """New minus old parameters of the latest update, or None before any.
        An edit after the update does not change it: it stays what the update
        did."""
        if self._last_change is not None:
            return self._last_change
        if self.previous_params is None:
            return None
        now, before = self.params, self.previous_params
        return Parameters(
            [a - b for a, b in zip(now.weights, before.weights)],
            [a - b for a, b in zip(now.biases, before.biases)],
        )

    def last_change_of(self, key: ParameterKey) -> float | None:
        """One parameter's entry of :meth:`last_change`, without building the
        whole difference (a table asks for each visible row)."""
        if self._last_change is not None:
            return key.read(self._last_change)
        if self.previous_params is None:
            return None
        return key.read(self.params) - key.read(self.previous_params)

    def parameters_of(self, result: ForwardResult | None) -> Parameters | None:
        """The parameters a forward result was computed with, if they still exist
        unchanged: the current ones, or those before the latest update. None when
        they were edited since (or for None)."""
        if result is None:
            return None
        if result.revision == self.revision:
            return self.params
        if result.revision == self.previous_revision:
            return self.previous_params
        return None

    def non_finite(self) -> str | None:
        """What is not finite, first in this order: a parameter (``W1[1→2]``), an
        optimizer buffer entry (``v of W1[1→2]``), a neuron of the latest forward
        pass (``z of neuron 2 in layer 1 for sample 1``), the loss; numbered from 1
        as everywhere on screen. None when everything is finite."""
        return first_non_finite(self)

    def non_finite_buffer(self) -> tuple[str, ParameterKey] | None:
        """The optimizer buffer and parameter of the first value of the optimizer's
        state that is not finite (Adam's v overflows on huge gradients), or
        None."""
        found = self.session.optimizer_state.first_non_finite()
        if found is None:
            return None
        name, index = found
        return name, self.params.key_at(index)

    def buffer_entry(self, buffer: str, key: ParameterKey) -> float | None:
        """One parameter's entry of an optimizer buffer (``velocity``, ``m``,
        ``v``), or None: no such buffer now, or a frozen bias (no state)."""
        s = self.session
        if buffer not in s.optimizer_state.buffers or not key.exists_in(s.spec):
            return None
        views = buffer_views(s.optimizer_state.buffers[buffer], s.spec)
        array = key.array_in(views)
        return float(array[key.index]) if array.size else None

    def backward_position(self, position: int) -> int | None:
        """Where the sample at ``position`` of the latest forward pass sits in
        the batch of the latest backward pass, or None if that pass did not
        take it (another mini-batch, or a batch of another size) or its rows
        may be other samples now (a sample was added or removed between)."""
        bwd = self.backward_result
        if bwd is None:
            return None
        return self._position_in(position, bwd.forward)

    def preview_position(self, position: int) -> int | None:
        """Where the sample at ``position`` of the latest forward pass sits in
        the next forward pass's batch (:meth:`preview`), or None if that batch
        does not take it or the latest pass's rows may be other samples now."""
        if self.forward_result is None:
            return None
        return self._position_in(position, self.preview(), current=True)

    def _position_in(self, position: int, other, current: bool = False):
        fwd = self.forward_result
        if fwd is None or not 0 <= position < len(fwd.samples):
            return None
        if other is fwd:
            return position
        oldest = fwd.revision if current else min(fwd.revision, other.revision)
        if oldest < self.rows_revision:
            return None
        found = np.flatnonzero(other.samples == fwd.samples[position])
        return int(found[0]) if found.size else None

    def next_pass_same_samples(self) -> bool:
        """Whether the next forward pass runs on the very samples of the latest
        one (full batch, no sample added or removed since; in any order: a
        shuffled full batch takes them all in each epoch's order): then its
        loss is the "now" of the latest pass's stale one; else it is another
        batch's (mini-batches), not comparable one for one."""
        fwd = self.forward_result
        if fwd is None or fwd.revision < self.rows_revision:
            return False
        batch = self.current_batch()
        if len(batch) != len(fwd.samples):
            return False
        if np.array_equal(fwd.samples, batch):
            return True
        # another order (a shuffled full batch): the same rows? Sorting 60,000
        # rows at every refresh of a run adds up: once per pair of arrays
        seen = getattr(self, "_same_rows_seen", None)
        if seen is None or seen[0] is not fwd.samples or seen[1] is not batch:
            same = np.array_equal(np.sort(fwd.samples), np.sort(batch))
            seen = self._same_rows_seen = (fwd.samples, batch, same)
        return seen[2]
