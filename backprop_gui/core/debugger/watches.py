"""Watches: chosen parameters or neurons, recorded after every update.

Keys are ``("W", l, i, j)``, ``("b", l, j)`` (parameters after the update, 0-based)
or ``("a", layer, n)`` (a neuron's activation for the first sample of the update's
forward pass). Memory is bounded: at ``capacity`` points every second one is
dropped and from then on only every ``stride``-th update is kept.
"""

from __future__ import annotations

import numpy as np

from .events import Event


def watch_name(key: tuple) -> str:
    if key[0] == "W":
        return f"W{key[1] + 1}[{key[2] + 1}→{key[3] + 1}]"
    if key[0] == "b":
        return f"b{key[1] + 1}[{key[2] + 1}]"
    return f"a of neuron {key[2] + 1} in layer {key[1]}"


class Watches:
    #: The phase events it reads (``trainer.events.subscribe(watches, PHASES)``).
    PHASES = ("update",)

    def __init__(self, capacity: int = 2048) -> None:
        self.capacity = capacity
        self.keys: list[tuple] = []
        self._steps: list[int] = []
        self._values: list[list[float]] = []
        self.stride = 1

    def add(self, key: tuple, trainer) -> None:
        """Watch ``key`` from now on (its value is checked to exist)."""
        self._read(key, trainer)  # raises for a key the network does not have
        if key not in self.keys:
            self.keys.append(key)
            self._values.append([float("nan")] * len(self._steps))

    def remove(self, key: tuple) -> None:
        k = self.keys.index(key)
        del self.keys[k], self._values[k]

    def clear(self) -> None:
        self.keys, self._steps, self._values, self.stride = [], [], [], 1

    def series(self, key: tuple) -> tuple[np.ndarray, np.ndarray]:
        """``(steps, values)`` recorded for ``key``."""
        return np.array(self._steps), np.array(self._values[self.keys.index(key)])

    def __call__(self, event: Event) -> None:
        kind = event.kind
        if kind == "phase":
            if event.phase != "update" or not self.keys or event.step % self.stride:
                return
            trainer = event.state
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
            keep = sum(1 for s in self._steps if s <= event.state.step)
            del self._steps[keep:]
            for values in self._values:
                del values[keep:]

    @staticmethod
    def _read(key: tuple, trainer) -> float:
        kind = key[0]
        if kind == "W":
            return float(trainer.params.weights[key[1]][key[2], key[3]])
        if kind == "b":
            return float(trainer.params.biases[key[1]][key[2]])
        if kind == "a":
            fwd = trainer.forward_result
            layer, n = key[1], key[2]
            if not 0 <= n < trainer.session.spec.layers[layer]:
                raise IndexError(f"layer {layer} has no neuron {n + 1}")
            return float("nan") if fwd is None else float(fwd.a[layer][0, n])
        raise ValueError(f"cannot watch {key!r}")
