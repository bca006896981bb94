"""Real data in the window, the import: a labelled CSV through File → Import
dataset CSV (standardizing, undo, the description), large files read with
progress and cancelled, the dialog's classes and refusals, a session referring
to a CSV, and the status bar's room for the import's message."""

from __future__ import annotations

import numpy as np
import pytest
from file_dialogs import accept_import, choose_file
from PySide6.QtCore import Qt
from real_data import IRIS

from backprop_gui.qt import import_dialog
from backprop_gui.qt.import_dialog import ImportDatasetDialog


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
    from backprop_gui.qt import dataset_import_actions

    real = dataset_import_actions.progress_reporter
    calls = []

    def cancelling(*args):
        dialog, _report = real(*args)

        def cancel(done, _total) -> bool:
            calls.append(done)
            return False  # the user pressed Cancel

        return dialog, cancel

    monkeypatch.setattr(dataset_import_actions, "progress_reporter", cancelling)
    window.data.import_dataset.trigger()
    assert calls and window.debugger.session.inputs is before
    assert "Import cancelled" in window.messages.text()
    monkeypatch.setattr(dataset_import_actions, "progress_reporter", real)
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
