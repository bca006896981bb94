"""A minimal observer mechanism: the core's only way to tell anyone anything.

Observers are plain callables taking one :class:`Event`. The Qt bridge subscribes one
of them and re-emits Qt signals; the trace writer and the CLI subscribe too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

#: Event kinds. ``phase``: a phase ran (``phase`` says which). ``parameters``: a weight
#: or bias was edited. ``settings``: learning rate, batching or network settings
#: changed. ``data``: inputs or targets changed. ``reset``: back to the initial state.
#: ``loaded``: a different session replaced the current one. ``rewound``: the state
#: went back to an earlier point of its history (see :mod:`.timeline`). The
#: debugger adds ``checked`` (a gradient check finished), ``watches`` and
#: ``breakpoints`` (the lists changed), ``quiz`` (Predict mode started, ended, or
#: marked answers: the marks are the detail).
#:
#: The kind says what became stale: a forward phase makes the gradients stale; an
#: update, an edit of the parameters, data or batching make every cached result and
#: the gradient check stale (a learning-rate change none); reset, loaded and
#: rewound replace everything, and loaded may change the network's shape.
EVENT_KINDS = (
    "phase",
    "parameters",
    "settings",
    "data",
    "reset",
    "loaded",
    "rewound",
    "checked",
    "watches",
    "breakpoints",
    "quiz",
)
#: The phases of one update, in order.
PHASES = ("forward", "backward", "update")


class Event:
    """What happened (a plain slotted class: created after every phase, so cheap)."""

    __slots__ = ("kind", "step", "phase", "trainer", "detail")

    def __init__(self, kind: str, step: int, phase, trainer, detail=None) -> None:
        #: One of :data:`EVENT_KINDS`.
        self.kind = kind
        #: For phases: the 1-based index of the update the phase belongs to
        #: (forward and backward of update s carry s, as does the update itself).
        #: Otherwise the number of completed updates.
        self.step = step
        #: ``forward``, ``backward`` or ``update`` for phase events, else ``None``.
        self.phase = phase
        #: The trainer, for read access to its state (parameters, caches, data).
        self.trainer = trainer
        #: What an edit changed, enough to replay it: ``("one", ParameterKey,
        #: value)``, ``("all", Parameters)``, ``("learning_rate", lr)``,
        #: ``("batching", batch_size, shuffle_seed)``, ``("validation",
        #: ValidationSplit | None)``, ``(inputs, targets, DatasetInfo)`` for
        #: new data, or ``(DataEdit, DatasetInfo | None)`` for an edit of the
        #: data by hand (see :mod:`.data_edits`). Settings also send
        #: ``("optimizer", OptimizerSpec, state | None)``, ``("regularization",
        #: Regularization)`` and ``("buffer_entry", name, ParameterKey,
        #: value)``. ``loaded`` has none (``Debugger.load`` returns the
        #: breakpoints that did not carry over).
        self.detail = detail

    def __repr__(self) -> str:
        return f"Event({self.kind!r}, step={self.step}, phase={self.phase!r})"


class EventSource:
    """Observers, called in the order they subscribed.

    An observer may ask for the events of some phases only (``subscribe(observer,
    phases=("update",))``); it still gets every event of another kind. A run makes
    three phase events per update, so an observer that ignores most of them is
    better left out of their delivery."""

    def __init__(self) -> None:
        # tuples, replaced on (un)subscribe: emitting needs no copy and an observer
        # may unsubscribe while being called
        self._entries: tuple[tuple[Callable, frozenset | None], ...] = ()
        #: All subscribed observers, in order (read only).
        self.observers: tuple[Callable[[Event], None], ...] = ()
        #: phase -> the observers of that phase's events (read only; a hot loop
        #: may test it to skip building an event nobody receives).
        self.phase_observers: dict[str, tuple[Callable[[Event], None], ...]] = {
            phase: () for phase in PHASES
        }

    def subscribe(
        self, observer: Callable[[Event], None], phases: Iterable[str] | None = None
    ) -> Callable[[], None]:
        """Add ``observer`` (for the events of ``phases`` only, if given); returns
        a function that removes it again."""
        wanted = None if phases is None else frozenset(phases)
        unknown = set() if wanted is None else wanted - set(PHASES)
        if unknown:
            raise ValueError(f"unknown phases: {', '.join(sorted(unknown))}")
        entry = (observer, wanted)
        self._set((*self._entries, entry))

        def unsubscribe() -> None:
            self._set(tuple(e for e in self._entries if e is not entry))

        return unsubscribe

    def _set(self, entries: tuple) -> None:
        self._entries = entries
        self.observers = tuple(observer for observer, _ in entries)
        self.phase_observers = {
            phase: tuple(o for o, only in entries if only is None or phase in only)
            for phase in PHASES
        }

    def emit(self, event: Event) -> None:
        if event.kind == "phase":
            observers = self.phase_observers[event.phase]
        else:
            observers = self.observers
        for observer in observers:
            observer(event)
