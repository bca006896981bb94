"""GUI benchmarks on the real main window (offscreen): running, stepping latency,
memory on long runs, start-up time and trace export."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["BACKPROP_GUI_DATA_DIR"] = tempfile.mkdtemp()  # autosaves stay out of home

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from backprop_gui.core import InitSpec, NetworkSpec, Session, load_preset  # noqa: E402
from backprop_gui.qt.app import application  # noqa: E402
from backprop_gui.qt.main_window import MainWindow  # noqa: E402


def _window(session: Session) -> MainWindow:
    application()
    settings = QSettings(
        os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(session, settings)
    window.resize(1400, 860)
    window.show()
    QApplication.processEvents()
    return window


def _close(window: MainWindow) -> None:
    """Close and delete the window, so later measurements do not share the event
    loop with the widgets and timers of earlier ones."""
    window.bridge.set_modified(False)
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def big_session(samples: int = 64) -> Session:
    spec = NetworkSpec([784, 128, 10], ["relu", "softmax"], "cross_entropy")
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(samples, 784))
    targets = np.eye(10)[np.arange(samples) % 10]
    return Session.create(spec, InitSpec("he"), x, targets)


def digits_full_batch() -> Session:
    """The digits preset trained on all 1,797 samples at once."""
    session = load_preset("digits")
    session.batch_size = session.shuffle_seed = session.validation = None
    return session


def headless_rate(session: Session, seconds: float = 2.0) -> float:
    """Updates per second of ``backprop-gui run``'s loop on ``session`` (the same
    debugger commands, chunks of 1,000 updates, no window)."""
    from backprop_gui.core.debugger.debugger import Debugger

    debugger = Debugger(session.copy())
    debugger.start_run()
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        done += debugger.run(50 if session.n_samples > 100 else 1000).done
    return done / (time.perf_counter() - start)


def bench_running(seconds: float = 3.0, session: Session | None = None) -> dict:
    """Steps per second while running (mazur by default), the share of the time
    spent computing updates (the rest goes to the views and the event loop),
    view refreshes per second, event-loop lateness of a 10 ms probe timer, and
    how long Pause takes to take effect."""
    window = _window(session.copy() if session is not None else load_preset("mazur"))
    app = QApplication.instance()
    paints = []
    view = window.network_view
    original_paint = view.paintEvent

    def counting_paint(event):
        paints.append(time.perf_counter())
        original_paint(event)

    view.paintEvent = counting_paint
    lateness = []
    probe = QTimer()
    probe.setInterval(10)
    last = [time.perf_counter()]

    def on_probe():
        now = time.perf_counter()
        lateness.append(max(0.0, now - last[0] - 0.010))
        last[0] = now

    probe.timeout.connect(on_probe)
    result = {}
    computing = [0.0]  # seconds inside the debugger's run: the run's own work
    run = window.debugger.run

    def timed_run(*args, **kwargs):
        began = time.perf_counter()
        try:
            return run(*args, **kwargs)
        finally:
            computing[0] += time.perf_counter() - began

    window.debugger.run = timed_run

    def pause():
        asked = time.perf_counter()
        step_then = window.debugger.trainer.step
        window.controls.run.trigger()
        result["pause_s"] = time.perf_counter() - asked + max(lateness[-5:] or [0])
        result["steps_after_pause"] = window.debugger.trainer.step - step_then
        window.bridge.set_modified(False)  # quit closes windows: no save prompt
        app.quit()

    start_step = window.debugger.trainer.step
    start = time.perf_counter()
    probe.start()
    window.controls.run.trigger()
    QTimer.singleShot(int(seconds * 1000), pause)
    app.exec()
    elapsed = time.perf_counter() - start
    probe.stop()
    steps = window.debugger.trainer.step - start_step
    during = [p for p in paints if start <= p <= start + elapsed]
    _close(window)
    return {
        "steps_per_s": steps / elapsed,
        "compute_share": computing[0] / elapsed,
        "refreshes_per_s": len(during) / elapsed,
        "probe_p99_ms": float(np.percentile(lateness, 99)) * 1000 if lateness else 0.0,
        "pause_ms": result["pause_s"] * 1000,
    }


def bench_step_latency(
    session: Session, clicks: int = 200, image_views: bool = False
) -> dict:
    """p95 milliseconds from a Step click until Qt has delivered every repaint the
    click caused (the graph, the table and the plot must each have painted; with
    ``image_views`` the Weight images dock and the sample picture are open and
    must have painted too)."""
    window = _window(session)
    watched = {
        "graph": window.network_view,
        "table": window.parameters.table.viewport(),
        "plot": window.plots.loss_plot.viewport(),
    }
    if image_views:
        window.docks["weight_images"].show()
        window.docks["weight_images"].raise_()
        QApplication.processEvents()
        watched["weight images"] = window.weight_images.graphics.viewport()
    painted = dict.fromkeys(watched, 0)
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                for name, widget in watched.items():
                    if obj is widget:
                        painted[name] += 1
            return False

    counter = PaintCounter()
    for widget in watched.values():
        widget.installEventFilter(counter)
    times, missed = [], 0
    for _ in range(clicks):
        before = dict(painted)
        start = time.perf_counter()
        window.controls.step.trigger()
        QApplication.processEvents()  # delivers the update requests: the repaints
        times.append(time.perf_counter() - start)
        missed += any(painted[k] == before[k] for k in painted)
    _close(window)
    return {
        "p95_ms": float(np.percentile(times, 95)) * 1000,
        "clicks_missing_a_paint": missed,
    }


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def bench_long_run(steps: int = 1_000_000) -> dict:
    """Resident memory growth over ``steps`` updates of mazur in run mode."""
    window = _window(load_preset("mazur"))
    app = QApplication.instance()
    for _ in range(3):  # warm up caches and views before measuring
        window.runner.run_chunk(1000)
        QApplication.processEvents()
    before = _rss_mb()
    start = time.perf_counter()

    def check():
        if window.debugger.trainer.step >= steps:
            window.runner.pause()
            window.bridge.set_modified(False)  # quit closes windows: no save prompt
            app.quit()

    watcher = QTimer()
    watcher.timeout.connect(check)
    watcher.start(50)
    window.controls.run.trigger()
    app.exec()
    watcher.stop()
    elapsed = time.perf_counter() - start
    grown = _rss_mb() - before
    points = len(window.debugger.metrics)
    _close(window)
    return {"steps": steps, "seconds": elapsed, "rss_growth_mb": grown,
            "plot_points": points}  # fmt: skip


def bench_startup(rounds: int = 3) -> float:
    """Seconds from launching ``backprop-gui --preset mazur`` to its first painted
    window (best of ``rounds``)."""
    env = dict(
        os.environ, BACKPROP_GUI_EXIT_AFTER_SHOW="1", QT_QPA_PLATFORM="offscreen"
    )
    # bytecode caching on, as for an installed package (pip compiles at install);
    # a shell with PYTHONDONTWRITEBYTECODE set would recompile every module each time
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "backprop_gui", "--preset", "mazur"]
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=60)
        best = min(best, time.perf_counter() - start)
    return best


def bench_export(rows_wanted: int = 1_000_000) -> dict:
    """Export a trace of about ``rows_wanted`` rows through the File menu code, and
    check that a cancelled export leaves no file behind."""
    window = _window(load_preset("mazur"))
    steps = rows_wanted // 35 + 1  # mazur writes 35 rows per update
    window.runner.run_chunk(steps)
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "trace.csv")
    start = time.perf_counter()
    window.data.export_trace_to(path)
    seconds = time.perf_counter() - start
    with open(path) as f:
        rows = sum(1 for _ in f) - 1
    cancelled_path = os.path.join(folder, "cancelled.csv")
    from backprop_gui.core.debugger.journal import ReplayCancelled, export_trace

    try:
        export_trace(window.debugger.journal, cancelled_path,
                     progress=lambda done, total: done < total // 2)  # fmt: skip
    except ReplayCancelled:
        pass
    leftovers = sorted(set(os.listdir(folder)) - {"trace.csv"})
    _close(window)
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds,
            "cancel_leaves": leftovers}  # fmt: skip
