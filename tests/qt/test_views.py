"""The graph on large networks, the dataset view, the decision boundary and
watches."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from backprop_gui.core import InitSpec, NetworkSpec, Session, load_preset
from backprop_gui.core.engine.keys import NeuronKey, ParameterKey
from backprop_gui.qt import network_layout


def big_session():
    spec = NetworkSpec([784, 128, 10], ["relu", "softmax"], "cross_entropy")
    x = np.random.default_rng(0).uniform(size=(16, 784))
    return Session.create(spec, InitSpec("he"), x, np.eye(10)[np.arange(16) % 10])


def test_large_layers_are_bounded_and_say_so(qtbot, make_window):
    window = make_window(session=big_session())
    view = window.network_view
    layout = view._get_layout()
    assert layout.shown == [network_layout.MAX_NEURONS, network_layout.MAX_NEURONS, 10]
    assert len(layout.edges) <= 2 * network_layout.MAX_EDGES
    # the strongest edges between the drawn neurons are the ones drawn
    w = window.debugger.trainer.params.weights[0][:15, :15]
    drawn = sorted(abs(v) for l, *_ij, v in layout.edges if l == 0)
    np.testing.assert_allclose(
        drawn, np.sort(np.abs(w).ravel())[-network_layout.MAX_EDGES :]
    )
    image = view.grab()  # paints without error
    assert image.width() > 0
    assert view.item_at(view.neuron_centre(0, 15)) is None  # the "+N more" slot


def test_gradient_overlay_uses_dw(qtbot, window):
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()
    window.show_gradients.setChecked(True)
    values = {(l, i, j): v for l, i, j, v in window.network_view._get_layout().edges}
    assert values[(1, 0, 0)] == window.debugger.trainer.backward_result.dW[1][0, 0]


def test_sample_selector_switches_the_values_shown(qtbot, make_window):
    window = make_window("batch-231")
    window.controls.next_phase.trigger()
    assert window.sample.maximum() == 2
    view = window.network_view
    a = window.debugger.trainer.forward_result.a[2]
    assert f"a = {a[0, 0]:.12g}" in view.values.neuron_tooltip(2, 0)
    window.sample.setValue(2)
    assert f"a = {a[1, 0]:.12g}" in view.values.neuron_tooltip(2, 0)


def test_dataset_view_highlights_the_current_minibatch(qtbot, make_window):
    session = load_preset("circles")
    session.batch_size, session.shuffle_seed = 10, 3
    window = make_window(session=session)
    model = window.dataset.model
    batch = set(window.debugger.trainer.current_batch().tolist())
    highlighted = {
        r
        for r in range(model.rowCount())
        if model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    }
    assert highlighted == batch and len(batch) == 10
    window.controls.next_phase.trigger()
    row = int(window.debugger.trainer.forward_result.samples[0])
    output = window.debugger.trainer.forward_result.a[-1][0, 0]
    assert model.index(row, 3).data() == f"{output:.8g}"
    note = window.dataset.note
    assert note.text() == "200 samples · batches of 10, shuffled"
    assert "the current batch is highlighted" in note.toolTip()


def test_the_dataset_note_is_short_with_the_words_in_its_tooltip(make_window):
    """At 1024x700 the Dataset dock's description took five lines beside its
    buttons and left room for five samples; now two or three."""
    note = make_window("iris").dataset.note
    assert note.text() == (
        "150 samples · full batch · 30 validation (v) · 3 classes · standardized"
    )
    assert "30 samples are held out for validation (rows marked v)" in note.toolTip()


def test_decision_boundary_tab(qtbot, make_window):
    from backprop_gui.core.debugger.decision_grid import output_grid

    window = make_window("circles")
    window.runner.run_chunk(50)
    window.plots.tabs.setCurrentWidget(window.plots.boundary)  # refreshes it
    boundary = window.plots.boundary
    assert boundary.stack.currentWidget() is boundary.plot
    grid = output_grid(window.debugger.trainer, 80, aspect=boundary._aspect)
    np.testing.assert_array_equal(boundary.image.image, grid.values.T)
    # the image fills the plot (issue 15: it was a small square in a wide plot),
    # with square pixels: as many data units per pixel across as up
    (x0, x1), (y0, y1) = boundary.view.viewRange()
    size = boundary.view.size()
    assert boundary.view.width() > 1.5 * boundary.view.height()  # a wide plot
    assert (x1 - x0) / size.width() == pytest.approx((y1 - y0) / size.height(), 0.02)
    rect = boundary.image.mapRectToParent(boundary.image.boundingRect())
    assert rect.left() <= x0 and rect.right() >= x1
    assert rect.top() <= y0 and rect.bottom() >= y1
    xs, ys = boundary.samples.getData()
    assert len(xs) == 200
    spec = NetworkSpec([3, 2, 1], ["tanh", "sigmoid"], "bce")
    window.files.install(Session.create(spec, InitSpec(), [[0, 1, 0]], [[1]]), None)
    window.plots.refresh()
    assert boundary.stack.currentWidget() is boundary.note


def test_the_decision_boundary_of_one_sample_has_a_unit_range(make_window):
    window = make_window("mazur")  # a single sample
    window.plots.tabs.setCurrentWidget(window.plots.boundary)
    (x0, x1), (y0, y1) = window.plots.boundary.view.viewRange()
    assert min(x1 - x0, y1 - y0) == pytest.approx(1.0)  # not ±1e-9
    assert x0 < 0.05 < x1 and y0 < 0.1 < y1


def test_watch_a_parameter_from_the_table_and_a_neuron_from_the_graph(qtbot, window):
    window.parameters.select_parameter(ParameterKey.weight(1, 0, 0))
    window.parameters.watch.click()
    window.network_view.watchRequested.emit(NeuronKey(2, 0))
    for _ in range(3):
        window.controls.step.trigger()
    plot = window.plots.watches
    assert window.plots.tabs.currentWidget() is plot
    assert [plot.list.item(k).text() for k in range(plot.list.count())] == [
        "W2[1→1]",
        "a of neuron 1 in layer 2",
    ]
    x, y = plot.curves[ParameterKey.weight(1, 0, 0)].getData()
    assert list(x) == [1, 2, 3] and y[0] == 0.35891647971788465
    plot.list.setCurrentRow(0)
    plot.remove_selected()
    assert window.debugger.watches.keys == [NeuronKey(2, 0)]


def test_edges_that_are_not_finite_are_dashed_not_a_strong_sign(qtbot, window):
    """The real-window trial saw NaN weights drawn as the thickest orange edges,
    as if they were the largest negative weights."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    from backprop_gui.qt.network_edges import NEGATIVE, edge_pen

    white, black = QColor("white"), QColor("black")
    for bad in (float("nan"), float("inf"), float("-inf")):
        pen = edge_pen(bad, 2.0, white, black)
        assert pen.style() == Qt.PenStyle.DashLine and pen.color() == black
    strong = edge_pen(-2.0, 2.0, white, black)
    assert strong.style() == Qt.PenStyle.SolidLine and strong.color() == NEGATIVE
    assert edge_pen(-1.0, 2.0, white, black).widthF() < strong.widthF()


def test_graph_captions_never_overlap(make_window):
    """Issue 15: at 1024x700 the phase caption ran into the loss caption."""
    from PySide6.QtGui import QFont, QFontMetrics

    from backprop_gui.qt.network_captions import PHASE_TEXT, caption_rows
    from backprop_gui.qt.network_layout import caption_top

    window = make_window("spirals")
    view = window.network_view
    window.controls.step.trigger()
    window.controls.next_phase.trigger()  # a stale loss: the longest caption
    trainer = window.debugger.trainer
    left = f"Update {trainer.step} · {PHASE_TEXT[trainer.last_phase]}"
    right = (
        f"edges: weights · loss {trainer.forward_result.loss:.8g} "
        f"(stale; now {trainer.preview().loss:.8g})"
    )
    bold = QFont(view.font())
    bold.setBold(True)
    for width in (300, 420, 600, 900, 1400):
        view.resize(width, 400)
        rows = caption_rows(view)
        layout = view._compute_layout()
        line = view.fontMetrics().height()
        if rows == 2:
            room = width - 24 - 16
            needed = QFontMetrics(bold).horizontalAdvance(left)
            assert needed + view.fontMetrics().horizontalAdvance(right) <= room
        assert layout.caption_rows == rows
        top_neuron = min(c.y() for c in layout.centres.values()) - layout.radius
        assert top_neuron >= caption_top(rows, line)  # below every caption line
    view.resize(440, 400)  # "(stale; next batch …)", the longest, fits a line
    assert caption_rows(view) == 3
    view.resize(250, 400)
    assert caption_rows(view) == 4  # "(stale; now …)" on a line of its own


def test_another_network_leaves_no_edge_highlighted(make_window):
    """Found in a real-window trial: after opening another preset the graph
    still highlighted the old selection while the table had none."""
    window = make_window("mazur")
    key = ParameterKey.weight(0, 0, 0)
    window.parameters.select_parameter(key)
    assert window.network_view.selected == key
    action = next(a for a in window.files.presets_menu.actions() if a.text() == "and")
    action.trigger()
    assert window.parameters.selected_key() is None
    assert window.network_view.selected is None
