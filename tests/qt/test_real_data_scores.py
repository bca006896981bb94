"""Real data in the window, the scores: the validation split setting, accuracy
in the status bar and its plot, the confusion matrix, the validation loss
curve, the evaluation that follows the state, and the plots' marks where the
samples changed."""

from __future__ import annotations

import pyqtgraph as pg
from file_dialogs import accept_import, choose_file
from PySide6.QtWidgets import QApplication
from real_data import IRIS, RESOURCES

from backprop_gui.qt.param_rows import VALUE
from backprop_gui.qt.settings_dialog import SettingsDialog


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
    assert model.setData(model.index(0, VALUE), "3.0")  # the counts are stale
    QApplication.processEvents()
    stale_or_new = window.counters.accuracy.text()
    # at the same step: "(at step 3)" would not say they are stale (found in a
    # real-window trial after the undo of a split)
    assert stale_or_new.endswith(" (stale; computing)") or (
        window.evaluations.is_current()
    )
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


def test_the_accuracy_legend_names_only_the_curves_drawn(make_window):
    """Found in a real-window trial: without a split the legend listed
    "validation" with pyqtgraph's crossed-out eye."""
    window = make_window("iris")
    plots = window.plots
    plots.tabs.setCurrentWidget(plots.accuracy)
    window.runner.run_chunk(2)
    plots.refresh()
    legend = plots.accuracy.plot.getPlotItem().legend

    def names():
        return [label.text for _, label in legend.items]

    assert names() == ["training (the update's batch)", "validation"]
    dialog = SettingsDialog(window)
    dialog.validation.setValue(0)  # no split
    dialog.apply()
    window.runner.run_chunk(2)
    plots.refresh()
    assert window.debugger.session.validation is None
    window.controls.reset.trigger()
    plots.refresh()
    assert names() == ["training (the update's batch)"]


def test_the_status_counters_fit_a_narrow_window_without_running_together(
    make_window, qtbot
):
    """At 1024 px the loss (0.0005708598174 (stale; next batch 0.00069…))
    printed over the accuracy beside it (real-window trial); a narrow status bar
    drops the loss function's name, then digits, and a wide one shows them."""
    window = make_window("digits")
    window.evaluations.wait()
    window.resize(900, 700)
    window.controls.step.trigger()  # the loss is stale: "(stale; next batch …)"
    window.evaluations.wait()
    window.statusBar().clearMessage()  # ("Completed update 1": counters yield)
    qtbot.waitUntil(lambda: window.statusBar().width() <= 900)
    counters = window.counters
    labels = [counters.step, counters.phase, counters.loss, counters.accuracy]
    assert all(label.isVisible() for label in labels)
    text = counters.loss.text()
    assert text.startswith("Loss: ") and "(stale; next batch " in text
    assert counters.loss.toolTip().endswith("\nLoss (cross_entropy): " + text[6:])
    for left, right in zip(labels, labels[1:]):  # none over the next
        assert left.geometry().right() < right.geometry().left()
    assert counters.accuracy.geometry().right() <= window.statusBar().width()
    window.resize(1600, 700)
    qtbot.waitUntil(lambda: counters.loss.text().startswith("Loss (cross_entropy): "))
    # the accuracy's text, which comes later, takes room from the loss too
    window.resize(860, 700)
    window.controls.step.trigger()
    window.statusBar().clearMessage()
    window.evaluations.wait()  # the accuracy arrives after the loss was set
    qtbot.waitUntil(lambda: window.statusBar().width() <= 860)
    for left, right in zip(labels, labels[1:]):
        assert left.geometry().right() < right.geometry().left()
