"""Reading a large dataset CSV: MNIST's usual CSV form (60,000 rows, a label and
784 pixel columns of integers 0-255, ~110 MB), generated once per process, read
by our reader and by pandas.read_csv in the same process, interleaved."""

from __future__ import annotations

import os
import tempfile
import time

import numpy as np

_FILE: list[str] = []


def mnist_like_csv(rows: int = 60_000) -> str:
    """A file shaped like MNIST's CSV (about 80% of the pixels 0, as there)."""
    if _FILE:
        return _FILE[0]
    import pandas as pd

    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (rows, 784)) * (rng.random((rows, 784)) < 0.2)
    table = pd.DataFrame(
        np.column_stack([rng.integers(0, 10, rows), pixels]),
        columns=["label"] + [f"pixel{k}" for k in range(784)],
    )
    path = os.path.join(tempfile.mkdtemp(), "mnist_like.csv")
    table.to_csv(path, index=False)
    _FILE.append(path)
    return path


def bench_csv_reader(rounds: int = 3) -> dict:
    """Best-of-``rounds`` seconds of our reader (with the label column turned into
    classes) and of pandas.read_csv on the same file; the ratio ours / pandas."""
    import pandas as pd

    from backprop_gui.core.io.dataset_csv import load_dataset_csv

    path = mnist_like_csv()
    ours, theirs = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        data = load_dataset_csv(path, 784, 10, label_column="label")
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        frame = pd.read_csv(path)
        theirs.append(time.perf_counter() - start)
    assert data.inputs.shape == (60_000, 784) and frame.shape == (60_000, 785)
    return {
        "ours_s": min(ours),
        "pandas_s": min(theirs),
        "ratio": min(ours) / min(theirs),
        "megabytes": os.path.getsize(path) / 1e6,
    }
