"""Minimal hand-written NumPy training loops: the same math as the engine for each
benchmark network, with nothing else (no phases, events, caches or bookkeeping).

Each ``make_*`` returns a function running ``n`` full steps (forward, loss,
backward, update) on its own copies of the parameters.
"""

from __future__ import annotations

import numpy as np


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(np.minimum(-z, 709.0)))


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def make_sigmoid_half_sse_shared(W, b, x, y, lr):
    """2-2-2 mazur: sigmoid layers, 1/2 SSE, one shared bias per layer."""
    W1, W2 = (w.copy() for w in W)
    b1, b2 = (v.copy() for v in b)
    m = x.shape[0]

    def run(n):
        nonlocal W1, W2, b1, b2
        for _ in range(n):
            a1 = _sigmoid(x @ W1 + b1)
            a2 = _sigmoid(a1 @ W2 + b2)
            diff = y - a2
            loss = 0.5 * float(np.dot(diff.ravel(), diff.ravel())) / m  # noqa: F841
            d2 = (a2 - y) / m * (a2 * (1.0 - a2))
            d1 = (d2 @ W2.T) * (a1 * (1.0 - a1))
            W2 = W2 - lr * (a1.T @ d2)
            b2 = b2 - lr * d2.sum()
            W1 = W1 - lr * (x.T @ d1)
            b1 = b1 - lr * d1.sum()

    return run


def make_tanh_sigmoid_bce(W, b, x, y, lr):
    """2-8-1: tanh hidden, sigmoid output, binary cross-entropy, per-neuron biases."""
    W1, W2 = (w.copy() for w in W)
    b1, b2 = (v.copy() for v in b)
    size = y.size

    def run(n):
        nonlocal W1, W2, b1, b2
        for _ in range(n):
            a1 = np.tanh(x @ W1 + b1)
            z2 = a1 @ W2 + b2
            a2 = _sigmoid(z2)
            loss = np.mean(np.maximum(z2, 0) - z2 * y + np.log1p(np.exp(-np.abs(z2))))  # noqa: F841
            d2 = (a2 - y) / size
            d1 = (d2 @ W2.T) * (1.0 - a1 * a1)
            W2 = W2 - lr * (a1.T @ d2)
            b2 = b2 - lr * d2.sum(axis=0)
            W1 = W1 - lr * (x.T @ d1)
            b1 = b1 - lr * d1.sum(axis=0)

    return run


def make_relu_softmax_ce(W, b, x, y, lr):
    """64-32-10 and 784-128-10: relu hidden, softmax output, cross-entropy."""
    W1, W2 = (w.copy() for w in W)
    b1, b2 = (v.copy() for v in b)
    m = x.shape[0]

    def run(n):
        nonlocal W1, W2, b1, b2
        for _ in range(n):
            z1 = x @ W1 + b1
            a1 = np.maximum(z1, 0.0)
            z2 = a1 @ W2 + b2
            a2 = _softmax(z2)
            shifted = z2 - z2.max(axis=1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            loss = -(y * log_p).sum() / m  # noqa: F841
            d2 = (a2 - y) / m
            d1 = (d2 @ W2.T) * (z1 > 0)
            W2 = W2 - lr * (a1.T @ d2)
            b2 = b2 - lr * d2.sum(axis=0)
            W1 = W1 - lr * (x.T @ d1)
            b1 = b1 - lr * d1.sum(axis=0)

    return run
