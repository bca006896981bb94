"""The data a new network is made with: the open session's, a preset's, or a
built-in generator's (for :class:`~.new_network_dialog.NewNetworkDialog`)."""

from __future__ import annotations

from ..core.engine.session import Session
from ..core.io.builtin_datasets import generate
from ..core.io.dataset_file import is_csv_source
from ..core.io.presets import load_preset

CURRENT_DATA = "current data"
PRESET_PREFIX = "data of preset "


def chosen_data(name: str, current: Session | None, seed: int, sizes: list[int]):
    """``(inputs, targets, meaning)`` of the dataset ``name`` (as the dialog's
    list names it) for a network of ``sizes``; ``meaning``: the session
    fields that go with the numbers. ``ValueError`` when they do not fit."""
    if name == CURRENT_DATA or name.startswith(PRESET_PREFIX):
        source = (
            current if name == CURRENT_DATA else load_preset(name[len(PRESET_PREFIX) :])
        )
        inputs, targets = source.inputs, source.targets
        # what the numbers mean goes with them; a generator's options do not
        # describe them any more (the network may be another)
        meaning = dict(
            classes=source.classes,
            input_scaling=source.input_scaling,
            validation=source.validation,
            dataset=source.dataset if is_csv_source(source.dataset) else None,
        )
        if inputs.shape[1] != sizes[0] or targets.shape[1] != sizes[-1]:
            raise ValueError(
                f"the {name} has {inputs.shape[1]} inputs and "
                f"{targets.shape[1]} targets; the network must match"
            )
    else:
        inputs, targets = generate(name, seed=seed)
        meaning = dict(dataset={"name": name, "seed": seed})
    return inputs, targets, meaning
