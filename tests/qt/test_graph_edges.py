"""The graph's edges are drawn a pen at a time (strengths in LEVELS steps): each
edge still gets its own colour and width, weaker edges go under stronger ones."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from widget_events import edge_smoothness
from window_input import press

from backprop_gui.core import InitSpec, NetworkSpec, Session
from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.qt.network_edges import LEVELS, NOT_FINITE, edge_groups, edge_pen
from backprop_gui.qt.param_rows import VALUE


def test_groups_cover_every_edge_once_weakest_first():
    rng = np.random.default_rng(1)
    values = rng.normal(size=500) * 10.0 ** rng.integers(-3, 3, 500)
    values[[3, 77]] = [np.nan, -np.inf]
    groups = edge_groups(values)
    positions = np.concatenate([p for _, p in groups])
    assert sorted(positions) == list(range(500))
    keys = [k for k, _ in groups]
    assert keys == sorted(set(keys)) and keys[-1] == NOT_FINITE  # last, on top
    assert sorted(groups[-1][1]) == [3, 77]
    biggest = np.abs(values[np.isfinite(values)]).max()
    for key, members in groups[:-1]:
        level, negative = divmod(key, 2)
        for p in members:
            assert (values[p] < 0) == bool(negative)
            strength = min(1.0, abs(values[p]) / biggest)
            assert abs(level / (LEVELS - 1) - strength) <= 0.5 / (LEVELS - 1)


@pytest.mark.parametrize("presenting", [False, True])
def test_each_edge_has_its_sign_colour_and_width(make_window, presenting):
    """In Presentation mode too: the pens are made once per colours and mode
    (a normal picture first, so a pen kept from it would show)."""
    spec = NetworkSpec([1, 1, 1], ["tanh", "sigmoid"], "mse")
    session = Session.create(spec, InitSpec("he"), np.ones((1, 1)), np.ones((1, 1)))
    window = make_window(session=session)
    model = window.param_model
    weights = {0: 2.0, 1: -0.5}  # the strongest edge, and one a quarter as strong
    for l, value in weights.items():
        row = model.row_of(ParameterKey.weight(l, 0, 0))
        assert model.setData(model.index(row, VALUE), repr(value))
    view = window.network_view
    view.resize(600, 300)
    view.repaint()
    view.set_presentation(presenting)
    view.repaint()
    image = view.grab().toImage()
    layout = view._get_layout()
    boxes = list(view.edge_label_boxes(layout, view.fontMetrics()).values())
    white, black = view.palette().base().color(), view.palette().text().color()
    for l, value in weights.items():
        pen = edge_pen(value, 2.0, white, black, presenting)
        a, b = view.neuron_centre(l, 0), view.neuron_centre(l + 1, 0)
        assert abs(a.y() - b.y()) < 1  # one neuron per layer: a level line
        for t in (0.3, 0.4, 0.5, 0.6, 0.7):
            x = a.x() + (b.x() - a.x()) * t
            point = QPointF(x, a.y())
            if any(box.adjusted(-3, -3, 3, 3).contains(point) for box in boxes):
                continue  # under a label
            colour = image.pixelColor(round(x), round(a.y()))
            expected = pen.color()
            assert (
                max(
                    abs(colour.red() - expected.red()),
                    abs(colour.green() - expected.green()),
                    abs(colour.blue() - expected.blue()),
                )
                <= 8
            ), (value, colour.getRgb(), expected.getRgb())
            column = [
                image.pixelColor(round(x), y)
                for y in range(round(a.y()) - 10, round(a.y()) + 11)
            ]
            inked = sum(_distance(c, white) > 40 for c in column)
            assert abs(inked - pen.widthF()) <= 1.5, (value, inked, pen.widthF())
            break
        else:
            raise AssertionError("every sample point lies under a label")


def _distance(a: QColor, b: QColor) -> float:
    return math.dist(a.getRgb()[:3], b.getRgb()[:3])


def test_a_run_draws_many_edges_rough_and_pause_draws_them_smooth(make_window, qtbot):
    from backprop_gui.qt.network_edges import ROUGH_WHILE_RUNNING, smooth_edges

    window = make_window("digits")
    view = window.network_view
    layout = view._get_layout()
    assert len(layout.edges) > ROUGH_WHILE_RUNNING
    qtbot.waitUntil(lambda: smooth_edges(view, layout))
    window.controls.run.trigger()  # Run, as the toolbar button does
    assert window.runner.running and not smooth_edges(view, layout)
    qtbot.wait(50)
    painted = edge_smoothness(view)
    window.controls.run.trigger()  # Pause
    assert not window.runner.running
    qtbot.waitUntil(lambda: bool(painted))  # drawn again at once, and smooth
    assert painted[0] is True
    small = make_window("mazur")  # few edges: smooth even while running
    small.controls.run.trigger()
    layout = small.network_view._get_layout()
    assert small.runner.running and smooth_edges(small.network_view, layout)
    small.controls.run.trigger()


def test_a_step_draws_many_edges_rough_then_smooth_once_the_numbers_settle(
    make_window, qtbot
):
    """The Step's new numbers are painted at once with rough edges (3 ms, not
    8-11 for digits' 240), then the graph paints smooth once they stood still
    for SETTLE_MS; each Step starts that time again. A small graph stays
    smooth. (The settling time is made a minute while the rough pictures are
    checked: a busy machine may take longer than SETTLE_MS for a Step.)"""
    from backprop_gui.qt.network_edges import SETTLE_MS, smooth_edges

    window = make_window("digits")
    view = window.network_view
    window.activateWindow()  # its activation repaints the graph, smooth
    assert QTest.qWaitForWindowActive(window, 2000)
    qtbot.waitUntil(lambda: smooth_edges(view, view._get_layout()))
    qtbot.wait(20)
    painted = edge_smoothness(view)
    view._settle.setInterval(60_000)
    for step in (1, 2):
        first = len(painted)
        press(window, "F11")  # Step (one whole update)
        assert window.debugger.trainer.step == step and view.settling
        qtbot.waitUntil(lambda first=first: len(painted) > first)
        assert painted[first] is False  # the new numbers at once, rough
    assert not any(painted), painted  # not one smooth paint while settling
    view._settle.setInterval(SETTLE_MS)
    view._settle.start()
    qtbot.waitUntil(lambda: not view.settling and painted[-1])  # then smooth
    small = make_window("mazur")
    small.controls.step.trigger()
    assert small.network_view.settling
    assert smooth_edges(small.network_view, small.network_view._get_layout())


def test_only_a_drawn_edge_gets_the_selection_halo(make_window):
    """Selecting a weight whose edge is not among the strongest drawn (from the
    parameter table) draws no halo over nothing."""
    window = make_window("digits")
    view = window.network_view
    layout = view._get_layout()
    drawn = {edge[:3] for edge in layout.edges}
    hidden_edge = next(
        (l, i, j)
        for (l, i), _ in layout.centres.items()
        for j in range(window.debugger.session.spec.layers[l + 1] if l < 2 else 0)
        if (l + 1, j) in layout.centres and (l, i, j) not in drawn
    )

    def pixels():
        image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        return np.frombuffer(image.constBits(), np.uint8).copy()

    view.select(None)
    plain = pixels()

    def halo_pixels(key):  # how many pixels selecting ``key`` changes
        view.select(key)
        return int((pixels() != plain).sum())

    assert halo_pixels(ParameterKey.weight(*hidden_edge)) == 0
    assert halo_pixels(ParameterKey.weight(*next(iter(drawn)))) > 0


@pytest.mark.parametrize(
    "preset, bias, ringed",
    [("batch-231", 0, [0]), ("batch-231", 2, [2]), ("mazur", 0, [0, 1])],
)
def test_a_selected_bias_rings_its_neurons_only(make_window, preset, bias, ringed):
    """Found in a real-window trial: selecting b1[1] in a per-neuron network
    ringed every neuron of the layer (target 0 was taken for a shared bias).
    mazur shares one bias per layer: it rings them all."""
    window = make_window(preset)
    window.show()
    view = window.network_view
    window.parameters.select_parameter(ParameterKey.bias(0, bias))
    layout = view._get_layout()
    image = view.grab().toImage()
    ratio = view.devicePixelRatioF()
    hidden = window.debugger.session.spec.layers[1]

    def ring(n):  # the halo just outside the border, where no edge crosses it
        centre, d = layout.centres[1, n], layout.radius + 3
        for dx, dy in ((d, 0), (-d, 0), (0, d), (0, -d)):
            point = QPointF(centre.x() + dx, centre.y() + dy) * ratio
            colour = image.pixelColor(point.toPoint())
            if colour.red() > 200 and colour.green() > 180 and colour.blue() < 150:
                return True
        return False

    assert [n for n in range(hidden) if ring(n)] == ringed
