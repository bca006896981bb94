"""Where a diverged state first stops being finite, named for the user."""

from __future__ import annotations

import math

import numpy as np


def first_non_finite(trainer) -> str | None:
    """What of ``trainer`` is not finite (see ``Trainer.non_finite``)."""
    found = trainer.params.first_non_finite()  # cheap when all is well
    if found is not None:
        return trainer.session.spec.label(found)
    buffer = trainer.non_finite_buffer()
    if buffer is not None:
        return f"{buffer[0]} of {trainer.session.spec.label(buffer[1])}"
    fwd = trainer.forward_result
    if fwd is None or math.isfinite(fwd.loss):
        return None
    for layer in range(1, len(fwd.z)):
        for quantity, values in (("z", fwd.z[layer]), ("a", fwd.a[layer])):
            bad = ~np.isfinite(values)
            if bad.any():
                row, neuron = np.unravel_index(int(np.argmax(bad)), bad.shape)
                sample = int(fwd.samples[row])
                return (
                    f"{quantity} of neuron {neuron + 1} in layer {layer} "
                    f"for sample {sample + 1}"
                )
    return "the loss"
