"""Which numbers an explanation reads (see :mod:`.explain`): one consistent set,
a forward pass, perhaps the backward pass computed from it, and the parameters
they used; and whether that set is still the current state's."""

from __future__ import annotations

from dataclasses import dataclass

from .trainer import Trainer


@dataclass
class Snapshot:
    """One consistent set of numbers: a forward pass, perhaps the backward pass
    computed from it, and the parameters they used (None if edited since)."""

    fwd: object
    bwd: object
    params: object
    stale: str


def snapshot(trainer: Trainer, key: tuple) -> Snapshot:
    if key[0] in ("dW", "db", "delta"):
        bwd = trainer.backward_result
        if bwd is None:
            raise ValueError(
                "run a backward pass first: there is no gradient to explain"
            )
        fwd = bwd.forward
        stale = ""
        if not trainer.backward_valid:
            since = (
                "the forward pass has run again since"
                if trainer.forward_result is not fwd
                else "the parameters, data, batching or penalty have changed since"
            )
            stale = f"stale: numbers of an earlier backward pass; {since}"
        return Snapshot(fwd, bwd, trainer.parameters_of(fwd), stale)
    fwd = trainer.forward_result
    if fwd is None:
        raise ValueError("run a forward pass first")
    stale = ""
    if not trainer.forward_valid:  # fwd is the latest forward pass
        stale = (
            "stale: numbers of an earlier forward pass; the parameters, data, "
            "batching or penalty have changed since"
        )
    return Snapshot(fwd, None, trainer.parameters_of(fwd), stale)


def used_parameters(snapshot: Snapshot):
    if snapshot.params is None:
        raise ValueError(
            "the weights these numbers were computed with have been edited since: "
            "run the next phases to get numbers that can be explained"
        )
    return snapshot.params
