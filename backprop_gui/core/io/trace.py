"""The trace CSV: every number of every phase, one per row, written as the run goes
(the phases of an update together, when it completes).

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
* With a weight penalty, ``forward`` also writes ``data_loss`` and ``penalty``
  (``loss`` is their sum), laid out like ``loss``.
* An optimizer's buffers (``velocity``; ``v``; ``m`` and ``v``) follow ``W`` and
  ``b`` in ``init`` and ``update`` rows: the state after that update, laid out like
  ``W`` (weights) and ``b`` (biases: ``row`` empty); frozen biases have none.
* ``value`` is Python's shortest repr of the float64, so ``float(value)`` is exact.

The file is written to a temporary name and only moved into place by :meth:`close`,
so an interrupted trace never leaves a half-written file behind.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..engine.parameters import buffer_views
from .atomic_write import AtomicFile
from .float_text import reprs
from .trace_rows import PhaseRows

HEADER = "step,phase,quantity,layer,row,col,value"
QUANTITIES = (
    "W",
    "b",
    "a",
    "z",
    "loss",
    "delta",
    "dW",
    "db",
    "data_loss",
    "penalty",
    "velocity",
    "m",
    "v",
)
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
        chosen = tuple(
            QUANTITIES
            if quantities is None
            else (q.strip() for q in quantities if q.strip())
        )
        if not chosen:
            raise ValueError(
                f"no trace quantities given (known: {', '.join(QUANTITIES)})"
            )
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
        self._templates: dict[tuple, PhaseRows] = {}
        # blocks of the phases not written yet (see __call__)
        self._queue: list = []
        self._queue_phases: list[str] = []
        self._queue_step = 0
        self._queue_samples = None
        # a large buffer: a full trace writes ~1.5 kB per update of even a tiny net
        self._file = AtomicFile(path, newline="", buffering=1 << 20)
        try:  # no temporary file is left, whatever stops the start
            self._file.create()
            self._write = self._file.handle.write
            self._write(HEADER + "\n")
        except BaseException:
            self._file.discard()
            raise
        self._unsubscribe = None
        self._buffer_views: dict = {}

    # ------------------------------------------------------------ lifecycle
    def attach(self, trainer) -> None:
        """Write the current parameters as ``init`` rows and follow the trainer."""
        self.write_parameters(trainer.step, "init", trainer.params, trainer.session)
        self._unsubscribe = trainer.events.subscribe(self)

    def close(self) -> None:
        """Finish the file and move it into place (or, should that fail or be
        interrupted, remove it)."""
        try:
            self._detach()
            self.flush()
            self._file.commit()
        except BaseException:
            self._file.discard()
            raise

    def abort(self) -> None:
        """Stop and remove everything written; an existing target stays as it was."""
        self._detach()
        self._queue, self._queue_phases, self._queue_samples = [], [], None
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
    def __call__(self, event) -> None:  # a debugger Event
        # The phases of one update are queued and written together when it
        # completes: one formatting of all its numbers instead of three. Anything
        # else (an edit, a reset, a rewind) writes what is queued first.
        if event.kind != "phase":
            self.flush()
            return
        if event.step % self.every:
            return
        trainer = event.trainer
        if event.phase == "forward":
            self._queue_forward(event.step, trainer.forward_result)
        elif event.phase == "backward":
            samples = trainer.forward_result.samples
            self._queue_backward(event.step, trainer.backward_result, samples)
        else:
            self._queue_parameters(
                event.step, "update", trainer.params, trainer.session
            )
            self.flush()

    # -------------------------------------------------------------- writing
    def write_parameters(self, step: int, phase: str, params, session=None) -> None:
        """Write ``W`` and ``b`` rows of ``phase`` (``init`` or ``update``) now,
        and the optimizer's buffers of ``session`` if given."""
        self._queue_parameters(step, phase, params, session)
        self.flush()

    def write_forward(self, step: int, fwd) -> None:
        self._queue_forward(step, fwd)
        self.flush()

    def write_backward(self, step: int, bwd, samples) -> None:
        self._queue_backward(step, bwd, samples)
        self.flush()

    def _queue_parameters(self, step: int, phase: str, params, session=None) -> None:
        blocks = []
        for l, (w, b) in enumerate(zip(params.weights, params.biases), start=1):
            if "W" in self.quantities:
                blocks.append((f"{phase},W,{l},", w, False))
            if "b" in self.quantities and b.size:
                blocks.append((f"{phase},b,{l},", b, False))
        if session is not None:
            for name, buffer in session.optimizer_state.buffers.items():
                if name not in self.quantities:
                    continue
                views = self._views_of(buffer, session.spec)
                for l, (w, b) in enumerate(zip(views.weights, views.biases), 1):
                    blocks.append((f"{phase},{name},{l},", w, False))
                    if b.size:
                        blocks.append((f"{phase},{name},{l},", b, False))
        self._enqueue(step, phase, blocks, None)

    def _views_of(self, buffer, spec):
        """The weight and bias views of an optimizer buffer, made once per buffer
        (a trainer swaps two states, so they come back every other update)."""
        cached = self._buffer_views.get(id(buffer))
        if cached is None or cached[0] is not buffer:
            if len(self._buffer_views) > 16:
                self._buffer_views.clear()
            cached = self._buffer_views[id(buffer)] = (
                buffer,
                buffer_views(buffer, spec),
            )
        return cached[1]

    def _queue_forward(self, step: int, fwd) -> None:
        q, blocks = self.quantities, []
        for l, (z, a) in enumerate(zip(fwd.z, fwd.a)):
            if "z" in q and z is not None:
                blocks.append((f"forward,z,{l},", z, True))
            if "a" in q:
                blocks.append((f"forward,a,{l},", a, True))
        if "loss" in q:
            blocks.append(("forward,loss,,,,", fwd.loss, False))
        if fwd.penalty is not None:  # a penalty is part of the loss
            if "data_loss" in q:
                blocks.append(("forward,data_loss,,,,", fwd.data_loss, False))
            if "penalty" in q:
                blocks.append(("forward,penalty,,,,", fwd.penalty, False))
        self._enqueue(step, "forward", blocks, fwd.samples)

    def _queue_backward(self, step: int, bwd, samples) -> None:
        q, blocks = self.quantities, []
        for l in range(1, len(bwd.delta)):
            if "delta" in q:
                blocks.append((f"backward,delta,{l},", bwd.delta[l], True))
            if "dW" in q:
                blocks.append((f"backward,dW,{l},", bwd.dW[l - 1], False))
            if "db" in q and bwd.db[l - 1].size:
                blocks.append((f"backward,db,{l},", bwd.db[l - 1], False))
        self._enqueue(step, "backward", blocks, samples)

    def _enqueue(self, step: int, phase: str, blocks: list, samples) -> None:
        """Queue ``(head, value, rows are samples)`` blocks of one phase. Queued
        phases share one step and one batch (otherwise the queue is written
        first). The values are the trainer's result arrays, never changed after
        their phase, so they can wait."""
        if not blocks:
            return
        queued = self._queue_samples
        if self._queue and (
            step != self._queue_step
            or (samples is not None and queued is not None and samples is not queued)
        ):
            self.flush()
        self._queue += blocks
        self._queue_phases.append(phase)
        self._queue_step = step
        if samples is not None:
            self._queue_samples = samples

    def flush(self) -> None:
        """Write the queued phases' rows, with one %-format of a template cached
        per phases and shapes (see PhaseRows), filled with the numbers' exact
        text (made by orjson, see float_text.py: repr's own strings, 10x
        faster)."""
        blocks = self._queue
        if not blocks:
            return
        values = [block[1] for block in blocks]
        key = (*self._queue_phases, *[getattr(v, "shape", ()) for v in values])
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = PhaseRows(blocks)
        text = template.for_samples(self._queue_samples)
        self._write(text.replace("\0", str(self._queue_step)) % tuple(reprs(values)))
        self.rows += template.lines
        self._queue, self._queue_phases, self._queue_samples = [], [], None
