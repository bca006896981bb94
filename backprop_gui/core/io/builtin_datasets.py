"""Built-in training sets, generated from a seed (nothing is downloaded).

Each generator returns ``(inputs, targets)`` as float64 arrays, and
:data:`DEFAULT_NETWORKS` gives the network each one is meant to be trained with.
"""

from __future__ import annotations

import math

import numpy as np

from ..engine.limits import check_samples

_TRUTH_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _truth_table(outputs) -> tuple[np.ndarray, np.ndarray]:
    return _TRUTH_INPUTS.copy(), np.array(outputs, dtype=np.float64).reshape(-1, 1)


def xor(samples: int = 4, noise: float = 0.0, seed: int = 0):
    return _truth_table([0, 1, 1, 0])


def and_(samples: int = 4, noise: float = 0.0, seed: int = 0):
    return _truth_table([0, 0, 0, 1])


def or_(samples: int = 4, noise: float = 0.0, seed: int = 0):
    return _truth_table([0, 1, 1, 1])


def circles(samples: int = 200, noise: float = 0.1, seed: int = 0):
    """An inner disc (class 1) inside a ring (class 0)."""
    rng = np.random.default_rng(seed)
    inner = samples // 2
    radius = np.concatenate(
        [rng.uniform(0.0, 0.5, inner), rng.uniform(0.8, 1.2, samples - inner)]
    )
    angle = rng.uniform(0.0, 2 * np.pi, samples)
    x = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    x += rng.normal(0.0, noise, x.shape)
    y = np.concatenate([np.ones(inner), np.zeros(samples - inner)]).reshape(-1, 1)
    return x, y


def spirals(samples: int = 200, noise: float = 0.05, seed: int = 0):
    """Two interleaved spirals, one per class."""
    rng = np.random.default_rng(seed)
    half = samples // 2
    counts = (half, samples - half)
    xs, ys = [], []
    for label, count in enumerate(counts):
        t = np.linspace(0.0, 1.0, count)
        radius = 0.1 + 0.9 * t
        angle = 3 * np.pi * t + label * np.pi
        pts = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
        xs.append(pts + rng.normal(0.0, noise, pts.shape))
        ys.append(np.full(count, float(label)))
    return np.vstack(xs), np.concatenate(ys).reshape(-1, 1)


def blobs(samples: int = 150, noise: float = 0.35, seed: int = 0):
    """Three Gaussian blobs; targets are one-hot rows for a softmax output."""
    rng = np.random.default_rng(seed)
    centres = np.array([[-1.0, -0.6], [1.0, -0.6], [0.0, 1.0]])
    labels = np.arange(samples) % 3
    x = centres[labels] + rng.normal(0.0, noise, (samples, 2))
    return x, np.eye(3)[labels]


GENERATORS = {
    "xor": xor,
    "and": and_,
    "or": or_,
    "circles": circles,
    "spirals": spirals,
    "blobs": blobs,
}

#: The network each dataset is trained with by default.
DEFAULT_NETWORKS = {
    "xor": dict(layers=[2, 4, 1], activations=["tanh", "sigmoid"], loss="bce"),
    "and": dict(layers=[2, 1], activations=["sigmoid"], loss="bce"),
    "or": dict(layers=[2, 1], activations=["sigmoid"], loss="bce"),
    "circles": dict(layers=[2, 8, 1], activations=["tanh", "sigmoid"], loss="bce"),
    "spirals": dict(
        layers=[2, 24, 24, 1], activations=["tanh", "tanh", "sigmoid"], loss="bce"
    ),
    "blobs": dict(
        layers=[2, 8, 3], activations=["relu", "softmax"], loss="cross_entropy"
    ),
}


def generate(name: str, samples: int | None = None, noise=None, seed: int = 0):
    """Generate the dataset ``name``; ``samples``/``noise`` default per dataset."""
    try:
        generator = GENERATORS[name]
    except KeyError:
        known = ", ".join(GENERATORS)
        raise ValueError(f"unknown dataset {name!r} (known: {known})") from None
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise ValueError("the dataset seed must be a whole number from 0 to 2^63 - 1")
    options = {"seed": seed}
    if samples is not None:
        if samples < 3:
            raise ValueError("a generated dataset needs at least 3 samples")
        check_samples(samples)
        options["samples"] = samples
    if noise is not None:
        noise = float(noise)
        if not (math.isfinite(noise) and 0 <= noise <= 1e6):
            raise ValueError(f"dataset noise must be from 0 to 1e6, not {noise!r}")
        options["noise"] = noise
    return generator(**options)
