"""The training loop's code in an exported script or notebook: the data that
train, the batch of each update, the optimizer's rule and the update of the
parameters (see :mod:`.script_export`; :mod:`.script_code` writes the passes)."""

from __future__ import annotations

from ..engine.session import Session
from .script_code import literal

_RULES = {
    "sgd": ["    return theta - lr * g"],
    "momentum": [
        "    s['velocity'] = g.copy() if t == 1 else MOMENTUM * s['velocity'] + g",
        "    return theta - lr * s['velocity']",
    ],
    "nesterov": [
        "    s['velocity'] = g.copy() if t == 1 else MOMENTUM * s['velocity'] + g",
        "    return theta - lr * (g + MOMENTUM * s['velocity'])",
    ],
    "rmsprop": [
        "    s['v'] = ALPHA * s['v'] + (1.0 - ALPHA) * (g * g)",
        "    return theta - lr * g / (np.sqrt(s['v']) + EPS)",
    ],
    "adam": [
        "    s['m'] = BETA1 * s['m'] + (1.0 - BETA1) * g",
        "    s['v'] = BETA2 * s['v'] + g * g * (1.0 - BETA2)",
        "    m_hat = s['m'] / (1.0 - BETA1**t)",
        "    v_hat = s['v'] / (1.0 - BETA2**t)",
        "    return theta - m_hat * lr / (np.sqrt(v_hat) + EPS)",
    ],
}


def optimizer_code(session: Session) -> list[str]:
    o = session.optimizer
    name = "adam" if o.name == "adamw" else o.name
    lines = [f"# optimizer: {o.describe()}"]
    constants = {
        "momentum": ("MOMENTUM", o.momentum),
        "alpha": ("ALPHA", o.alpha),
        "eps": ("EPS", o.eps),
    }
    for option in o.options:
        if option in constants:
            lines.append(f"{constants[option][0]} = {constants[option][1]!r}")
        elif option == "betas":
            lines += [f"BETA1 = {o.betas[0]!r}", f"BETA2 = {o.betas[1]!r}"]
    lines.append(f"WEIGHT_DECAY = {o.weight_decay!r}")
    lines += [
        "",
        "",
        "def rule(theta, g, s, t, lr):",
        f'    """One {o.title} update of one array (s: its state, t: the update',
        '    count from 1)."""',
    ]
    if o.name == "adamw":
        lines.append("    theta = theta * (1.0 - lr * WEIGHT_DECAY)  # decoupled decay")
    else:
        lines.append("    g = g + WEIGHT_DECAY * theta if WEIGHT_DECAY else g")
    lines += _RULES[name]
    return lines


def data_code(session: Session) -> list[str]:
    """X and Y: the samples that train (without the validation rows)."""
    rows = session.split_rows()[0]
    held = session.n_samples - len(rows)
    note = f" ({held} validation samples left out: they do not train)" if held else ""
    return [
        f"# the data: {len(rows)} samples, inputs X and targets Y{note}",
        f"X = np.array({literal(session.inputs[rows])})",
        f"Y = np.array({literal(session.targets[rows])})",
    ]


def batch_code(session: Session) -> list[str]:
    n, size, seed = session.n_training, session.batch_size, session.shuffle_seed
    lines = [
        "def batch(step):",
        '    """The sample indices update `step` (from 1) uses."""',
    ]
    if seed is None and (size is None or size >= n):
        return lines + [f"    return np.arange({n})  # the full batch, in order"]
    per_epoch = 1 if size is None or size >= n else -(-n // size)
    lines.append(f"    epoch, position = divmod(step - 1, {per_epoch})")
    if seed is None:
        lines.append(f"    order = np.arange({n})")
    else:
        lines.append(
            f"    order = np.random.default_rng([{seed}, epoch]).permutation({n})"
        )
    if per_epoch == 1:
        return lines + ["    return order"]
    return lines + [f"    return order[position * {size} : (position + 1) * {size}]"]


def update_code(session: Session) -> list[str]:
    spec = session.spec
    trained = "W + b" if spec.train_biases and spec.bias_mode != "none" else "W"
    lines = [
        "def update(W, b, dW, db, state, t):",
        '    """New parameters from the gradients (the state changes in place)."""',
        f"    params, grads = {trained}, {'dW + db' if trained == 'W + b' else 'dW'}",
        "    new = [",
        "        rule(p, g, s, t, LEARNING_RATE)",
        "        for p, g, s in zip(params, grads, state)",
        "    ]",
        f"    return new[:{spec.depth}], "
        + (f"new[{spec.depth}:]" if trained == "W + b" else "b  # frozen biases"),
    ]
    return lines
