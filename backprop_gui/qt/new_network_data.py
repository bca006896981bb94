"""What New network starts from (for :class:`~.new_network_dialog.NewNetworkDialog`):
the open network's settings, and the data it is made with (the open session's,
a preset's, or a built-in generator's)."""

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


def take_settings_of(dialog, session: Session) -> None:
    """Start from the open network (layers, activations, loss, biases,
    initialisation, learning rate, batching): the dialog mixed these with
    defaults, so a network made from it differed in ways not asked for."""
    spec = session.spec
    dialog.sizes.setText(", ".join(map(str, spec.layers)))
    for combo, activation in zip(dialog.activations, spec.activations):
        combo.setCurrentText(activation)
    dialog.loss.setCurrentText(spec.loss)
    dialog.bias_mode.setCurrentText(spec.bias_mode)
    dialog.train_biases.setChecked(spec.train_biases)
    init = session.init
    if init is not None:  # else explicit weights: the default scheme
        dialog.scheme.setCurrentText(init.scheme)
        if init.seed <= dialog.seed.maximum():  # files allow larger seeds
            dialog.seed.setValue(init.seed)
        dialog.init_bias = init.bias  # no field of its own: kept
        for field, value in (
            (dialog.init_low, init.low),
            (dialog.init_high, init.high),
            (dialog.init_std, init.std),
        ):
            field.setText(repr(value))
    dialog.learning_rate.setText(repr(session.learning_rate))
    dialog.batch_size.setValue(session.batch_size or 0)
    dialog.shuffle.setChecked(session.shuffle_seed is not None)
    seed = session.shuffle_seed
    if seed is not None and seed <= dialog.dataset_seed.maximum():
        dialog.dataset_seed.setValue(seed)  # the shuffle's seed
