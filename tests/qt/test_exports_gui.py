"""File → Export: the trace, weights (and their import, undoable), and plot and
graph images for slides."""

import csv
import os

import numpy as np
import pytest
from file_dialogs import patch_save_dialog, patch_width_dialog
from PySide6.QtWidgets import QFileDialog
from widget_events import edge_smoothness


def test_export_trace_through_the_menu(qtbot, window, monkeypatch, tmp_path):
    c = window.controls
    c.step.trigger()
    c.next_phase.trigger()
    window.param_model.setData(window.param_model.index(0, 4), "0.5")
    c.step.trigger()
    c.step.trigger()
    path = tmp_path / "trace.csv"
    patch_save_dialog(monkeypatch, path)
    window.data.export_trace.trigger()
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    trainer = window.debugger.trainer
    final = {
        (int(r["layer"]), int(r["row"]), int(r["col"])): float(r["value"])
        for r in rows
        if r["phase"] == "update"
        and r["step"] == str(trainer.step)
        and r["quantity"] == "W"
    }
    for l, w in enumerate(trainer.params.weights, start=1):
        for (i, j), v in np.ndenumerate(w):
            assert final[(l, i, j)] == v
    first_loss = [r for r in rows if r["quantity"] == "loss"][0]
    assert float(first_loss["value"]) == 0.2983711087600027
    assert "trace rows" in window.statusBar().currentMessage()


def test_failed_trace_export_shows_an_error(window, monkeypatch, tmp_path, dialogs):
    patch_save_dialog(monkeypatch, tmp_path / "missing" / "t.csv")
    window.data.export_trace.trigger()
    assert dialogs.shown[-1][:2] == ("warning", "Cannot export trace")
    assert not (tmp_path / "missing").exists()


def test_weights_export_and_import_with_undo(window, monkeypatch, tmp_path):
    path = tmp_path / "w.npz"
    patch_save_dialog(monkeypatch, path)
    window.data.export_weights.trigger()
    trainer = window.debugger.trainer
    saved = trainer.params.copy()
    window.controls.step.trigger()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.data.import_weights.trigger()
    assert trainer.params.identical(saved)
    window.undo_stack.undo()
    assert not trainer.params.identical(saved)


@pytest.mark.parametrize("what", ["plot", "graph"])
def test_image_export_png_for_slides_and_svg(window, monkeypatch, tmp_path, what):
    """Issue 15: the plot PNG came out at screen size (838x227), too small for
    slides; the graph could not be exported at all."""
    from PySide6.QtGui import QImage

    window.runner.run_chunk(30)
    action = getattr(window.data, f"export_{what}")
    asked = []
    patch_width_dialog(monkeypatch, 2400, asked)
    for name in ("a.png", "a.svg"):
        patch_save_dialog(monkeypatch, tmp_path / name)
        action.trigger()
    assert asked and asked[0] >= 1600  # offered: at least slide width
    assert len(asked) == 1  # no width question for SVG
    image = QImage(str(tmp_path / "a.png"))
    assert image.width() == 2400 and image.height() > 100
    if what == "plot":  # the picture of now, not of the last throttled redraw
        assert len(window.plots.loss_curve.getData()[0]) == 30
    assert b"<svg" in (tmp_path / "a.svg").read_bytes()[:2000]
    assert f"Wrote {what} image" in window.messages.text()
    patch_width_dialog(monkeypatch, 0)  # Cancel at the width question
    patch_save_dialog(monkeypatch, tmp_path / "b.png")
    action.trigger()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "a.svg"]


def test_a_truncated_plot_image_is_refused_and_the_old_one_kept(
    window, monkeypatch, tmp_path, dialogs
):
    """A full disk truncates what the exporter writes: the result is read back
    before it replaces anything (the writer is wrapped to truncate, as ENOSPC
    would)."""
    window.runner.run_chunk(10)
    patch_width_dialog(monkeypatch, 1600)
    write = window.data._write_plot
    for name in ("plot.png", "plot.svg"):
        path = tmp_path / name
        patch_save_dialog(monkeypatch, path)
        window.data.export_plot.trigger()
        good = path.read_bytes()

        def truncating(temp, width, write=write):
            result = write(temp, width)
            size = os.path.getsize(temp)
            os.truncate(temp, size // 2)
            return result

        monkeypatch.setattr(window.data, "_write_plot", truncating)
        window.data.export_plot.trigger()
        monkeypatch.setattr(window.data, "_write_plot", write)
        assert path.read_bytes() == good
        assert dialogs.shown[-1][1] == "Cannot export plot"
        assert "incomplete" in dialogs.shown[-1][2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plot.png", "plot.svg"]


def test_export_as_python_script_through_the_menu(window, monkeypatch, tmp_path):
    """File → Export as Python script: the state on screen, 3 updates; running
    the script lands where three Steps do."""
    import json
    import subprocess
    import sys

    window.controls.step.trigger()  # from step 1, as the window is now
    patch_save_dialog(monkeypatch, tmp_path / "train")  # no suffix: the filter's
    patch_width_dialog(monkeypatch, 3)  # the updates question
    window.classroom.export_script.trigger()
    path = tmp_path / "train.py"
    assert "Wrote" in window.statusBar().currentMessage() and path.exists()
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=60
    )
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    for _ in range(3):
        window.controls.step.trigger()
    assert summary["step"] == 4
    ours = window.debugger.session.params.weights
    for w, theirs in zip(ours, summary["weights"]):
        np.testing.assert_allclose(w, theirs, rtol=1e-12)


@pytest.mark.parametrize("suffix", [".pdf", ".html", ".md", ".tex"])
def test_export_worked_example_through_the_menu(window, monkeypatch, tmp_path, suffix):
    """File → Export worked example: the next update of the state on screen."""
    path = tmp_path / f"example{suffix}"
    patch_save_dialog(monkeypatch, path)
    window.classroom.export_example.trigger()
    assert path.exists(), window.statusBar().currentMessage()
    assert "Worked example: update 1 of mazur" in window.statusBar().currentMessage()
    if suffix == ".pdf":
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and len(data) > 10_000
    else:
        assert "0.358916479718" in path.read_text()
    assert window.debugger.step == 0  # the window's session is untouched


def test_an_exported_graph_is_smooth_right_after_a_step_and_during_a_run(
    make_window, monkeypatch, tmp_path
):
    """On screen a graph of many edges is drawn rough for a moment after a Step
    and while running; a picture for slides never is. An export during a run
    pauses it first (the picture of one state, the one on screen)."""
    from backprop_gui.qt.network_edges import smooth_edges

    window = make_window("digits")
    view = window.network_view
    painted = edge_smoothness(view)
    patch_width_dialog(monkeypatch, 1600)
    window.controls.step.trigger()
    assert not smooth_edges(view, view._get_layout())  # on screen: rough now
    for name, running in (("step.png", False), ("run.svg", True)):
        if running:
            window.controls.run.trigger()
        patch_save_dialog(monkeypatch, tmp_path / name)
        painted.clear()
        window.data.export_graph.trigger()
        assert not window.runner.running
        assert painted and all(painted), name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.svg", "step.png"]


def test_exporting_weights_during_a_run_pauses_it_and_writes_the_weights_shown(
    window, monkeypatch, tmp_path
):
    """The run went on under the file dialog, and the file got the weights of a
    later update than the window showed."""
    from backprop_gui.core.io.weights_file import load_weights

    path = tmp_path / "w.npz"
    asked = []

    def answer(*args, **kwargs):
        asked.append(window.debugger.step)  # while the dialog is open
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    window.controls.run.trigger()
    window.runner.run_chunk(20)
    window.data.export_weights.trigger()
    assert not window.runner.running
    assert window.counters.step.text() == f"Step {asked[0]}"
    spec = window.debugger.session.spec
    assert load_weights(str(path), spec).identical(window.debugger.trainer.params)
