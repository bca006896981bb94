"""The optimizers' cost: the engine with Adam against a hand-written NumPy Adam loop
(which computes the loss too, as the engine does and the SGD baselines do), and a
traced Adam run against a traced SGD run. Same process, interleaved, best of
several rounds: ratios, not absolute times."""

from __future__ import annotations

import os
import tempfile
import time

import numpy as np
from engine_bench import bench_engine

from backprop_gui.core import InitSpec, NetworkSpec, Session, Trainer, load_preset
from backprop_gui.core.engine.optimizer_spec import OptimizerSpec
from backprop_gui.core.io.trace import TraceWriter

BETA1, BETA2, EPS = 0.9, 0.999, 1e-8


def _adam(params, grads, m, v, t, lr):
    """Adam on lists of arrays, written the plain way: one tensor at a time."""
    out = []
    for k, (p, g) in enumerate(zip(params, grads)):
        m[k] = BETA1 * m[k] + (1 - BETA1) * g
        v[k] = BETA2 * v[k] + (1 - BETA2) * g * g
        m_hat = m[k] / (1 - BETA1**t)
        v_hat = v[k] / (1 - BETA2**t)
        out.append(p - lr * m_hat / (np.sqrt(v_hat) + EPS))
    return out


def make_tanh_sigmoid_bce_adam(W, b, x, y, lr):
    """2-8-1: tanh hidden, sigmoid output, bce, trained with Adam."""
    params = [W[0].copy(), b[0].copy(), W[1].copy(), b[1].copy()]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    size = y.size
    t = 0

    def run(n):
        nonlocal params, t
        for _ in range(n):
            W1, b1, W2, b2 = params
            a1 = np.tanh(x @ W1 + b1)
            z2 = a1 @ W2 + b2
            a2 = 1.0 / (1.0 + np.exp(-z2))
            loss = np.mean(np.maximum(z2, 0) - z2 * y + np.log1p(np.exp(-np.abs(z2))))  # noqa: F841
            d2 = (a2 - y) / size
            d1 = (d2 @ W2.T) * (1.0 - a1 * a1)
            grads = [x.T @ d1, d1.sum(axis=0), a1.T @ d2, d2.sum(axis=0)]
            t += 1
            params = _adam(params, grads, m, v, t, lr)

    return run


def make_relu_softmax_ce_adam(W, b, x, y, lr):
    """64-32-10: relu hidden, softmax output, cross-entropy, trained with Adam."""
    params = [W[0].copy(), b[0].copy(), W[1].copy(), b[1].copy()]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    batch = x.shape[0]
    t = 0

    def run(n):
        nonlocal params, t
        for _ in range(n):
            W1, b1, W2, b2 = params
            z1 = x @ W1 + b1
            a1 = np.maximum(z1, 0.0)
            z2 = a1 @ W2 + b2
            shifted = z2 - z2.max(axis=1, keepdims=True)
            e = np.exp(shifted)
            total = e.sum(axis=1, keepdims=True)
            a2 = e / total
            loss = -(y * (shifted - np.log(total))).sum() / batch  # noqa: F841
            d2 = (a2 - y) / batch
            d1 = (d2 @ W2.T) * (z1 > 0)
            grads = [x.T @ d1, d1.sum(axis=0), a1.T @ d2, d2.sum(axis=0)]
            t += 1
            params = _adam(params, grads, m, v, t, lr)

    return run


ADAM = {"optimizer": OptimizerSpec("adam")}


def adam_cases():
    rng = np.random.default_rng(0)
    spec = NetworkSpec([2, 8, 1], ["tanh", "sigmoid"], "bce")
    x = rng.normal(size=(4, 2))
    y = (rng.uniform(size=(4, 1)) > 0.5).astype(float)
    s = Session.create(spec, InitSpec("xavier", 1), x, y, learning_rate=0.01, **ADAM)
    yield "2-8-1 batch 4", s, make_tanh_sigmoid_bce_adam, 4000
    spec = NetworkSpec([64, 32, 10], ["relu", "softmax"], "cross_entropy")
    x = rng.normal(size=(64, 64))
    y = np.eye(10)[rng.integers(0, 10, 64)]
    s = Session.create(spec, InitSpec("he", 2), x, y, learning_rate=0.001, **ADAM)
    yield "64-32-10 batch 64", s, make_relu_softmax_ce_adam, 2000


def bench_adam_engine(rounds: int = 7) -> list[dict]:
    """Updates per second of the engine with Adam against the hand-written loop."""
    return bench_engine(rounds, cases=adam_cases())


def bench_traced_adam(rounds: int = 5) -> dict:
    """A run with every quantity traced, Adam (its m and v rows included) against
    SGD, on mazur."""
    steps = 10_000
    path = os.path.join(tempfile.mkdtemp(), "t.csv")

    def timed(optimizer: OptimizerSpec) -> float:
        trainer = Trainer(load_preset("mazur"))
        trainer.set_optimizer(optimizer)
        writer = TraceWriter(path)
        writer.attach(trainer)
        start = time.perf_counter()
        trainer.run(steps)
        writer.close()
        return time.perf_counter() - start

    sgd_t = adam_t = float("inf")
    for _ in range(rounds):
        sgd_t = min(sgd_t, timed(OptimizerSpec()))
        adam_t = min(adam_t, timed(OptimizerSpec("adam")))
    return {"sgd_s": sgd_t, "adam_s": adam_t, "ratio": adam_t / sgd_t}
