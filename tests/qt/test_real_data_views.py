"""Real data in the window, the views of samples: digit pictures and weight
images, validation rows marked in the dataset table, each sample's predicted
class, and the decision boundary's class names."""

from __future__ import annotations

import numpy as np
import pytest
from file_dialogs import accept_import, choose_file
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView

from backprop_gui.qt.boundary_plot import PALETTE
from backprop_gui.qt.image_views import DIVERGING, grid_columns


def _mosaic_shape(images, count: int = 32, side: int = 8) -> tuple:
    """The mosaic's pixels: cells of side + 1 (a gap), as many columns as
    make the pictures largest in the view."""
    view = images.graphics
    columns = grid_columns(count, view.width(), view.height())
    rows = -(-count // columns)
    return (rows * (side + 1) - 1, columns * (side + 1) - 1, 4)


def test_weight_pictures_fill_the_shape_of_their_view(qtbot, make_window):
    """A near-square grid left most of a wide, short dock empty (32 pictures
    of 17 px at 1024x700, trial): the grid takes the view's shape, and a new
    shape lays the drawn pictures out again."""
    assert grid_columns(32, 380, 115) == 11  # 3 rows of pictures 34 px wide
    assert grid_columns(32, 100, 100) == 6
    assert grid_columns(10, 100, 1000) == 1
    assert grid_columns(32, 0, 0) == 6  # not laid out yet: near-square
    window = make_window("digits")
    window.resize(1900, 700)
    window.show()
    qtbot.waitExposed(window)
    window.docks["weight_images"].toggleViewAction().trigger()
    images = window.weight_images
    qtbot.wait(100)  # laid out
    wide = images.image.image.shape
    assert wide == _mosaic_shape(images) and wide[1] > 2 * wide[0]
    reading = images.reading.text()
    window.resize(1024, 1000)  # narrower and taller: fewer columns
    qtbot.wait(100)
    assert images.image.image.shape == _mosaic_shape(images) != wide
    assert images.reading.text() == reading


def test_digit_pictures_and_weight_images_follow_training(make_window):
    from backprop_gui.qt.network_edges import NEGATIVE, POSITIVE

    # the graph's colours: a red-blue map read the other way round beside it
    ends = DIVERGING.map([0.0, 1.0], mode="qcolor")
    assert [c.name() for c in ends] == [NEGATIVE.name(), POSITIVE.name()]
    window = make_window("digits")
    picture = window.dataset.picture
    assert picture.isVisibleTo(window)
    assert picture.caption.text() == "Sample 1: 0"
    window.docks["weight_images"].toggleViewAction().trigger()
    images = window.weight_images
    assert images.image.image.shape == _mosaic_shape(images)

    def first_pixel() -> list[int]:
        w = window.debugger.session.params.weights[0]
        scale = np.abs(w[:, 0]).max()  # neuron 1's own scale
        return DIVERGING.map([(w[0, 0] / scale + 1) / 2], mode="byte")[0]

    assert images.image.image[0, 0].tolist() == list(first_pixel())
    window.controls.step.trigger()
    window.bridge._emit_refresh()
    assert images.image.image[0, 0].tolist() == list(first_pixel())
    assert images.reading.text().startswith("Step 1: scales ±")
    assert images.caption.text().startswith("W1 into each of the 32 neurons")
    iris = make_window("iris")
    assert not iris.dataset.picture.isVisibleTo(iris)
    iris.docks["weight_images"].toggleViewAction().trigger()
    assert "4 inputs" in iris.weight_images.note.text()


@pytest.mark.parametrize("preset", ["iris", "digits"])
def test_validation_rows_are_marked_in_the_dataset_table(make_window, preset):
    window = make_window(preset)
    model = window.dataset.model
    held = set(window.debugger.trainer.validation_rows().tolist())
    marked = {
        r
        for r in range(model.rowCount())
        if model.headerData(r, Qt.Orientation.Vertical).endswith(" v")
    }
    assert marked == held


def test_the_dataset_table_shows_each_samples_predicted_class(make_window):
    """The predicted column names the class of the largest output for the rows of
    the latest forward pass, marks wrong ones, and greys out once stale."""
    from backprop_gui.qt.dataset_view import PREDICTED_TIP, STALE_TIP, WRONG
    from backprop_gui.qt.param_rows import VALUE

    window = make_window("iris")
    for _ in range(4):
        window.controls.step.trigger()
    window.controls.next_phase.trigger()  # the forward pass of update 5
    model = window.dataset.model
    column = model.columnCount() - 1
    assert model.headerData(column, Qt.Orientation.Horizontal) == "predicted"
    texts = [model.data(model.index(r, column)) for r in range(150)]
    training = window.debugger.session.split_rows()[0]
    assert {r for r, t in enumerate(texts) if t} == set(training.tolist())
    right = sum(1 for t in texts if t and not t.startswith(WRONG))
    # a count by hand, against the accuracy the metrics recorded for the batch
    accuracy = window.debugger.metrics.batch_accuracy[-1]
    assert right == round(accuracy * len(training))
    outputs = window.debugger.trainer.forward_result.a[-1]
    row = int(training[0])
    names = ["setosa", "versicolor", "virginica"]
    assert texts[row].removeprefix(WRONG) == names[int(np.argmax(outputs[0]))]
    assert model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole) == (
        PREDICTED_TIP
    )
    params = window.param_model
    assert params.setData(params.index(0, VALUE), "2.5")  # the pass is stale now
    cell = model.cell(row, column)
    assert cell.stale and cell.text == texts[row].removeprefix(WRONG)
    assert model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole) == (
        STALE_TIP
    )


def test_the_decision_boundary_names_the_classes(make_window, monkeypatch, tmp_path):
    window = make_window("blobs")  # 2-8-3, softmax
    path = tmp_path / "three.csv"
    path.write_text("a,b,kind\n0,0,cat\n1,0,dog\n0,1,emu\n1,1,cat\n")
    choose_file(monkeypatch, path)
    accept_import(monkeypatch, "3: kind")
    window.data.import_dataset.trigger()
    window.plots.tabs.setCurrentWidget(window.plots.boundary)
    legend = window.plots.boundary.legend
    assert [label.text for _sample, label in legend.items] == ["cat", "dog", "emu"]


@pytest.mark.parametrize(
    "preset, names",
    [("xor", ["y1 = 0", "y1 = 1"]), ("blobs", ["y1 = 1", "y2 = 1", "y3 = 1"])],
)
def test_the_decision_boundary_says_what_colours_mean_without_classes(
    make_window, preset, names
):
    """Found in a real-window look: xor's blue and orange samples had no legend."""
    window = make_window(preset)
    assert window.debugger.session.classes is None
    window.plots.tabs.setCurrentWidget(window.plots.boundary)
    boundary = window.plots.boundary
    assert [label.text for _sample, label in boundary.legend.items] == names
    targets = window.debugger.session.targets
    expected = targets.argmax(1) if targets.shape[1] > 1 else targets[:, 0] > 0.5
    brushes = [b.color().name() for b in boundary.samples.data["brush"]]
    assert brushes == [PALETTE[int(k)] for k in expected]


def test_the_outputs_plot_greys_a_stale_pass_and_survives_removed_samples(
    make_window,
):
    """Found reading the Outputs tab: after an update or an edit its points
    (the pass before) looked current; after Remove sample of the last row it
    raised IndexError (it looked the pass's rows up in today's targets)."""
    from backprop_gui.qt.outputs_plot import OUTPUT_BRUSH, STALE_BRUSH

    current, stale = OUTPUT_BRUSH.color().name(), STALE_BRUSH.color().name()
    window = make_window("iris")
    page = window.plots.outputs_page
    window.plots.tabs.setCurrentWidget(page)

    def drawn():
        window.plots.refresh()
        return list(page.outputs.data["x"]), page.outputs.opts["brush"].color().name()

    window.controls.next_phase.trigger()  # forward: current
    assert drawn() == (
        list(window.debugger.trainer.forward_result.samples + 1),
        current,
    )
    assert page.stale_note.text() == ""
    fwd = window.debugger.trainer.forward_result
    np.testing.assert_array_equal(page.outputs.data["y"], fwd.a[-1][:, 0])
    window.controls.step.trigger()  # backward and update: the pass is stale
    assert drawn()[1] == stale and "stale" in page.stale_note.text()
    window.controls.next_phase.trigger()
    model = window.dataset.model
    assert model.setData(model.index(0, 0), "1.5")  # an input edit: stale
    assert drawn()[1] == stale
    window.controls.next_phase.trigger()
    assert drawn()[1] == current
    window.dataset.table.selectRow(149)
    window.dataset.remove.click()  # the pass's rows are other samples now
    assert drawn()[0] == [] and "removed" in page.stale_note.text()
    window.controls.next_phase.trigger()
    assert len(drawn()[0]) == 119 and page.stale_note.text() == ""


def test_the_outputs_plot_shows_the_targets_its_pass_compared_with(make_window):
    window = make_window("mazur")
    page = window.plots.outputs_page
    window.plots.tabs.setCurrentWidget(page)
    window.controls.next_phase.trigger()
    model = window.dataset.model
    assert model.setData(model.index(0, 2), "0.5")  # y1: 0.01 -> 0.5
    window.plots.refresh()
    assert page.targets.data["y"].tolist() == [0.01]  # with its stale output
    assert "stale" in page.stale_note.text()
    window.controls.next_phase.trigger()
    window.plots.refresh()
    assert page.targets.data["y"].tolist() == [0.5] and page.stale_note.text() == ""


def test_dataset_columns_keep_a_readable_width(make_window, monkeypatch, tmp_path):
    """Found in a real-window trial: after importing a CSV with a class label
    into blobs, 8 columns shared the dock's 390 px: predictions read "6…" and
    "0.…", the title "edicte". Columns now share the width only while each
    gets 60 px, and otherwise keep 84 px, whatever the import or the dock's
    width."""
    from backprop_gui.qt.dataset_panel import SHARED_WIDTH

    window = make_window("blobs")
    window.resize(1024, 700)
    path = tmp_path / "animals.csv"
    kinds = ["cat", "dog", "emu"]
    rows = [f"{k % 7 / 3},{k % 5 / 7},{kinds[k % 3]}" for k in range(30)]
    path.write_text("a,b,kind\n" + "\n".join(rows) + "\n")
    choose_file(monkeypatch, path)
    accept_import(monkeypatch, "3: kind")
    window.data.import_dataset.trigger()
    model, table = window.dataset.model, window.dataset.table
    header = table.horizontalHeader()

    def readable() -> bool:
        if header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch:
            least = SHARED_WIDTH
        else:
            least = 84
        return all(
            header.sectionSize(c)
            >= max(least, header.sectionSizeFromContents(c).width())
            for c in range(model.columnCount())
        )

    for width in (300, 1400, 500):  # the dock narrowed, widened, narrowed
        table.resize(width, 300)
        QApplication.processEvents()
        assert readable(), width
    table.resize(2000, 300)
    QApplication.processEvents()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch


def test_steps_with_the_weight_images_open_do_not_lay_the_window_out_again(
    make_window, qtbot
):
    """The step and the scales change at every Step, on a line of fixed size: a
    word-wrapped caption laid the whole main window out again each time."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QWidget
    from widget_events import EventLog

    window = make_window("digits")
    window.docks["weight_images"].toggleViewAction().trigger()
    for _ in range(3):
        window.controls.step.trigger()
        window.bridge._emit_refresh()
    qtbot.wait(20)
    # the dock and its widgets (the plots and the status bar have their own
    # reasons: an axis whose labels grow)
    dock = window.docks["weight_images"]
    log = EventLog(QEvent.Type.LayoutRequest, [dock, *dock.findChildren(QWidget)])
    requests = log.seen
    texts = set()
    for _ in range(10):
        window.controls.step.trigger()
        window.bridge._emit_refresh()
        qtbot.wait(5)
        texts.add(window.weight_images.reading.text())
    assert len(texts) == 10 and not requests
    reading = window.weight_images.reading
    assert reading.width() >= reading.fontMetrics().horizontalAdvance(reading.text())
