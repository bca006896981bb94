"""Where the network graph draws things: neuron centres, which neurons and edges are
shown (bounded for large layers), and whether value labels fit. No drawing here."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF

from .formatting import layer_title

MAX_NEURONS = 16
MAX_EDGES = 120


@dataclass
class Layout:
    centres: dict  # (layer, neuron) -> QPointF
    shown: list  # neuron slots per layer (the last is a "+N more" marker if cut)
    edges: list  # (l, i, j, value) between drawn neurons, weakest first
    edge_totals: list  # weights between drawn neurons, per gap
    radius: float
    with_text: bool  # room for value labels under the neurons
    caption_rows: int = 2  # lines of caption above the graph
    #: whether the neurons of a column stay apart, circle from circle (a graph
    #: squeezed by a large zoom drew them, their labels and the caption over
    #: each other)
    apart: bool = True


def caption_top(row: int, line: float) -> float:
    """Where caption row ``row`` starts (row 0 at the top)."""
    return 6 + row * (line + 2)


def drawn_count(shown: int, total: int) -> int:
    """Neurons drawn as circles: all if they fit, else one slot less for the marker."""
    return total if total <= shown else shown - 1


def compute_layout(
    layers: list,
    source: list,
    width: int,
    height: int,
    line: float = 16.0,
    caption_rows: int = 2,
) -> Layout:
    """``source``: the matrices the edges show (weights, or their gradients);
    ``line``: the height of a line of text (margins and labels scale with it, so
    a zoomed font keeps its room); ``caption_rows``: lines of caption above."""
    scale = line / 16.0
    top = caption_top(caption_rows, line) + 6 * scale
    bottom, side = 40 * scale, 70 * scale
    gap_x = (width - 2 * side) / max(len(layers) - 1, 1)
    # as many neuron slots as fit 18 px apart (a short graph showed 16 input
    # neurons touching each other), at least 3, at most MAX_NEURONS
    fit = max(3, int((height - top - bottom) // (18 * scale)))
    shown = [min(n, MAX_NEURONS, fit) for n in layers]
    rows = max(shown)
    label_height = 32 * scale  # two lines of values under each neuron
    gap_y = min((height - top - bottom - label_height) / max(rows, 1), 90)
    radius = max(5.0, min(24.0, gap_y * 0.3, gap_x * 0.12))
    # the values under each neuron need their two lines between one neuron and
    # the next: neurons shrink (down to a radius of 6) to make room for them,
    # and the text must fit between the columns too
    text_radius = min(radius, (gap_y - label_height) / 2 - 1)
    with_text = (
        rows <= MAX_NEURONS and text_radius >= 6 * scale and gap_x >= 90 + 2 * side / 7
    )
    if with_text:
        radius = text_radius
    if with_text:
        bottom += label_height
    else:
        gap_y = min((height - top - bottom) / max(rows, 1), 90)
    centres = {}
    for layer, count in enumerate(shown):
        x = side + gap_x * layer
        y0 = top + (height - top - bottom - gap_y * (count - 1)) / 2
        for n in range(count):
            centres[(layer, n)] = QPointF(x, y0 + gap_y * n)
    edges, totals = [], []
    for l, values in enumerate(source):
        sub = values[
            : drawn_count(shown[l], layers[l]),
            : drawn_count(shown[l + 1], layers[l + 1]),
        ]
        totals.append(sub.size)
        flat = np.abs(sub).ravel()
        keep = np.arange(flat.size)
        if flat.size > MAX_EDGES:
            keep = np.argpartition(flat, -MAX_EDGES)[-MAX_EDGES:]
        for k in keep[np.argsort(flat[keep])]:  # weakest first, strongest on top
            i, j = divmod(int(k), sub.shape[1])
            edges.append((l, i, j, float(sub[i, j])))
    apart = rows <= 1 or gap_y >= 2 * radius + 2
    return Layout(centres, shown, edges, totals, radius, with_text, caption_rows, apart)


def layer_titles(spec, layout: Layout, metrics) -> list[tuple[int, str]]:
    """``(layer, title)`` to draw under the columns. When the full titles
    ("hidden 2 (3)" over the activation) would overlap, as in a deep network,
    the layers are labelled ``L0`` (the inputs), ``L1``, ... and, if even those would
    overlap, only every k-th layer and the last (tooltips name every neuron).
    """
    xs = [layout.centres[(layer, 0)].x() for layer in range(len(spec.layers))]
    spacing = min((b - a for a, b in zip(xs, xs[1:])), default=math.inf)
    full = []
    for layer, count in enumerate(spec.layers):
        title = f"{layer_title(layer, spec.depth)} ({count})"
        if layer:
            title += f"\n{spec.activations[layer - 1]}"
        full.append((layer, title))
    widest = max(
        metrics.horizontalAdvance(line)
        for _, title in full
        for line in title.split("\n")
    )
    if widest + 8 <= spacing:
        return full
    short = [(layer, f"L{layer}") for layer in range(len(spec.layers))]
    needed = metrics.horizontalAdvance(f"L{len(spec.layers)}") + 8
    every = max(1, math.ceil(needed / max(spacing, 1)))
    last = len(spec.layers) - 1
    return [
        (layer, text)
        for layer, text in short
        if layer == last or (layer % every == 0 and last - layer >= every)
    ]


def edge_label_boxes(
    layout: Layout, label_sizes: dict, text_height: float
) -> dict[tuple, QRectF]:
    """Where the value label of each edge goes: ``(l, i, j) -> box``, for edges
    whose label fits; the others get none (hovering and the table show them).

    A label sits on its edge, spread by target neuron, and is moved along the
    edge, or dropped, so that it covers no neuron, no text under a neuron and no
    other label. ``label_sizes``: ``(l, i, j) -> (width, height)`` of each
    label's box; ``text_height``: one line of the text under the neurons."""
    obstacles = [
        QRectF(c.x() - layout.radius, c.y() - layout.radius, 2 * layout.radius,
               2 * layout.radius)
        for c in layout.centres.values()
    ]  # fmt: skip
    if layout.with_text:
        width = max(90.0, 6 * text_height)  # "δ -0.01234" at this size
        obstacles += [
            QRectF(c.x() - width / 2, c.y() + layout.radius + 2, width, 2 * text_height)
            for c in layout.centres.values()
        ]
    placed: dict[tuple, QRectF] = {}
    for l, i, j, _value in reversed(layout.edges):  # strongest first
        a, b = layout.centres[(l, i)], layout.centres[(l + 1, j)]
        targets = layout.shown[l + 1]
        preferred = 0.22 + 0.5 * (j / (targets - 1) if targets > 1 else 0.0)
        width, height = label_sizes[(l, i, j)]
        for t in _positions(preferred):
            box = QRectF(0, 0, width, height)
            box.moveCenter(a + (b - a) * t)
            if not any(box.intersects(o) for o in obstacles):
                placed[(l, i, j)] = box
                obstacles.append(box)
                break
    return placed


def _positions(preferred: float):
    """Places along an edge to try, nearest the preferred one first."""
    yield preferred
    for k in range(1, 9):
        for t in (preferred + 0.06 * k, preferred - 0.06 * k):
            if 0.05 < t < 0.95:
                yield t
