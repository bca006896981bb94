"""Real data in the window, the views of samples: digit pictures and weight
images, validation rows marked in the dataset table, each sample's predicted
class, and the decision boundary's class names."""

from __future__ import annotations

import numpy as np
import pytest
from file_dialogs import accept_import, choose_file
from PySide6.QtCore import Qt

from backprop_gui.qt.image_views import DIVERGING


def test_digit_pictures_and_weight_images_follow_training(make_window):
    window = make_window("digits")
    picture = window.dataset.picture
    assert picture.isVisibleTo(window)
    assert picture.caption.text() == "Sample 1: 0"
    window.docks["weight_images"].toggleViewAction().trigger()
    images = window.weight_images
    assert images.image.image.shape == (53, 53, 4)  # 32 neurons: 6×6 cells of 8+1

    def first_pixel() -> list[int]:
        w = window.debugger.session.params.weights[0]
        scale = np.abs(w[:, 0]).max()  # neuron 1's own scale
        return DIVERGING.map([(w[0, 0] / scale + 1) / 2], mode="byte")[0]

    assert images.image.image[0, 0].tolist() == list(first_pixel())
    window.controls.step.trigger()
    window.bridge._emit_refresh()
    assert images.image.image[0, 0].tolist() == list(first_pixel())
    assert images.caption.text().startswith("Step 1:")
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
