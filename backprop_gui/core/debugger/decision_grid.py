"""The network's output over the input plane, for networks with two inputs: what a
decision-boundary plot shows. A forward pass on a grid, touching no trainer state."""

from __future__ import annotations

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


def output_grid(trainer, resolution: int = 80, output: int = 0, margin: float = 0.15):
    """The outputs over the bounding box of the data, widened by ``margin``."""
    s = trainer.session
    if s.spec.layers[0] != 2:
        raise ValueError("the decision boundary needs a network with two inputs")
    low, high = s.inputs.min(axis=0), s.inputs.max(axis=0)
    pad = (high - low) * margin + 1e-9
    xs = np.linspace(low[0] - pad[0], high[0] + pad[0], resolution)
    ys = np.linspace(low[1] - pad[1], high[1] + pad[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    dummy = np.zeros((points.shape[0], s.spec.layers[-1]))
    with np.errstate(all="ignore"):
        a = Plan(s.spec).forward(trainer.params, points, dummy, None).a[-1]
    is_class = s.spec.activations[-1] == "softmax"
    values = a.argmax(axis=1) if is_class else a[:, output]
    return OutputGrid(xs, ys, values.reshape(resolution, resolution), is_class)
