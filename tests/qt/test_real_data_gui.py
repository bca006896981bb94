"""Real data in the window: importing a labelled CSV (with standardizing, a
reference to the file, progress and cancel), the validation split setting,
accuracy in the status bar and plot, the confusion matrix, image views and the
boundary legend, all through the menus, dialogs and models the user touches."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from real_data import IRIS, RESOURCES

from backprop_gui.qt import import_dialog
from backprop_gui.qt.image_views import DIVERGING
from backprop_gui.qt.import_dialog import ImportDatasetDialog
from backprop_gui.qt.settings_dialog import SettingsDialog


def choose_file(monkeypatch, path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )


def accept_import(monkeypatch, label: str | None, standardize=False, refer=False):
    """File → Import dataset CSV's dialog, answered as a user would."""

    def exec_(dialog: ImportDatasetDialog) -> int:
        if label is not None:
            dialog.label.setCurrentIndex(dialog.label.findText(label))
        dialog.standardize.setChecked(standardize)
        dialog.refer.setChecked(refer)
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        assert ok.isEnabled(), dialog.error.text()
        return 1

    monkeypatch.setattr(ImportDatasetDialog, "exec", exec_)


def test_import_a_labelled_csv_standardized_and_undo_it(make_window, monkeypatch):
    window = make_window("iris")
    before = window.debugger.session
    old = (before.inputs, before.classes, before.input_scaling, before.dataset)
    preset_text = before.description
    choose_file(monkeypatch, IRIS)
    accept_import(monkeypatch, "5: species", standardize=False)
    window.data.import_dataset.trigger()
    session = window.debugger.session
    raw = np.loadtxt(IRIS, delimiter=",", skiprows=1, usecols=range(4))
    assert session.inputs.tolist() == raw.tolist()  # not standardized this time
    assert session.classes == ["setosa", "versicolor", "virginica"]
    assert session.input_scaling is None and session.dataset is None
    assert "150 samples" in window.messages.text() and "3 classes" in (
        window.messages.text()
    )
    model = window.dataset.model
    assert model.headerData(7, Qt.Orientation.Horizontal) == "class"  # after y3
    assert model.data(model.index(149, 7)) == "virginica"
    # the preset's description no longer describes the data: the line over the
    # graph says what replaced them; the old text follows, introduced as such
    shown = "Data replaced: iris.csv, 3 classes."
    assert window.description.text() == shown  # its first line
    assert window.description.toolTip().endswith("before.\n\n" + preset_text)
    window.undo_action.trigger()
    now = window.debugger.session
    assert now.inputs is old[0]
    assert (now.classes, now.input_scaling, now.dataset) == old[1:]
    assert now.description == preset_text
    assert window.description.toolTip() == preset_text
    window.redo_action.trigger()
    assert window.description.text().startswith(shown)


def test_a_large_file_is_read_after_ok_and_can_be_cancelled(
    make_window, monkeypatch, tmp_path
):
    window = make_window("iris")
    path = tmp_path / "iris.csv"
    lines = IRIS.read_text().splitlines()
    path.write_text("\n".join(lines[:1] + lines[1:] * 80) + "\n")  # 12,000 rows
    monkeypatch.setattr(import_dialog, "LIVE_BYTES", 100)  # "large": read after OK
    choose_file(monkeypatch, path)
    accept_import(monkeypatch, "5: species", standardize=True, refer=True)
    before = window.debugger.session.inputs
    from backprop_gui.qt import import_export_actions

    real = import_export_actions.progress_reporter
    calls = []

    def cancelling(*args):
        dialog, _report = real(*args)

        def cancel(done, _total) -> bool:
            calls.append(done)
            return False  # the user pressed Cancel

        return dialog, cancel

    monkeypatch.setattr(import_export_actions, "progress_reporter", cancelling)
    window.data.import_dataset.trigger()
    assert calls and window.debugger.session.inputs is before
    assert "Import cancelled" in window.messages.text()
    monkeypatch.setattr(import_export_actions, "progress_reporter", real)
    window.data.import_dataset.trigger()
    session = window.debugger.session
    assert session.dataset["csv"] == str(path) and session.input_scaling is not None
    np.testing.assert_allclose(session.inputs.mean(axis=0), 0, atol=1e-14)
    assert window.files._save_to(str(tmp_path / "s.json"))
    assert '"csv": "iris.csv"' in (tmp_path / "s.json").read_text()


def test_the_import_dialog_shows_classes_and_refuses_a_label_as_input(
    qtbot, make_window
):
    window = make_window("iris")
    dialog = ImportDatasetDialog(str(IRIS), window.debugger.session.spec)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    # the one column of names is taken for the class labels at once
    assert dialog.label.currentText() == "5: species"
    assert ok.isEnabled() and not dialog.targets.isEnabled()
    dialog.label.setCurrentIndex(0)  # no label: columns 1-4 | 5-7, 5 is text
    assert not ok.isEnabled() and "'setosa' is not a number" in dialog.error.text()
    dialog.label.setCurrentIndex(dialog.label.findText("5: species"))
    assert ok.isEnabled()
    assert "classes: setosa, versicolor, virginica" in dialog.header.text()
    dialog.inputs.setText("1, 2, 3, 5")
    assert not ok.isEnabled() and "the label" in dialog.error.text()


def test_validation_split_setting_accuracy_status_and_confusion(
    make_window, monkeypatch
):
    window = make_window("iris")

    def exec_(dialog: SettingsDialog) -> int:
        dialog.validation.setValue(30)
        dialog.validation_seed.setValue(5)
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    window.controls.settings.trigger()
    session = window.debugger.session
    assert (session.validation.fraction, session.validation.seed) == (0.3, 5)
    assert session.n_training == 105
    for _ in range(3):
        window.controls.step.trigger()
    assert window.evaluations.wait()
    scores = window.debugger.evaluation()
    text = window.counters.accuracy.text()
    assert text == (
        f"Accuracy: train {100 * scores.training.accuracy:.1f}% · "
        f"val. {100 * scores.validation.accuracy:.1f}%"
    )
    window.docks["confusion"].toggleViewAction().trigger()
    view = window.confusion
    view.part.setCurrentIndex(1)
    counts = [[int(view.table.item(r, c).text()) for c in range(3)] for r in range(3)]
    assert counts == scores.validation.confusion.tolist()
    model = window.param_model
    model.setData(model.index(0, 1), 3.0)  # an edit: the counts are stale now
    assert not window.evaluations.is_current() or window.evaluations.wait()
    stale_or_new = window.counters.accuracy.text()
    assert "(at step 3)" in stale_or_new or window.evaluations.is_current()
    assert window.evaluations.wait()
    assert "(at step" not in window.counters.accuracy.text()
    window.undo_action.trigger()  # the edit
    window.undo_action.trigger()  # the split
    assert window.debugger.session.validation.fraction == 0.2  # the preset's


def test_a_split_that_leaves_no_samples_is_refused_in_settings(qtbot, make_window):
    window = make_window("xor")  # 4 samples: 10% holds none out
    dialog = SettingsDialog(window)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.validation.setValue(10)
    assert not ok.isEnabled() and "leaves no validation samples" in (
        dialog.error.text()
    )
    dialog.validation.setValue(25)
    assert ok.isEnabled()


def test_accuracy_plot_and_validation_loss_curve(make_window):
    window = make_window("iris")
    window.runner.run_chunk(30)
    plots = window.plots
    plots.tabs.setCurrentWidget(plots.accuracy)
    history = window.debugger.metrics
    assert (
        plots.accuracy.batch_curve.yData.tolist()
        == (100 * history.batch_accuracy).tolist()
    )
    assert len(plots.accuracy.validation_curve.yData) == 30  # full batch: each
    plots.tabs.setCurrentIndex(0)
    assert plots.validation_curve.isVisible()
    assert plots.validation_curve.yData.tolist() == history.validation_loss.tolist()


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


def test_opening_a_session_that_refers_to_a_csv_can_be_cancelled(
    make_window, monkeypatch, tmp_path
):
    from backprop_gui.core.io.dataset_csv import load_dataset_for
    from backprop_gui.core.io.presets import load_preset
    from backprop_gui.core.io.session_file import save_session
    from backprop_gui.qt import file_actions

    lines = IRIS.read_text().splitlines()
    (tmp_path / "big.csv").write_text("\n".join(lines[:1] + lines[1:] * 80) + "\n")
    session = load_preset("iris")
    data = load_dataset_for(session.spec, tmp_path / "big.csv", label_column="species")
    session.inputs, session.targets = data.inputs, data.targets
    session.input_scaling, session.dataset = None, data.info.source
    save_session(session, tmp_path / "s.json")
    window = make_window("mazur")
    real = file_actions.progress_reporter

    def cancelling(*args):
        dialog, _report = real(*args)
        return dialog, lambda done, total: False

    monkeypatch.setattr(file_actions, "progress_reporter", cancelling)
    assert not window.files.open_path(str(tmp_path / "s.json"), ask=False)
    assert window.debugger.session.name == "mazur"
    assert "Opening cancelled" in window.messages.text()
    monkeypatch.setattr(file_actions, "progress_reporter", real)
    assert window.files.open_path(str(tmp_path / "s.json"), ask=False)
    assert window.debugger.session.n_samples == 12_000


def test_a_new_session_drops_the_old_sessions_evaluation(make_window):
    window = make_window("iris")
    window.controls.step.trigger()
    assert window.evaluations.wait()
    window.files.open_path(str(RESOURCES / "presets" / "xor.json"), ask=False)
    assert window.evaluations.latest is None and not window.evaluations.wanted()
    assert window.counters.accuracy.isHidden()
    window.files.open_path(str(RESOURCES / "presets" / "digits.json"), ask=False)
    assert window.evaluations.wait()
    assert window.evaluations.latest.training.confusion.shape == (10, 10)


def test_the_plots_mark_where_the_samples_changed(make_window, monkeypatch):
    """A split changed in Settings and a file imported from the File menu draw a
    dashed line between the updates before and after; Undo of the import, Back
    one update and Reset take theirs away."""
    window = make_window("iris")

    def exec_(dialog: SettingsDialog) -> int:
        dialog.validation.setValue(30)
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    for _ in range(3):
        window.controls.step.trigger()
    window.controls.settings.trigger()
    for _ in range(2):
        window.controls.step.trigger()
    choose_file(monkeypatch, IRIS)
    # not standardized: other numbers (the same file standardized as the preset
    # is gives the same samples, and no mark)
    accept_import(monkeypatch, "5: species", standardize=False)
    window.data.import_dataset.trigger()
    window.controls.step.trigger()
    plots = window.plots

    def marks(on) -> list:
        """Where the lines are and what changed there; the labels over the plot
        are at lines, the first one always labelled."""
        lines = [line.value() for line in on.lines]
        assert on.axis.isVisible() == bool(on.lines)
        assert {x for x, _ in on.ticks} <= set(lines)
        assert on.ticks[:1] == [(c.position, c.what) for c in on.changes[:1]]
        return [(x, c.what) for x, c in zip(lines, on.changes)]

    both = [(3.5, "validation split changed"), (5.5, "data changed")]
    assert marks(plots.loss_marks) == both
    drawn = plots.loss_plot.getPlotItem().items
    assert all(line in drawn for line in plots.loss_marks.lines)
    plots.tabs.setCurrentWidget(plots.accuracy)
    assert marks(plots.accuracy.marks) == both
    plots.tabs.setCurrentWidget(plots.norm_page)
    assert marks(plots.norm_marks) == both
    assert "After update 5: data changed" in plots.norm_marks.lines[1].toolTip()
    window.controls.back_update.trigger()  # to update 5, the import made there
    window.undo_action.trigger()  # the import, before any phase ran on it
    assert marks(plots.norm_marks) == both[:1]
    window.controls.reset.trigger()
    assert marks(plots.norm_marks) == []
    assert not any(isinstance(i, pg.InfiniteLine) for i in plots.norm_plot.items())


@pytest.mark.parametrize("width, steps_aside", [(1024, True), (1920, False)])
def test_a_message_gets_room_in_a_narrow_status_bar(
    make_window, monkeypatch, width, steps_aside
):
    """At 1024 px the counters left a message one word wide ("Imported 150"):
    the step and phase counters (the graph's caption shows both) step aside
    while it shows, and come back after it."""
    window = make_window("iris")
    window.resize(width, 700)
    window.controls.step.trigger()
    choose_file(monkeypatch, IRIS)
    accept_import(monkeypatch, "5: species")
    window.data.import_dataset.trigger()
    message = window.messages.text()
    assert message.startswith("Imported 150 samples from iris.csv (3 classes)")
    counters = window.counters
    assert counters.step.isHidden() == steps_aside  # the first to step aside
    bar = window.statusBar()
    others = [c for c in (counters.phase, counters.loss, counters.accuracy)]
    room = bar.width() - sum(c.sizeHint().width() for c in others if not c.isHidden())
    assert bar.fontMetrics().horizontalAdvance(message) < room
    bar.clearMessage()
    assert not counters.step.isHidden() and not counters.phase.isHidden()


def test_waiting_for_an_evaluation_under_way_schedules_the_next_sanely(make_window):
    """wait() while the current state's evaluation was under way took its
    start for 1e9 s ago: the next interval came out as 4e9 s, and the timer
    raised OverflowError in the event loop at the next change."""
    from PySide6.QtWidgets import QApplication

    from backprop_gui.core.engine.validation_split import ValidationSplit

    window = make_window("xor")  # nothing to evaluate until a split
    follower = window.evaluations
    window.debugger.set_validation(ValidationSplit(0.25, 0))  # a job starts
    assert follower.wait()  # finishes the job under way
    window.controls.step.trigger()  # the next evaluation is scheduled
    QApplication.processEvents()
    assert follower.wait()
    assert "(at step" not in window.counters.accuracy.text()
