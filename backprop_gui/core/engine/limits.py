"""The sizes the app accepts, checked before anything of that size is allocated.

A small file can declare a huge network or dataset (``"samples": 50000000``, a
hundred thousand layers); these limits turn such a file into one clear message
instead of an exhausted machine. They are far above anything a step-through
debugger is for (784-128-10 has about 100k parameters; MNIST has 70k samples) and
are listed in README.md ("Limits").
"""

from __future__ import annotations

#: Layers, counting the input layer.
MAX_LAYERS = 100
#: Neurons in any one layer.
MAX_NEURONS = 10_000
#: Weights and biases together.
MAX_PARAMETERS = 20_000_000
#: Samples in a dataset (files and generated ones).
MAX_SAMPLES = 1_000_000
#: Numbers in a dataset: samples x (inputs + targets).
MAX_DATASET_VALUES = 100_000_000
#: The step counter (completed updates) a session may have reached.
MAX_STEP = 10**12
#: The largest magnitude of a number in a dataset, however it came (a file, a
#: session, an edit), and of a number typed: what one path takes, another
#: reads back (an exported CSV imports again).
MAX_MAGNITUDE = 1e100
#: Neuron values one pass holds: samples per batch x neurons after the input
#: layer (each pass keeps z, a and delta of that size).
MAX_BATCH_ACTIVATIONS = 10_000_000


def check_layers(layers) -> None:
    """Refuse a layer list past the limits before any of it is used."""
    if len(layers) > MAX_LAYERS:
        raise ValueError(
            f"network has {len(layers):,} layers; the limit is {MAX_LAYERS}"
        )
    for i, n in enumerate(layers):
        try:
            too_many = n > MAX_NEURONS  # ints, NumPy integers and floats alike
        except TypeError:
            continue  # not a number: the spec's own check says so
        if too_many:
            raise ValueError(
                f"layer {i} has {n:,} neurons; the limit is {MAX_NEURONS:,} per layer"
            )


def check_samples(samples: int) -> None:
    if samples > MAX_SAMPLES:
        raise ValueError(
            f"dataset has {samples:,} samples; the limit is {MAX_SAMPLES:,}"
        )


def check_dataset_size(samples: int, width: int) -> None:
    """``width``: inputs plus targets of one sample."""
    check_samples(samples)
    if samples * width > MAX_DATASET_VALUES:
        raise ValueError(
            f"dataset has {samples * width:,} numbers; the limit is "
            f"{MAX_DATASET_VALUES:,}"
        )


def check_batch(layers, samples: int, batch_size: int | None) -> None:
    """A batch of this network and dataset fits the activation limit."""
    rows = samples if batch_size is None else min(batch_size, samples)
    cells = rows * sum(layers[1:])
    if cells > MAX_BATCH_ACTIVATIONS:
        largest = max(1, MAX_BATCH_ACTIVATIONS // max(1, sum(layers[1:])))
        raise ValueError(
            f"a batch of {rows:,} samples through this network holds {cells:,} "
            f"neuron values; the limit is {MAX_BATCH_ACTIVATIONS:,} (use a batch "
            f"size of at most {largest:,})"
        )
