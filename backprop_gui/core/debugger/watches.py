"""Watches: chosen parameters or neurons, recorded after every update.

Keys are :class:`~..engine.keys.ParameterKey` (the value after the update) or
:class:`~..engine.keys.NeuronKey` (the neuron's activation for the first sample of
the update's forward pass). Memory is bounded: at ``capacity`` points every second
one is dropped and from then on only every ``stride``-th update is kept.
"""

from __future__ import annotations

import numpy as np

from ..engine.keys import NeuronKey, ParameterKey
from .events import Event

WatchKey = ParameterKey | NeuronKey


class Watches:
    #: The phase events it reads (``trainer.events.subscribe(watches, PHASES)``).
    PHASES = ("update",)

    def __init__(self, capacity: int = 2048) -> None:
        self.capacity = capacity
        self.keys: list[tuple] = []
        self._steps: list[int] = []
        self._values: list[list[float]] = []
        self.stride = 1

    def add(self, key: WatchKey, trainer) -> None:
        """Watch ``key`` from now on; IndexError for a key the network does not
        have."""
        if not isinstance(key, (ParameterKey, NeuronKey)):
            raise TypeError(f"cannot watch {key!r}")
        if not key.exists_in(trainer.session.spec):
            raise IndexError(f"this network has no {key.label()}")
        if key not in self.keys:
            self.keys.append(key)
            self._values.append([float("nan")] * len(self._steps))

    def remove(self, key: WatchKey) -> None:
        k = self.keys.index(key)
        del self.keys[k], self._values[k]

    def clear(self) -> None:
        self.keys, self._steps, self._values, self.stride = [], [], [], 1

    def series(self, key: WatchKey) -> tuple[np.ndarray, np.ndarray]:
        """``(steps, values)`` recorded for ``key``."""
        return np.array(self._steps), np.array(self._values[self.keys.index(key)])

    def __call__(self, event: Event) -> None:
        kind = event.kind
        if kind == "phase":
            if event.phase != "update" or not self.keys or event.step % self.stride:
                return
            trainer = event.trainer
            self._steps.append(event.step)
            for key, values in zip(self.keys, self._values):
                values.append(self._read(key, trainer))
            if len(self._steps) > self.capacity:
                self._steps = self._steps[::2]
                self._values = [values[::2] for values in self._values]
                self.stride *= 2
        elif kind == "loaded":
            self.clear()
        elif kind in ("reset", "rewound"):
            keep = sum(1 for s in self._steps if s <= event.trainer.step)
            del self._steps[keep:]
            for values in self._values:
                del values[keep:]

    @staticmethod
    def _read(key: WatchKey, trainer) -> float:
        if isinstance(key, ParameterKey):
            return key.read(trainer.params)
        fwd = trainer.forward_result
        return float("nan") if fwd is None else float(fwd.a[key.layer][0, key.neuron])
