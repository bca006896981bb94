"""The optimizers and the penalty by the formulas of issue 17, in plain NumPy: the
reference the engine is tested against."""

import numpy as np


def reference_update(name, o, lr, theta, g, state, t):
    """One update by the formulas of issue 17 (``t`` counts from 1); returns the
    new values and state."""
    mu, alpha, (b1, b2), eps, wd = o.momentum, o.alpha, o.betas, o.eps, o.weight_decay
    state = dict(state)
    if name == "adamw":
        theta = theta * (1 - lr * wd)
        wd = 0.0
    g = g + wd * theta
    if name == "sgd":
        return theta - lr * g, state
    if name in ("momentum", "nesterov"):
        b = g.copy() if t == 1 else mu * state["velocity"] + g
        state["velocity"] = b
        step = b if name == "momentum" else g + mu * b
        return theta - lr * step, state
    if name == "rmsprop":
        v = alpha * state["v"] + (1 - alpha) * g**2
        state["v"] = v
        return theta - lr * g / (np.sqrt(v) + eps), state
    m = b1 * state["m"] + (1 - b1) * g
    v = b2 * state["v"] + (1 - b2) * g**2
    state["m"], state["v"] = m, v
    m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), state


def reference_penalty(weights, r):
    return r.l1 * sum(np.abs(w).sum() for w in weights) + r.l2 / 2 * sum(
        (w**2).sum() for w in weights
    )
