"""A minimal observer mechanism: the core's only way to tell anyone anything.

Observers are plain callables taking one :class:`Event`. The Qt bridge subscribes one
of them and re-emits Qt signals; the trace writer and the CLI subscribe too.
"""

from __future__ import annotations

from collections.abc import Callable

#: Event kinds. ``phase``: a phase ran (``phase`` says which). ``parameters``: a weight
#: or bias was edited. ``settings``: learning rate, batching or network settings
#: changed. ``data``: inputs or targets changed. ``reset``: back to the initial state.
#: ``loaded``: a different session replaced the current one. ``rewound``: the state
#: went back to an earlier point of its history (see :mod:`.timeline`).
EVENT_KINDS = ("phase", "parameters", "settings", "data", "reset", "loaded", "rewound")


class Event:
    """What happened (a plain slotted class: created after every phase, so cheap)."""

    __slots__ = ("kind", "step", "phase", "state", "detail")

    def __init__(self, kind: str, step: int, phase, state, detail=None) -> None:
        #: One of :data:`EVENT_KINDS`.
        self.kind = kind
        #: For phases: the 1-based index of the update the phase belongs to
        #: (forward and backward of update s carry s, as does the update itself).
        #: Otherwise the number of completed updates.
        self.step = step
        #: ``forward``, ``backward`` or ``update`` for phase events, else ``None``.
        self.phase = phase
        #: The trainer, for read access to its state (parameters, caches, data).
        self.state = state
        #: What an edit changed, enough to replay it: ``("W", l, i, j, value)``,
        #: ``("b", l, j, value)``, ``("all", Parameters)``, ``("learning_rate",
        #: lr)``, ``("batching", batch_size, shuffle_seed)``, or ``(inputs,
        #: targets)`` for data.
        self.detail = detail

    def __repr__(self) -> str:
        return f"Event({self.kind!r}, step={self.step}, phase={self.phase!r})"


class EventSource:
    def __init__(self) -> None:
        # a tuple, replaced on (un)subscribe: emitting needs no copy and an observer
        # may unsubscribe while being called
        #: The subscribed observers, in order (read only; a hot loop may test it to
        #: skip building an event nobody receives).
        self.observers: tuple[Callable[[Event], None], ...] = ()

    def subscribe(self, observer: Callable[[Event], None]) -> Callable[[], None]:
        """Add ``observer``; returns a function that removes it again."""
        self.observers += (observer,)

        def unsubscribe() -> None:
            self.observers = tuple(o for o in self.observers if o is not observer)

        return unsubscribe

    def emit(self, event: Event) -> None:
        for observer in self.observers:
            observer(event)
