"""The trace CSV: every number of every phase, one per row, written as it happens.

Format (stable; documented in README.md)::

    step,phase,quantity,layer,row,col,value

* step 0 (or the step the trace started at), phase ``init``: the parameters ``W`` and
  ``b`` before any update the trace saw;
* step s >= 1 is the s-th update: ``forward`` rows (``a`` of layer 0 = the inputs,
  ``z`` and ``a`` of layers 1..L, ``loss``) use the parameters before update s;
  ``backward`` rows hold ``delta``, ``dW`` and ``db``; ``update`` rows the new ``W``
  and ``b``. If an edit makes a phase run again, its rows appear again.
* ``layer``: for ``W``/``b``/``dW``/``db`` the layer they feed (1..L); for
  ``z``/``a``/``delta`` the layer itself. ``row``/``col``: sample (its index in the
  dataset) and neuron for ``z``/``a``/``delta``; source and target neuron for
  ``W``/``dW``; ``row`` empty and ``col`` the neuron for ``b``/``db`` (a single column
  0 for a shared bias). ``loss`` leaves ``layer``, ``row`` and ``col`` empty.
* ``value`` is Python's shortest repr of the float64, so ``float(value)`` is exact.

The file is written to a temporary name and only moved into place by :meth:`close`,
so an interrupted trace never leaves a half-written file behind.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .atomic import AtomicFile
from .events import Event

HEADER = "step,phase,quantity,layer,row,col,value"
QUANTITIES = ("W", "b", "a", "z", "loss", "delta", "dW", "db")
_PHASE_QUANTITIES = {
    "forward": ("a", "z", "loss"),
    "backward": ("delta", "dW", "db"),
    "update": ("W", "b"),
}


class TraceWriter:
    """Stream a trainer's phases to a CSV file.

    >>> with TraceWriter("t.csv") as trace:
    ...     trace.attach(trainer)
    ...     trainer.run(10)

    ``quantities`` limits which quantities are written, ``every`` writes only updates
    whose number is a multiple of it (the initial parameters are always written).
    """

    def __init__(
        self, path, quantities: Iterable[str] | None = None, every: int = 1
    ) -> None:
        chosen = tuple(QUANTITIES if quantities is None else quantities)
        unknown = set(chosen) - set(QUANTITIES)
        if unknown:
            raise ValueError(
                f"unknown trace quantities: {', '.join(sorted(unknown))} "
                f"(known: {', '.join(QUANTITIES)})"
            )
        if every < 1:
            raise ValueError("trace every must be >= 1")
        self.quantities = frozenset(chosen)
        self.every = every
        self.rows = 0
        self._coordinate_cache: dict = {}
        self._labelled_cache: dict = {}
        self._templates: dict = {}
        self._file = AtomicFile(path, newline="")
        self._write = self._file.handle.write
        self._write(HEADER + "\n")
        self._unsubscribe = None

    # ------------------------------------------------------------ lifecycle
    def attach(self, trainer) -> None:
        """Write the current parameters as ``init`` rows and follow the trainer."""
        self.write_parameters(trainer.step, "init", trainer.params)
        self._unsubscribe = trainer.events.subscribe(self)

    def close(self) -> None:
        """Finish the file and move it into place."""
        self._detach()
        self._file.commit()

    def abort(self) -> None:
        """Stop and remove everything written; an existing target stays as it was."""
        self._detach()
        self._file.discard()

    def _detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def __enter__(self) -> TraceWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    # --------------------------------------------------------------- events
    def __call__(self, event: Event) -> None:
        if event.kind != "phase" or event.step % self.every:
            return
        trainer = event.state
        if event.phase == "forward":
            self.write_forward(event.step, trainer.forward_result)
        elif event.phase == "backward":
            self.write_backward(
                event.step, trainer.backward_result, trainer.forward_result.samples
            )
        else:
            self.write_parameters(event.step, "update", trainer.params)

    # -------------------------------------------------------------- writing
    # A phase is written as one join over a line template cached per network shape
    # and batch: "step," + template line + exact value, for every number of the
    # phase. On small networks the cost per block, not per number, is what counts.
    def write_parameters(self, step: int, phase: str, params) -> None:
        blocks = []
        for l, (w, b) in enumerate(zip(params.weights, params.biases), start=1):
            if "W" in self.quantities:
                blocks.append((f"{phase},W,{l},", w, None))
            if "b" in self.quantities and b.size:
                blocks.append((f"{phase},b,{l},", b, None))
        self._write_blocks(step, blocks, None)

    def write_forward(self, step: int, fwd) -> None:
        q, blocks = self.quantities, []
        for l, (z, a) in enumerate(zip(fwd.z, fwd.a)):
            if "z" in q and z is not None:
                blocks.append((f"forward,z,{l},", z, fwd.samples))
            if "a" in q:
                blocks.append((f"forward,a,{l},", a, fwd.samples))
        if "loss" in q:
            blocks.append(("forward,loss,,,,", np.array(fwd.loss), None))
        self._write_blocks(step, blocks, fwd.samples)

    def write_backward(self, step: int, bwd, samples) -> None:
        q, blocks = self.quantities, []
        for l in range(1, len(bwd.delta)):
            if "delta" in q:
                blocks.append((f"backward,delta,{l},", bwd.delta[l], samples))
            if "dW" in q:
                blocks.append((f"backward,dW,{l},", bwd.dW[l - 1], None))
            if "db" in q and bwd.db[l - 1].size:
                blocks.append((f"backward,db,{l},", bwd.db[l - 1], None))
        self._write_blocks(step, blocks, samples)

    def _write_blocks(self, step: int, blocks: list, samples) -> None:
        if not blocks:
            return
        key = tuple((head, array.shape) for head, array, _labels in blocks)
        cached = self._templates.get(key)
        if cached is not None and cached[0] is samples:
            template = cached[1]
        else:
            template = []
            for head, array, labels in blocks:
                if array.ndim == 0:  # the loss: no layer, row or column
                    template.append(head)
                else:
                    coordinates = self._coordinates(array.shape, labels)
                    template.extend(head + c for c in coordinates)
            self._templates[key] = (samples, template)
        values = np.concatenate([array.reshape(-1) for _h, array, _l in blocks])
        first = f"{step},"
        lines = ("\n" + first).join(
            map(str.__add__, template, map(repr, values.tolist()))
        )
        self._write(first + lines + "\n")
        self.rows += len(template)

    def _coordinates(self, shape: tuple, row_labels) -> list:
        """``"r,c,"`` strings for a matrix (rows labelled by ``row_labels``, sample
        indices, when given), or ``",c,"`` for a vector. Cached: per shape, and for
        labels per the last label array seen (the trainer reuses one array for a
        full batch in order)."""
        if row_labels is not None:
            seen = self._labelled_cache.get(shape)
            if seen is not None and seen[0] is row_labels:
                return seen[1]
            cols = range(shape[1])
            found = [f"{r},{c}," for r in row_labels.tolist() for c in cols]
            self._labelled_cache[shape] = (row_labels, found)
            return found
        found = self._coordinate_cache.get(shape)
        if found is None:
            if len(shape) == 1:
                found = [f",{c}," for c in range(shape[0])]
            else:
                found = [f"{r},{c}," for r in range(shape[0]) for c in range(shape[1])]
            self._coordinate_cache[shape] = found
        return found
