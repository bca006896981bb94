"""Engine speed against hand-written NumPy loops (and PyTorch when installed), and
the trace writer against a plain csv.writer loop. Everything is measured in the
same process, interleaved, best of several rounds: ratios, not absolute times."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from baselines import (
    make_relu_softmax_ce,
    make_sigmoid_half_sse_shared,
    make_tanh_sigmoid_bce,
)

from backprop_gui.core import InitSpec, NetworkSpec, Session, Trainer, load_preset
from backprop_gui.core.io.trace import TraceWriter


def best_time(run, n: int, rounds: int) -> float:
    """Seconds per step: the best of ``rounds`` timings of ``run(n)``."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run(n)
        best = min(best, (time.perf_counter() - start) / n)
    return best


def engine_cases():
    rng = np.random.default_rng(0)
    mazur = load_preset("mazur")
    yield "2-2-2 batch 1 (mazur)", mazur, make_sigmoid_half_sse_shared, 4000

    spec = NetworkSpec([2, 8, 1], ["tanh", "sigmoid"], "bce")
    x = rng.normal(size=(4, 2))
    y = (rng.uniform(size=(4, 1)) > 0.5).astype(float)
    s = Session.create(spec, InitSpec("xavier", 1), x, y, learning_rate=0.5)
    yield "2-8-1 batch 4", s, make_tanh_sigmoid_bce, 4000

    for layers, batch, steps in (([64, 32, 10], 64, 2000), ([784, 128, 10], 64, 200)):
        spec = NetworkSpec(layers, ["relu", "softmax"], "cross_entropy")
        x = rng.normal(size=(batch, layers[0]))
        y = np.eye(layers[-1])[rng.integers(0, layers[-1], batch)]
        s = Session.create(spec, InitSpec("he", 2), x, y, learning_rate=0.1)
        name = f"{'-'.join(map(str, layers))} batch {batch}"
        yield name, s, make_relu_softmax_ce, steps


def torch_runner(session: Session):
    """The same network in PyTorch (CPU, one thread), or None without torch."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    spec = session.spec
    dtype = torch.float64
    ws = [
        torch.tensor(w, dtype=dtype, requires_grad=True) for w in session.params.weights
    ]
    bs = [
        torch.tensor(b, dtype=dtype, requires_grad=True) for b in session.params.biases
    ]
    x = torch.tensor(session.inputs, dtype=dtype)
    y = torch.tensor(session.targets, dtype=dtype)
    acts = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}
    lr = session.learning_rate

    def run(n):
        for _ in range(n):
            a = x
            for l, name in enumerate(spec.activations):
                z = a @ ws[l] + bs[l]
                a = z if name == "softmax" else acts[name](z)
            if spec.loss == "cross_entropy":
                loss = -(y * torch.log_softmax(a, dim=1)).sum() / x.shape[0]
            elif spec.loss == "bce":
                loss = torch.nn.functional.binary_cross_entropy(a, y)
            else:
                loss = 0.5 * ((y - a) ** 2).sum() / x.shape[0]
            for t in ws + bs:
                t.grad = None
            loss.backward()
            with torch.no_grad():
                for t in ws + bs:
                    t -= lr * t.grad

    return run


def torch_ratios() -> list[float] | None:
    """PyTorch time over engine time per case, or None without PyTorch.

    Measured in a child process: importing torch slows NumPy code in the same
    process by ~30% on this machine, which would skew every other figure."""
    if importlib.util.find_spec("torch") is None:
        return None
    here = os.path.dirname(os.path.abspath(__file__))
    code = (
        "import json, engine_bench; print(json.dumps([r['torch_ratio'] for r in "
        "engine_bench.bench_engine(rounds=5, with_torch=True)]))"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([here, *sys.path]))
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=here, env=env, check=True,
        capture_output=True, text=True, timeout=900,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def bench_engine(rounds: int = 7, with_torch: bool = False, cases=None) -> list[dict]:
    """The engine against each case's hand-written loop (``cases``: tuples like
    :func:`engine_cases`' own, which are the default)."""
    rows = []
    for name, session, make_baseline, steps in cases or engine_cases():
        trainer = Trainer(session.copy())
        trainer.events.subscribe(lambda event: None)  # events on
        baseline = make_baseline(
            session.params.weights,
            session.params.biases,
            session.inputs,
            session.targets,
            session.learning_rate,
        )
        torch_run = torch_runner(session) if with_torch else None
        engine_t = base_t = torch_t = float("inf")
        for _ in range(rounds):  # interleaved, so load spikes hit both alike
            engine_t = min(engine_t, best_time(trainer.run, steps, 1))
            base_t = min(base_t, best_time(baseline, steps, 1))
            if torch_run is not None:
                torch_t = min(torch_t, best_time(torch_run, max(steps // 4, 20), 1))
        rows.append(
            {
                "case": name,
                "engine_us": engine_t * 1e6,
                "numpy_us": base_t * 1e6,
                "ratio": base_t / engine_t,
                "torch_ratio": torch_t / engine_t if torch_run is not None else None,
            }
        )
    return rows


def bench_trace(rounds: int = 5) -> dict:
    """Run time with every quantity traced against no trace (2-2-2), and the
    writer's rows per second against csv.writer on the same numbers."""
    steps = 20_000
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "t.csv")

    def timed_run(trace: bool) -> float:
        trainer = Trainer(load_preset("mazur"))  # set-up is not timed
        writer = TraceWriter(path) if trace else None
        if writer is not None:
            writer.attach(trainer)
        start = time.perf_counter()
        trainer.run(steps)
        if writer is not None:
            writer.close()  # includes flushing and syncing the file
        return time.perf_counter() - start

    plain_t = traced_t = float("inf")
    for _ in range(rounds):
        plain_t = min(plain_t, timed_run(False))
        traced_t = min(traced_t, timed_run(True))
    with open(path) as f:
        rows_per_step = (sum(1 for _ in f) - 1 - 10) / steps

    # the writer alone against csv.writer, on the same phase results
    trainer = Trainer(load_preset("circles"))
    results = []
    for _ in range(20):
        trainer.run_phase()
        fwd = trainer.forward_result
        trainer.run_phase()
        results.append((trainer.step + 1, fwd, trainer.backward_result))
        trainer.run_phase()

    def ours():
        writer = TraceWriter(path)
        for step, fwd, bwd in results:
            writer.write_forward(step, fwd)
            writer.write_backward(step, bwd, fwd.samples)
        writer.close()
        return writer.rows

    def csv_loop():
        buffer = io.StringIO()
        out = csv.writer(buffer)
        count = 0
        for step, fwd, bwd in results:
            for quantity, arrays, phase in (
                ("z", fwd.z, "forward"),
                ("a", fwd.a, "forward"),
                ("delta", bwd.delta, "backward"),
            ):
                for l, array in enumerate(arrays):
                    if array is None:
                        continue
                    for (r, c), v in np.ndenumerate(array):
                        out.writerow(
                            [step, phase, quantity, l, int(fwd.samples[r]), c, float(v)]
                        )
                        count += 1
            for quantity, arrays in (("dW", bwd.dW), ("db", bwd.db)):
                for l, array in enumerate(arrays, start=1):
                    for index, v in np.ndenumerate(array):
                        row, col = index if array.ndim == 2 else ("", index[0])
                        out.writerow(
                            [step, "backward", quantity, l, row, col, float(v)]
                        )
                        count += 1
            out.writerow([step, "forward", "loss", "", "", "", float(fwd.loss)])
            count += 1
        with open(path, "w", newline="") as f:
            f.write(buffer.getvalue())
        return count

    ours_t = csv_t = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        n_ours = ours()
        ours_t = min(ours_t, time.perf_counter() - start)
        start = time.perf_counter()
        n_csv = csv_loop()
        csv_t = min(csv_t, time.perf_counter() - start)
    return {
        "slowdown": traced_t / plain_t,
        "rows_per_step": rows_per_step,
        "writer_rows_s": n_ours / ours_t,
        "csv_rows_s": n_csv / csv_t,
        "same_rows": n_ours == n_csv,
    }
