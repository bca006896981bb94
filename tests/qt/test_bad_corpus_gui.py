"""The desktop app refuses every file of the bad-input corpus with a dialog and
leaves the open session bitwise untouched; dataset import and export."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

CORPUS = Path(__file__).parents[1] / "data" / "bad"


def snapshot(window):
    trainer = window.debugger.trainer
    s = trainer.session
    return (
        trainer.params.copy(),
        s.inputs.tobytes(),
        s.targets.tobytes(),
        s.step,
        s.name,
        trainer.next_phase,
        window.undo_stack.count(),
    )


def same(window, before):
    now = snapshot(window)
    return before[0].identical(now[0]) and before[1:] == now[1:]


@pytest.fixture
def xor_window(make_window):
    window = make_window("xor")
    window.controls.step.trigger()
    window.controls.next_phase.trigger()
    return window


def test_every_bad_session_file_gets_a_dialog_and_changes_nothing(xor_window, dialogs):
    before = snapshot(xor_window)
    names = sorted(p.name for p in (CORPUS / "sessions").iterdir())
    for name in names:
        assert not xor_window.files.open_path(
            str(CORPUS / "sessions" / name), ask=False
        )
    warnings = [d for d in dialogs.shown if d[0] == "warning"]
    assert len(warnings) == len(names)
    assert all(d[1] == "Cannot open session" for d in warnings)
    assert same(xor_window, before)


def test_every_bad_dataset_file_gets_a_dialog_and_changes_nothing(xor_window, dialogs):
    before = snapshot(xor_window)
    names = sorted(p.name for p in (CORPUS / "datasets").iterdir())
    for name in names:
        path = str(CORPUS / "datasets" / name)
        assert not xor_window.data.import_dataset_from(path)
        assert dialogs.shown[-1][1] == "Cannot import dataset"
        assert dialogs.shown[-1][2].startswith(path + ": ")
    assert same(xor_window, before)


def test_every_bad_weights_file_gets_a_dialog_and_changes_nothing(
    xor_window, dialogs, monkeypatch
):
    before = snapshot(xor_window)
    names = sorted(p.name for p in (CORPUS / "weights").iterdir())
    for name in names:
        path = str(CORPUS / "weights" / name)
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", lambda *a, path=path, **k: (path, "")
        )
        xor_window.data.import_weights.trigger()
        assert dialogs.shown[-1][1] == "Cannot import weights"
        assert dialogs.shown[-1][2].startswith(path + ": ")
    assert len(dialogs.shown) == len(names)
    assert same(xor_window, before)


def test_import_dataset_is_undoable_and_export_round_trips(
    xor_window, monkeypatch, tmp_path
):
    path = tmp_path / "and.csv"
    path.write_text("x1,x2,y\n0,0,0\n0,1,0\n1,0,0\n1,1,1\n0.5,0.5,1\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    from backprop_gui.qt.import_dialog import ImportDatasetDialog

    monkeypatch.setattr(ImportDatasetDialog, "exec", lambda self: 1)  # OK as shown
    xor_window.data.import_dataset.trigger()
    session = xor_window.debugger.session
    assert session.n_samples == 5 and session.targets.ravel().tolist()[-1] == 1
    assert xor_window.dataset.model.rowCount() == 5
    assert xor_window.debugger.trainer.next_phase == "forward"
    out = tmp_path / "out.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    xor_window.data.export_dataset.trigger()
    assert out.read_text().splitlines() == [
        "x1,x2,y1",
        "0.0,0.0,0.0",
        "0.0,1.0,0.0",
        "1.0,0.0,0.0",
        "1.0,1.0,1.0",
        "0.5,0.5,1.0",
    ]
    xor_window.undo_stack.undo()
    assert xor_window.debugger.session.n_samples == 4
    assert xor_window.dataset.model.rowCount() == 4


def test_import_dialog_chooses_columns_and_explains_bad_choices(
    qtbot, xor_window, tmp_path
):
    from backprop_gui.qt.import_dialog import ImportDatasetDialog

    path = tmp_path / "labelled.csv"
    path.write_text("id,label,a,b\n1,0,0,0\n2,1,0,1\n3,1,1,0\n4,0,1,1\n5,1,0.5,0.5\n")
    dialog = ImportDatasetDialog(str(path), xor_window.debugger.session.spec)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.header.text().startswith("5 samples")  # the default 1,2 | 3 reads
    assert (
        dialog.preview.rowCount() == 6 and dialog.preview.item(0, 1).text() == "label"
    )
    dialog.inputs.setText("3, 4")
    dialog.targets.setText("2")
    assert (
        ok.isEnabled()
        and dialog.header.text() == "5 samples; header row: id, label, a, b"
    )
    assert dialog.result_data.inputs.tolist()[4] == [0.5, 0.5]
    assert dialog.result_data.targets.ravel().tolist() == [0, 1, 1, 0, 1]
    dialog.targets.setText("1")  # the ids 1..5 are not bce targets in [0, 1]
    assert not ok.isEnabled() and "between 0 and 1" in dialog.error.text()
    dialog.targets.setText("9")
    assert "does not exist" in dialog.error.text()
    dialog.inputs.setText("three")
    assert "column numbers from 1" in dialog.error.text()


@pytest.mark.parametrize("separator, name", [("\t", "tabs"), (";", "';'")])
def test_import_dialog_says_a_file_is_not_comma_separated(
    qtbot, xor_window, tmp_path, separator, name
):
    """A TSV or semicolon file is one column of text to a CSV reader: the dialog
    says what separates its values, not that a column list is wrong."""
    from backprop_gui.qt.import_dialog import ImportDatasetDialog

    path = tmp_path / "data.csv"
    rows = ["x1", "x2", "label"], ["0", "1", "yes"], ["1", "1", "no"]
    path.write_text("\n".join(separator.join(row) for row in rows) + "\n")
    dialog = ImportDatasetDialog(str(path), xor_window.debugger.session.spec)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    message = f"uses {name} to separate values; use commas"
    assert not ok.isEnabled() and dialog.error.text() == message
    dialog.inputs.setText("1")  # whatever else is chosen, the same reason
    assert not ok.isEnabled() and dialog.error.text() == message


def test_import_dialog_is_wide_enough_for_its_preview(qtbot, xor_window, tmp_path):
    from backprop_gui.qt.import_dialog import ImportDatasetDialog

    path = tmp_path / "wide.csv"
    names = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]
    path.write_text(",".join(names) + "\n5.1,3.5,1.4,0.2,setosa\n")
    dialog = ImportDatasetDialog(str(path), xor_window.debugger.session.spec)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.preview
    assert table.horizontalHeader().length() <= table.viewport().width()
