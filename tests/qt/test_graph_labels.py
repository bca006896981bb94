"""No two labels of the network graph overlap, and none hides under a neuron
(issue 15), at 1024x700 and at full HD, for the seed network and a wider one."""

import itertools

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetrics

from backprop_gui.core import InitSpec, NetworkSpec, Session, load_preset
from backprop_gui.qt.network_captions import caption_notes, caption_rows
from backprop_gui.qt.network_layout import caption_top, layer_titles


def wide_session():
    spec = NetworkSpec([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], "bce")
    return Session.create(
        spec,
        InitSpec("xavier", 2),
        [[0, 0], [0, 1], [1, 0], [1, 1]],
        [[0], [1], [1], [0]],
    )


def label_boxes(view):
    """Every text box the graph draws, by kind."""
    layout = view._compute_layout()
    metrics = view.fontMetrics()
    small = QFont(view.font())
    small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
    boxes = {"neuron": [], "edge label": [], "neuron text": [], "title": []}
    r = layout.radius
    for (layer, n), c in layout.centres.items():
        boxes["neuron"].append(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r))
        if layout.with_text:
            for k, (text, _stale) in enumerate(view.neuron_labels(layer, n)):
                width = metrics.horizontalAdvance(text)
                top = c.y() + r + 2 + k * metrics.height()
                boxes["neuron text"].append(
                    QRectF(c.x() - width / 2, top, width, metrics.height())
                )
    boxes["edge label"] = list(
        view.edge_label_boxes(layout, QFontMetrics(small)).values()
        if max(layout.edge_totals) <= 6
        else []
    )
    spec = view.bridge.debugger.session.spec
    line = metrics.height()
    for layer, title in layer_titles(spec, layout, metrics):
        x = layout.centres[(layer, 0)].x()
        width = max(metrics.horizontalAdvance(t) for t in title.split("\n"))
        lines = title.count("\n") + 1
        top = view.height() - 2 * line - 4
        boxes["title"].append(QRectF(x - width / 2, top, width, lines * line))
    boxes["caption"] = [
        QRectF(0, 0, view.width(), caption_top(caption_rows(view), line))
    ]
    return boxes


@pytest.mark.parametrize("zoom", [100, 175])
@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
@pytest.mark.parametrize("network", ["mazur", "2-8-8-1"])
def test_no_label_overlaps_another_or_a_neuron(make_window, size, network, zoom):
    window = make_window(
        session=load_preset("mazur") if network == "mazur" else wide_session()
    )
    window.resize(*size)
    window.show()
    window.zoom.set_level(zoom, store=False)
    for _ in range(4):
        window.controls.next_phase.trigger()  # forward, backward, update, forward
    view = window.network_view
    boxes = label_boxes(view)
    if zoom == 100 and (network == "mazur" or size[0] >= 1920):  # room for them
        assert boxes["neuron text"]  # numbers are shown under the neurons
    if network == "mazur" and zoom == 100:
        assert (
            len(boxes["edge label"]) == (8 if size[0] > 1024 else 4)
            or boxes["edge label"]
        )
    everything = [(kind, box) for kind, found in boxes.items() for box in found]
    for (kind_a, a), (kind_b, b) in itertools.combinations(everything, 2):
        if kind_a == kind_b == "neuron":
            continue
        overlap = a.intersected(b)
        assert overlap.width() < 1 or overlap.height() < 1, (kind_a, a, kind_b, b)
    window.zoom.set_level(100, store=False)


def test_a_short_graph_shows_fewer_neurons_never_touching():
    """Found in a real-window trial: digits at 1024x700 drew 16 input neurons
    touching each other; now as many as fit 18 px apart, and the caption says
    how many."""
    import numpy as np

    from backprop_gui.qt.network_layout import MAX_NEURONS, compute_layout

    layers = [64, 32, 10]
    weights = [np.ones((64, 32)), np.ones((32, 10))]
    for height, expected in ((900, MAX_NEURONS), (260, None)):
        layout = compute_layout(layers, weights, 500, height, 16.0, 3)
        ys = sorted(c.y() for (layer, _), c in layout.centres.items() if layer == 0)
        assert min(b - a for a, b in zip(ys, ys[1:])) >= 18 - 1e-9
        assert 2 * layout.radius < 18
        if expected is not None:
            assert layout.shown[0] == expected
        else:
            assert 3 <= layout.shown[0] < MAX_NEURONS


def test_the_caption_names_the_edges_left_out_before_the_cut_layers(make_window):
    """At 1024x700 digits' caption was cut in its last note; the strongest-edges
    note, which nothing else says, came last. Cut layers also have their "+N
    more" markers."""
    window = make_window("digits")
    window.controls.next_phase.trigger()
    view = window.network_view
    notes = caption_notes(view, view._get_layout())
    assert notes[0].startswith("batch sample 1 = dataset row ")
    assert notes[1:] == [
        "120 strongest edges per layer",
        f"large layers show {notes[2].split()[3]} neurons and how many more",
    ]


def test_the_more_markers_get_the_room_their_text_needs_at_any_zoom(make_window):
    """At 175% and in Presentation mode digits' markers read "+52 mo": they
    were drawn in a fixed 80 px box whatever the font (trial). At 250% the
    text is wider than that: its ink reaches past the old box's edges."""
    from PySide6.QtWidgets import QApplication

    window = make_window("digits")
    window.resize(1920, 1080)
    window.zoom.set_level(250, store=False)
    QApplication.processEvents()
    view = window.network_view
    layout = view._get_layout()
    hidden = len(layout.shown) - 1  # the hidden layer's marker: away from edges
    centre = view.neuron_centre(hidden, layout.shown[hidden] - 1).toPoint()
    image = view.grab().toImage()

    def ink(x: int) -> bool:
        return any(
            max(image.pixelColor(x, y).getRgb()[:3]) < 90
            for y in range(centre.y() - 8, centre.y() + 9)
        )

    assert any(ink(centre.x() + dx) for dx in range(42, 80))
    assert any(ink(centre.x() - dx) for dx in range(42, 80))
    window.zoom.set_level(100, store=False)


class _TextRecorder:
    """A QPainter that records what drawText(rect, flags, text) draws."""

    def __init__(self, painter):
        self._painter, self.texts = painter, []

    def drawText(self, *args):
        if len(args) == 3 and isinstance(args[2], str):
            self.texts.append((args[0], args[2], self._painter.fontMetrics()))
        return self._painter.drawText(*args)

    def __getattr__(self, name):
        return getattr(self._painter, name)


def test_a_stale_loss_without_penalty_is_never_cut_in_the_caption(qtbot, make_window):
    """The caption's rows were decided on loss texts without " without
    penalty": at 150% a 580 px graph cut "loss …" to "oss …", and at 200%
    "(stale;" went off the stale line, which then read like a current loss
    (review)."""
    from PySide6.QtGui import QImage, QPainter
    from window_input import choose, press

    from backprop_gui.qt.network_captions import draw_captions, loss_texts

    window = make_window("digits")
    window.resize(1400, 900)
    choose(window, "sgd", l2="0.01")
    press(window, "F11")  # a pass with the penalty, then an update
    choose(window, "sgd", l2="0")  # the penalty dropped
    view = window.network_view
    assert loss_texts(view)[1].endswith("without penalty)")
    cut = []
    for zoom in (100, 150, 200):
        window.zoom.set_level(zoom, store=False)
        for width in range(500, 1200, 40):
            view.resize(width, 700)
            image = QImage(view.size(), QImage.Format.Format_ARGB32)
            painter = QPainter(image)
            recorder = _TextRecorder(painter)
            draw_captions(view, recorder, view._get_layout())
            painter.end()
            for rect, text, metrics in recorder.texts:
                if text.startswith(("loss", "(stale", "edges")):
                    if metrics.horizontalAdvance(text) > rect.width():
                        cut.append((zoom, width, text))
    window.zoom.set_level(100, store=False)
    assert cut == []
