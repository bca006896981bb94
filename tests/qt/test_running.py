"""Run, Pause, Reset and the speed: what a run computes, refreshes and lays out."""

import pytest
from widget_events import EventLog


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
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    bridge = window.bridge
    window.runner.run_chunk(100)
    bridge._emit_refresh()
    QApplication.processEvents()
    log = EventLog(QEvent.Type.LayoutRequest, [window, window.statusBar()])
    requests = log.seen
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
    label.set_text("Loss: 0.25 (stale; now 0.2499999)")
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
        done = calls = 0

        def run(self, count, deadline=None):
            self.calls += 1
            done = 0
            while done < count:  # as Debugger.run: an update, then the clock
                clock[0] += 0.001
                done += 1
                if deadline is not None and clock[0] >= deadline:
                    break
            self.done += done
            return RunResult(done, None)

    class FakeBridge(QObject):
        debugger = FakeDebugger()
        due_in = 0.0
        last_refresh = 0.0
        refresh_interval = 1 / 24

        def refresh_due_in(self):
            return self.due_in

        views_ms = 0  # what the views take to refresh, when the bulk ends

        @contextlib.contextmanager
        def bulk(self):
            yield
            if self.views_ms:
                self.last_refresh = clock[0]
                clock[0] += self.views_ms / 1000

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
        bridge.debugger.calls = 0
        runner._tick()
        assert (
            abs(bridge.debugger.done - expected) <= 1
        )  # (float rounding of the clock)
        # one call, ended by the deadline (calls cost ~0.1 ms of their own)
        assert bridge.debugger.calls == 1
    # the views' updates after a tick's computing count as the views' time, as
    # painting does: with 15 ms of them, refreshes come far enough apart that
    # computing keeps COMPUTE_SHARE of the time
    bridge.views_ms, bridge.due_in = 15, 0.001
    for _ in range(30):
        runner._tick()
    share = runner_module.COMPUTE_SHARE
    assert runner.views_time == pytest.approx(0.015, rel=1e-3)
    assert bridge.refresh_interval == pytest.approx(0.015 / (1 - share), rel=1e-3)
    bridge.views_ms = 0  # ticks without a refresh leave the estimate as it is
    runner._tick()
    assert runner.views_time == pytest.approx(0.015, rel=1e-3)


def test_run_at_a_set_speed(qtbot, window):
    """A set speed refreshes at 24 Hz whatever the views cost, and its ticks,
    which wait for their updates, are not taken for the views' time (they made
    Fastest afterwards refresh once a second)."""
    window.controls.speed.setCurrentIndex(2)  # 20 steps/s
    window.controls.run.trigger()
    qtbot.wait(500)
    assert window.runner.views_time == 0.0
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


def test_a_run_diverging_on_a_checkpoint_update_pauses_with_its_message(
    qtbot, make_window, capfd
):
    """Found by a hostile probe: with a checkpoint at every update, the update
    that diverged raised ValueError out of the run (its checkpoint refused the
    non-finite weights) instead of pausing it."""
    window = make_window("blobs")
    window.debugger.set_rewind_memory(window.debugger.rewind_memory().budget_bytes, 1)
    window.debugger.set_learning_rate(1e300)
    with qtbot.waitSignal(window.runner.stoppedByItself, timeout=10_000) as stopped:
        window.controls.run.trigger()
    assert "W1[1→1] is not finite" in stopped.args[0]
    assert "Traceback" not in capfd.readouterr().err


def test_run_ends_the_message_of_the_action_before_it(qtbot, window):
    """ "Forward pass of update 1 done" stayed during a run until its 4 s were
    up, while the run's longer loss text left it a word wide ("Forwa" at
    1024 px); news given during the run stays."""
    bar = window.statusBar()
    window.controls.next_phase.trigger()
    assert bar.currentMessage().startswith("Forward pass of update 1")
    window.controls.run.trigger()
    assert bar.currentMessage() == ""
    window.show_message("Learning rate 0.1")  # as a change during the run says
    qtbot.wait(100)
    assert bar.currentMessage() == "Learning rate 0.1"
    window.controls.run.trigger()  # Pause
