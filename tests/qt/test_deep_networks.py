"""A network at the layer limit opens, steps and plots without one legend entry
per layer: the gradient-norm plot shows the first and last layers and the Layers
menu chooses others."""

import json

from backprop_gui.core.engine.limits import MAX_LAYERS
from backprop_gui.qt.layer_chooser import SHOW_ALL_UP_TO


def deep_session(tmp_path, depth):
    data = {
        "format": "backprop-gui-session",
        "version": 1,
        "name": "deep",
        "layers": [2] + [3] * (depth - 1) + [1],
        "activations": ["tanh"] * (depth - 1) + ["sigmoid"],
        "loss": "bce",
        "init": {"scheme": "xavier", "seed": 3},
        "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]],
        "targets": [[0], [1], [1], [0]],
    }
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(data))
    return path


def legend_names(window):
    legend = window.plots.norm_plot.getPlotItem().legend
    return [label.text for _, label in legend.items]


def test_the_deepest_network_opens_and_plots_first_and_last_layers(
    window, tmp_path, dialogs
):
    depth = MAX_LAYERS - 1
    assert window.files.open_path(str(deep_session(tmp_path, depth)), ask=False)
    assert window.debugger.session.spec.depth == depth
    window.controls.step.trigger()
    window.plots.tabs.setCurrentWidget(window.plots.norm_page)
    assert legend_names(window) == ["W1", f"W{depth}"]
    chooser = window.plots.layer_chooser
    assert chooser.text() == f"Layers (2 of {depth})"
    shown = [k for k, c in enumerate(window.plots.norm_curves) if c is not None]
    assert shown == [0, depth - 1]
    norms = window.debugger.metrics.grad_norms
    assert window.plots.norm_curves[depth - 1].yData[0] == norms[0, depth - 1]

    menu = {a.text(): a for a in chooser.menu().actions()}
    menu["W50"].trigger()  # a checkable action: toggles on
    assert legend_names(window) == ["W1", "W50", f"W{depth}"]
    assert window.plots.norm_curves[49].yData[0] == norms[0, 49]
    menu["All layers"].trigger()
    assert len(legend_names(window)) == depth and chooser.text() == "Layers"
    menu["First and last"].trigger()
    assert legend_names(window) == ["W1", f"W{depth}"]
    assert not dialogs.shown


def test_shallow_networks_show_every_layer(window, tmp_path):
    assert window.files.open_path(
        str(deep_session(tmp_path, SHOW_ALL_UP_TO)), ask=False
    )
    assert legend_names(window) == [f"W{k + 1}" for k in range(SHOW_ALL_UP_TO)]
    assert window.plots.layer_chooser.text() == "Layers"


def test_layer_titles_never_overlap(window, tmp_path):
    from PySide6.QtGui import QFontMetrics

    from backprop_gui.qt.network_layout import layer_titles

    view = window.network_view
    metrics = QFontMetrics(view.font())
    for depth, width in ((2, 1000), (20, 1000), (MAX_LAYERS - 1, 1000), (20, 300)):
        assert window.files.open_path(str(deep_session(tmp_path, depth)), ask=False)
        view.resize(width, 300)
        layout = view._compute_layout()
        titles = layer_titles(window.debugger.session.spec, layout, metrics)
        assert titles[-1][0] == depth  # the output layer is always named
        spans = []
        for layer, title in titles:
            x = layout.centres[(layer, 0)].x()
            half = max(metrics.horizontalAdvance(s) for s in title.split("\n")) / 2
            spans.append((x - half, x + half))
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), (depth, titles)
    assert titles[0][1] == "L0"
