"""Run/Pause/Reset, and the File menu: trace export, sessions, weights, plots,
recent files and unsaved changes."""

import csv
import json
import os

import numpy as np
import pytest
from processes import dead_pid
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from backprop_gui.core import load_preset, load_session


def test_run_then_pause_then_reset_restores_initial_parameters(qtbot, window):
    trainer = window.debugger.trainer
    initial = trainer.params.copy()
    window.controls.run.trigger()
    assert window.runner.running and window.controls.run.text() == "&Pause"
    assert not window.controls.next_phase.isEnabled()
    qtbot.waitUntil(lambda: trainer.step >= 50, timeout=5000)
    window.controls.run.trigger()
    assert not window.runner.running
    step = trainer.step
    qtbot.wait(100)
    assert trainer.step == step  # really paused
    assert window.counters.step.text() == f"Step {step}"
    assert len(window.debugger.metrics) > 0
    window.controls.reset.trigger()
    assert trainer.params.identical(initial)
    assert trainer.step == 0 and window.counters.step.text() == "Step 0"
    assert len(window.debugger.metrics) == 0


def test_refreshes_while_running_do_not_lay_the_window_out_again(qtbot, window):
    """The status bar's counters keep their size while their text changes (a new
    layout of the whole window at every refresh was ~1 ms, and they jittered)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    bridge = window.bridge
    window.runner.run_chunk(100)
    bridge._emit_refresh()
    QApplication.processEvents()
    requests = []

    class Counter(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.LayoutRequest:
                requests.append(obj)
            return False

    counter = Counter()
    window.installEventFilter(counter)
    window.statusBar().installEventFilter(counter)
    widths = set()
    for _ in range(30):  # steps 101..130: the counter's text changes every time
        window.runner.run_chunk(1)
        bridge._emit_refresh()
        QApplication.processEvents()
        widths.add(window.counters.step.width())
    assert window.counters.step.text() == "Step 130"
    # at most when the loss's text first outgrows its label (was: every refresh)
    assert len(requests) <= 2 and len(widths) == 1
    label = window.counters.step  # and the text always fits
    metrics = label.fontMetrics()
    assert label.width() >= metrics.horizontalAdvance(label.text())


def test_status_labels_grow_to_fit_and_shrink_when_much_shorter(qtbot):
    from backprop_gui.qt.status_label import StatusLabel

    label = StatusLabel()
    qtbot.addWidget(label)
    label.set_text("Step 9")
    narrow = label.width()
    assert narrow >= label.fontMetrics().horizontalAdvance("Step 9")
    label.set_text("Step 10")  # a digit more: there is room for it
    assert label.width() == narrow and label.text() == "Step 10"
    label.set_text("Step 10000")  # more than the room: grows
    assert label.width() > narrow
    assert label.width() >= label.fontMetrics().horizontalAdvance("Step 10000")
    label.set_text("Loss: 0.25 (stale; 0.2499999 with current values)")
    long = label.width()
    assert long >= label.fontMetrics().horizontalAdvance(label.text())
    label.set_text("Loss: 0.25")  # much shorter: shrinks to fit
    assert label.width() < long - StatusLabel.SLACK


def test_a_run_tick_computes_until_the_refresh_is_due(qtbot, monkeypatch):
    """With a fake clock (1 ms per update): a tick stops at the refresh when that
    is at most MAX + MIN budget away, else after MAX, and runs at least MIN."""
    import contextlib

    from PySide6.QtCore import QObject

    from backprop_gui.core.debugger.debugger import RunResult
    from backprop_gui.qt import runner as runner_module

    clock = [100.0]

    class FakeDebugger:
        done = 0

        def run(self, count):
            clock[0] += 0.001 * count
            self.done += count
            return RunResult(count, None)

    class FakeBridge(QObject):
        debugger = FakeDebugger()
        due_in = 0.0

        def refresh_due_in(self):
            return self.due_in

        def bulk(self):
            return contextlib.nullcontext()

    monkeypatch.setattr(runner_module.time, "monotonic", lambda: clock[0])
    bridge = FakeBridge()
    runner = runner_module.RunController(bridge)
    min_ms = round(runner_module.MIN_BUDGET_S * 1000)
    max_ms = round(runner_module.MAX_BUDGET_S * 1000)
    for due_ms, expected in (
        (max_ms + min_ms - 1, max_ms + min_ms - 1),  # one tick to the refresh
        (max_ms + min_ms + 5, max_ms),  # too far: MAX now, the rest next tick
        (1, min_ms),  # due (almost) now: still MIN of work
    ):
        bridge.due_in, bridge.debugger.done = due_ms / 1000, 0
        runner._chunk = 1
        runner._tick()
        assert (
            abs(bridge.debugger.done - expected) <= 1
        )  # (float rounding of the clock)


def test_run_at_a_set_speed(qtbot, window):
    window.controls.speed.setCurrentIndex(2)  # 20 steps/s
    window.controls.run.trigger()
    qtbot.wait(500)
    window.controls.run.trigger()
    assert 3 <= window.debugger.trainer.step <= 15


def test_divergence_pauses_the_run_and_says_where(qtbot, make_window):
    window = make_window("blobs")
    window.debugger.set_learning_rate(1e300)
    with qtbot.waitSignal(window.runner.stoppedByItself, timeout=5000) as stopped:
        window.controls.run.trigger()
    assert not window.runner.running
    assert "is not finite" in stopped.args[0]
    assert "is not finite" in window.statusBar().currentMessage()


def patch_save_dialog(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


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


def test_save_and_open_session(qtbot, window, monkeypatch, tmp_path):
    window.controls.step.trigger()
    path = tmp_path / "mine.json"
    patch_save_dialog(monkeypatch, path)
    assert window.bridge.modified and window.isWindowModified()
    window.files.save_as.trigger()
    assert not window.bridge.modified and not window.isWindowModified()
    assert load_session(path).params.identical(window.debugger.trainer.params)
    assert str(path) in window.windowTitle()
    window.controls.step.trigger()
    window.files.open_preset("xor")
    assert window.debugger.session.name == "xor"
    assert window.param_model.rowCount() == 2 * 4 + 4 + 4 + 1
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.files.open.trigger()
    assert window.debugger.session.step == 1
    assert window.files.recent_files()[0] == str(path.resolve())


def test_bad_session_file_is_refused_and_changes_nothing(window, tmp_path, dialogs):
    window.controls.step.trigger()
    before = window.debugger.trainer.params.copy()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "backprop-gui-session", "version": 7}))
    assert not window.files.open_path(str(bad), ask=False)
    assert dialogs.shown[-1][1] == "Cannot open session"
    assert "version 7 is not supported" in dialogs.shown[-1][2]
    assert window.debugger.trainer.params.identical(before)
    assert window.debugger.session.name == "mazur"


def test_unsaved_changes_prompt_on_quit_and_open(qtbot, window, dialogs):
    window.controls.step.trigger()
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible()
    window.files.open_preset("xor")
    assert window.debugger.session.name == "mazur"  # cancelled
    assert [d[0] for d in dialogs.shown] == ["question", "question"]
    dialogs.answer = QMessageBox.StandardButton.Discard
    window.files.open_preset("xor")
    assert window.debugger.session.name == "xor"
    assert window.close()


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


def patch_width_dialog(monkeypatch, width, asked=None):
    def get_int(parent, title, label, value, low, high, step):
        if asked is not None:
            asked.append(value)
        return (width, True) if width else (value, False)

    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(get_int))


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


def test_saving_removes_what_an_interrupted_write_left_and_says_so(
    window, monkeypatch, tmp_path
):
    path = tmp_path / "s.json"
    dead = dead_pid()
    leftover = tmp_path / f".s.json.{dead}-00000000.bpgtmp"
    leftover.write_text("half a session")
    patch_save_dialog(monkeypatch, path)
    window.files.save_as.trigger()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]
    assert "removed 1 temporary file(s) left beside s.json" in window.messages.text()


def test_plots_show_the_history(window):
    window.runner.run_chunk(20)
    window.plots.refresh()
    x, y = window.plots.loss_curve.getData()
    assert list(x) == list(range(1, 21))
    assert y[0] == 0.2983711087600027
    norms = window.debugger.metrics.grad_norms
    assert window.plots.norm_curves[1].yData is None  # hidden tabs wait until shown
    window.plots.tabs.setCurrentIndex(1)
    curve = window.plots.norm_curves[1]  # on a log axis: compare the data given
    assert curve.yData[0] == norms[0, 1]


def test_layout_and_recent_files_persist(qtbot, make_window, settings, tmp_path):
    window = make_window()
    window.docks["dataset"].hide()
    path = tmp_path / "s.json"
    window.files._save_to(str(path))
    window.close()
    again = make_window()
    assert not again.docks["dataset"].isVisible()
    assert again.files.recent_files() == [str(path.resolve())]
    assert [a.text() for a in again.files.recent_menu.actions()] == ["s.json"]


def test_preset_session_loads_from_the_command_line(qtbot, make_window, tmp_path):
    session = load_preset("single-sample")
    window = make_window(session=session)
    assert "0.3348" in window.debugger.session.description
    assert window.description.text().startswith("Seed 000")


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


def test_a_run_chunk_signals_once_and_marks_the_session_modified(qtbot, window):
    bridge = window.bridge
    bridge.set_modified(False)
    phases, advanced = [], []
    bridge.phaseCompleted.connect(lambda *a: phases.append(a))
    bridge.stepsAdvanced.connect(advanced.append)
    window.runner.run_chunk(50)
    assert phases == [] and advanced == [50] and bridge.modified
    window.debugger.step_update()  # outside a run chunk the bridge hears every phase
    assert [p[1] for p in phases] == ["forward", "backward", "update"]


def test_log_axes_label_decades_only(window):
    axis = window.plots.norm_plot.getPlotItem().getAxis("left")
    levels = axis.logTickValues(-3.2, -0.9, 200, [])
    assert levels[0] == (1.0, [-3.0, -2.0, -1.0])
    # unlabelled: 7, 8, 9 x 1e-4, then 2..9 x 1e-3 and x 1e-2 (2 x 1e-1 is -0.7)
    expected = [7e-4, 8e-4, 9e-4] + [k * 1e-3 for k in range(2, 10)]
    expected += [k * 1e-2 for k in range(2, 10)]
    np.testing.assert_allclose(10 ** np.array(levels[1][1]), expected, rtol=1e-12)
