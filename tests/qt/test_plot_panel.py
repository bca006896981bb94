"""The Plots dock: the loss and gradient-norm history, round ranges, log axes."""

import numpy as np


def test_plots_show_the_history(window):
    window.runner.run_chunk(20)
    window.plots.refresh()
    x, y = window.plots.loss_curve.getData()
    assert list(x) == list(range(1, 21))
    assert y[0] == 0.2983711087600027
    norms = window.debugger.metrics.grad_norms
    assert window.plots.norm_curves[1].yData is None  # hidden tabs wait until shown
    window.plots.tabs.setCurrentWidget(window.plots.norm_page)
    curve = window.plots.norm_curves[1]  # on a log axis: compare the data given
    assert curve.yData[0] == norms[0, 1]


def test_plot_ranges_are_round_and_stay_put_while_points_are_added(window):
    from backprop_gui.qt.plot_style import round_up

    assert [round_up(x) for x in (0.3, 1.0, 1.2, 20, 21, 499, 501)] == [
        0.5, 1.0, 2.0, 20, 50, 500, 1000,
    ]  # fmt: skip
    view = window.plots.loss_plot.getPlotItem().getViewBox()
    window.runner.run_chunk(21)
    window.plots.refresh()
    (x0, x1), (y0, y1) = view.viewRange()
    assert x0 < 0 < 50 < x1 < 52  # 0..50 padded by 2%
    assert y0 < 0 < 0.5 < y1 < 0.52  # the loss starts at 0.298: 0..0.5
    ranges = []
    view.sigRangeChanged.connect(lambda *args: ranges.append(args))
    for _ in range(5):
        window.runner.run_chunk(5)
        window.plots.refresh()
    assert ranges == []  # 46 updates: still inside 0..50, no axis relayout
    window.runner.run_chunk(10)
    window.plots.refresh()
    assert 100 < view.viewRange()[0][1] < 103
    # a zoom by hand is left alone; the "A" button gives the range back
    view.setRange(xRange=(10, 20), padding=0)
    view.sigRangeChangedManually.emit(view.state["mouseEnabled"])
    window.runner.run_chunk(50)
    window.plots.refresh()
    assert view.viewRange()[0] == [10, 20]
    view.enableAutoRange()
    window.plots.refresh()
    assert 200 < view.viewRange()[0][1] < 205


def test_log_axes_label_decades_only(window):
    axis = window.plots.norm_plot.getPlotItem().getAxis("left")
    levels = axis.logTickValues(-3.2, -0.9, 200, [])
    assert levels[0] == (1.0, [-3.0, -2.0, -1.0])
    # unlabelled: 7, 8, 9 x 1e-4, then 2..9 x 1e-3 and x 1e-2 (2 x 1e-1 is -0.7)
    expected = [7e-4, 8e-4, 9e-4] + [k * 1e-3 for k in range(2, 10)]
    expected += [k * 1e-2 for k in range(2, 10)]
    np.testing.assert_allclose(10 ** np.array(levels[1][1]), expected, rtol=1e-12)


def test_curves_break_where_the_samples_changed_and_labels_never_overlap(window):
    """A change of the data between updates 10 and 11 and another between 11 and
    12: no segment crosses either; both lines are drawn, but the second label,
    which would run into the first, is left out; the range reaches the marks."""
    from backprop_gui.core.debugger.data_edits import SetValue
    from backprop_gui.qt.change_marks import connections

    debugger = window.debugger
    window.runner.run_chunk(10)
    debugger.edit_data(SetValue(0, 0, 0.07))
    window.runner.run_chunk(1)
    debugger.edit_data(SetValue(0, 0, 0.09))
    window.plots.refresh()
    marks = window.plots.loss_marks
    assert [line.value() for line in marks.lines] == [10.5, 11.5]
    assert [x for x, _ in marks.ticks] == [10.5]  # 11.5 is a few pixels away
    steps = np.arange(1, 12)
    changes = debugger.data_changes.changes
    expected = [True] * 9 + [False, True]  # 10 -> 11 crosses the first line
    assert connections(steps, changes).tolist() == expected
    drawn = window.plots.loss_curve.opts["connect"]
    assert drawn.tolist() == connections(steps, changes).tolist()
    view = window.plots.loss_plot.getPlotItem().getViewBox()
    assert view.viewRange()[0][1] > 11.5  # the last line is on the plot
    window.plots.loss_plot.resize(6000, 300)  # wide: both labels fit
    marks.place_labels()
    assert [x for x, _ in marks.ticks] == [10.5, 11.5]


def test_legends_sit_above_the_data_and_take_no_room_when_hidden(make_window):
    """Legends covered the newest points and the marks' lines; above the data
    they cover nothing, and the loss plot's (hidden without a second curve)
    leaves no empty row."""
    window = make_window("iris")  # a validation split: two loss curves
    window.runner.run_chunk(5)
    plots = window.plots
    for plot, page in (
        (plots.loss_plot, 0),
        (plots.accuracy.plot, plots.tabs.indexOf(plots.accuracy)),
        (plots.norm_plot, plots.tabs.indexOf(plots.norm_page)),
        (plots.output_plot, plots.tabs.indexOf(plots.outputs_page)),
    ):
        plots.tabs.setCurrentIndex(page)
        plots.refresh()
        item = plot.getPlotItem()
        legend, view = item.legend, item.getViewBox()
        assert legend.isVisible() and legend.items
        assert legend.sceneBoundingRect().bottom() <= view.sceneBoundingRect().top()
    plain = make_window("mazur")  # the loss alone: no legend
    plain.plots.refresh()
    item = plain.plots.loss_plot.getPlotItem()
    assert not item.legend.isVisible()
    assert item.legend.geometry().height() == 0


def test_a_legend_wraps_its_entries_to_the_plots_width(qtbot, make_window):
    """Four loss entries (a penalty and a split) in one row were wider than the
    plot at 125% on 1024x700: the legend and the x axis were cut off
    ("validation (", trial). They wrap to rows that fit."""
    from window_input import choose, press

    window = make_window("iris")
    window.resize(1024, 700)
    choose(window, "sgd", l2="0.01")
    for _ in range(3):
        press(window, "F11")
    window.zoom.set_level(125, store=False)
    qtbot.wait(50)
    plot = window.plots.loss_plot
    window.plots.refresh()
    qtbot.wait(50)
    item = plot.getPlotItem()
    legend, view = item.legend, item.getViewBox()
    assert len(legend.items) == 4 and legend.isVisible()
    assert legend.sceneBoundingRect().right() <= plot.width()
    assert view.sceneBoundingRect().right() <= plot.width()
    assert legend.columnCount < 4  # in two rows at least
    window.zoom.set_level(100, store=False)


def test_the_accuracy_plot_reaches_a_mark_after_the_last_update(make_window):
    from backprop_gui.core.debugger.data_edits import SetValue

    window = make_window("iris")
    window.runner.run_chunk(10)
    window.debugger.edit_data(SetValue(0, 0, 1.25))
    plots = window.plots
    plots.tabs.setCurrentWidget(plots.accuracy)
    plots.refresh()
    view = plots.accuracy.plot.getPlotItem().getViewBox()
    view.updateAutoRange()
    assert [line.value() for line in plots.accuracy.marks.lines] == [10.5]
    assert view.viewRange()[0][1] > 10.5


def test_every_plot_against_the_update_has_the_same_round_x_range(make_window):
    """The Loss, Accuracy, Gradient norms and Watches tabs agreed on no x range
    (the accuracy and watch plots used pyqtgraph's auto-range); now all round
    out alike, and their axes tick at whole updates only. After one update
    only the Loss plot showed its point."""
    from backprop_gui.core.engine.keys import ParameterKey

    window = make_window("iris")
    plots = window.plots
    window.parameters.select_parameter(ParameterKey.weight(1, 0, 0))
    window.parameters.watch.click()
    window.controls.step.trigger()
    pages = {
        plots.loss_plot: 0,
        plots.accuracy.plot: plots.tabs.indexOf(plots.accuracy),
        plots.norm_plot: plots.tabs.indexOf(plots.norm_page),
        plots.watches.plot: plots.tabs.indexOf(plots.watches),
    }

    def x_ranges():
        found = []
        for plot, page in pages.items():
            plots.tabs.setCurrentIndex(page)
            plots.refresh()
            found.append(plot.getPlotItem().getViewBox().viewRange()[0])
        return found

    for low, high in x_ranges():  # one update: 0..1, ticks at 0 and 1 only
        assert low < 0 and 1 < high < 1.03
    # one point makes no line: each curve marks its points while they are few
    curves = [plots.loss_curve, plots.accuracy.batch_curve]
    curves += [c for c in plots.norm_curves if c is not None]
    curves += list(plots.watches.curves.values())
    for curve in curves:
        assert len(curve.getData()[0]) == 1 and curve.opts["symbol"] == "o"
    for plot in pages:
        axis = plot.getPlotItem().getAxis("bottom")
        ticks = [v for _, values in axis.tickValues(0, 1, 400) for v in values]
        assert ticks and all(v == int(v) for v in ticks)
    window.runner.run_chunk(36)
    assert len(set(map(tuple, x_ranges()))) == 1
    assert 50 < x_ranges()[0][1] < 51.1  # 37 updates: 0..50, padded by 2%


def test_a_watched_weight_fills_its_plot(make_window):
    """A weight moves little against its size: the Watches plot fits its values
    (a rounded range from 0 would draw a flat line), with the legend above."""
    from backprop_gui.core.engine.keys import ParameterKey

    window = make_window("mazur")
    window.parameters.select_parameter(ParameterKey.weight(1, 0, 0))
    window.parameters.watch.click()
    window.runner.run_chunk(30)
    plot = window.plots.watches
    window.plots.tabs.setCurrentWidget(plot)
    window.plots.refresh()
    view = plot.plot.getPlotItem().getViewBox()
    view.updateAutoRange()
    _, values = plot.curves[ParameterKey.weight(1, 0, 0)].getData()
    low, high = view.viewRange()[1]
    spread = values.max() - values.min()
    assert low > values.min() - spread and high < values.max() + spread
    legend = plot.plot.getPlotItem().legend
    assert legend.isVisible() and legend.items
    assert legend.sceneBoundingRect().bottom() <= view.sceneBoundingRect().top()


def test_reset_and_another_network_give_the_plots_their_first_range(make_window):
    """Found in a real-window trial: after Reset the Loss plot kept 0-9000, and
    a new xor session kept the range of the mazur session before it."""
    window = make_window("mazur")
    plots = window.plots
    view = plots.loss_plot.getPlotItem().getViewBox()
    window.runner.run_chunk(120)
    plots.refresh()
    assert view.viewRange()[0][1] > 200
    window.controls.reset.trigger()
    plots.refresh()
    assert view.viewRange()[0][1] < 1.03
    window.runner.run_chunk(120)
    plots.refresh()
    action = next(a for a in window.files.presets_menu.actions() if a.text() == "xor")
    action.trigger()  # the save prompt is answered Discard
    plots.refresh()
    assert window.debugger.session.name == "xor"
    assert view.viewRange()[0][1] < 1.03


def test_reset_gives_a_hand_zoomed_plot_its_range_back(make_window):
    window = make_window("mazur")
    view = window.plots.loss_plot.getPlotItem().getViewBox()
    window.runner.run_chunk(40)
    window.plots.refresh()
    view.setRange(xRange=(12, 38), padding=0)
    view.sigRangeChangedManually.emit(view.state["mouseEnabled"])
    window.controls.reset.trigger()
    window.plots.refresh()
    assert view.viewRange()[0][1] < 1.03
    window.runner.run_chunk(30)
    window.plots.refresh()
    assert 50 < view.viewRange()[0][1] < 51.1  # rounded again, not the hand's


def test_many_watches_leave_the_watch_plot_its_data(qtbot, make_window):
    """Twelve watches at 150% on 1024x700 wrapped into one column of entries
    growing down: the data area was 1 px tall (review). Two rows at most."""
    from backprop_gui.core.engine.keys import ParameterKey

    window = make_window("iris")
    window.controls.step.trigger()
    for i in range(4):
        for j in range(3):
            window.watch(ParameterKey.weight(0, i, j))
    plots = window.plots
    plots.tabs.setCurrentIndex(plots.tabs.indexOf(plots.watches))
    window.zoom.set_level(150, store=False)
    window.resize(1024, 700)
    qtbot.wait(50)
    plots.refresh()
    qtbot.wait(50)
    item = plots.watches.plot.getPlotItem()
    assert len(item.legend.items) == 12 and item.legend.rowCount <= 2
    assert item.vb.sceneBoundingRect().height() >= 50
    window.zoom.set_level(100, store=False)
