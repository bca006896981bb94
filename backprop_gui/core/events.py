"""A minimal observer mechanism: the core's only way to tell anyone anything.

Observers are plain callables taking one :class:`Event`. The Qt bridge subscribes one
of them and re-emits Qt signals; the trace writer and the CLI subscribe too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Event kinds. ``phase``: a phase ran (``phase`` says which). ``parameters``: a weight
#: or bias was edited. ``settings``: learning rate, batching or network settings
#: changed. ``data``: inputs or targets changed. ``reset``: back to the initial state.
#: ``loaded``: a different session replaced the current one.
EVENT_KINDS = ("phase", "parameters", "settings", "data", "reset", "loaded")


@dataclass(frozen=True, slots=True)
class Event:
    kind: str
    #: For phases: the 1-based index of the update the phase belongs to (forward and
    #: backward of update s carry s, as does the update itself). Otherwise the number
    #: of completed updates.
    step: int
    #: ``forward``, ``backward`` or ``update`` for phase events, else ``None``.
    phase: str | None
    #: The trainer, for read access to its state (parameters, caches, data).
    state: Any
    #: What an edit changed, enough to replay it: ``("W", l, i, j, value)``,
    #: ``("b", l, j, value)``, ``("all", Parameters)``, ``("learning_rate", lr)``,
    #: ``("batching", batch_size, shuffle_seed)``, or ``(inputs, targets)`` for data.
    detail: Any = None


class EventSource:
    def __init__(self) -> None:
        self._observers: list[Callable[[Event], None]] = []

    def subscribe(self, observer: Callable[[Event], None]) -> Callable[[], None]:
        """Add ``observer``; returns a function that removes it again."""
        self._observers.append(observer)

        def unsubscribe() -> None:
            if observer in self._observers:
                self._observers.remove(observer)

        return unsubscribe

    @property
    def has_observers(self) -> bool:
        return bool(self._observers)

    def emit(self, event: Event) -> None:
        for observer in tuple(self._observers):
            observer(event)
