"""The network's output over the input plane, for networks with two inputs: what a
decision-boundary plot shows. A forward pass on a grid, touching no trainer state."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..engine.passes import Plan


@dataclass
class OutputGrid:
    xs: np.ndarray  # grid coordinates of input 1 (columns)
    ys: np.ndarray  # grid coordinates of input 2 (rows)
    #: (len(ys), len(xs)): output neuron ``output`` at each grid point, or for a
    #: softmax output the winning class index.
    values: np.ndarray
    is_class: bool


def plot_ranges(inputs: np.ndarray, aspect: float = 1.0, margin: float = 0.15):
    """``(x_range, y_range)`` a decision-boundary plot shows: the data's extent
    widened by ``margin`` on each side (a unit range along an axis where every
    sample has the same value, as with a single sample), then the narrower side
    widened about its centre so that ``x span / y span == aspect`` (the plot's
    width over its height in pixels): the image fills the plot with square
    pixels instead of shrinking into a square."""
    if not aspect > 0 or not np.isfinite(aspect):
        aspect = 1.0
    low, high = inputs.min(axis=0), inputs.max(axis=0)
    centre = (low + high) / 2
    span = high - low
    span = np.where(span > 0, span * (1 + 2 * margin), 1.0)
    if span[0] / span[1] < aspect:
        span[0] = span[1] * aspect
    else:
        span[1] = span[0] / aspect
    return (
        (float(centre[0] - span[0] / 2), float(centre[0] + span[0] / 2)),
        (float(centre[1] - span[1] / 2), float(centre[1] + span[1] / 2)),
    )


def output_grid(
    trainer,
    resolution: int = 80,
    output: int = 0,
    margin: float = 0.15,
    aspect: float = 1.0,
):
    """The outputs over :func:`plot_ranges` of the data, about
    ``resolution``² points with square cells."""
    s = trainer.session
    if s.spec.layers[0] != 2:
        raise ValueError("the decision boundary needs a network with two inputs")
    x_range, y_range = plot_ranges(s.inputs, aspect, margin)
    ratio = (x_range[1] - x_range[0]) / (y_range[1] - y_range[0])
    nx = max(2, round(resolution * math.sqrt(ratio)))
    ny = max(2, round(resolution / math.sqrt(ratio)))
    xs = np.linspace(*x_range, nx)
    ys = np.linspace(*y_range, ny)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    dummy = np.zeros((points.shape[0], s.spec.layers[-1]))
    with np.errstate(all="ignore"):
        a = Plan(s.spec).forward(trainer.params, points, dummy, None).a[-1]
    is_class = s.spec.activations[-1] == "softmax"
    values = a.argmax(axis=1) if is_class else a[:, output]
    return OutputGrid(xs, ys, values.reshape(ny, nx), is_class)
