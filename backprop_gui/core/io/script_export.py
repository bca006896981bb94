"""Exported scripts and notebooks: a session written out as a standalone NumPy
script (``.py``) or a Jupyter notebook (``.ipynb``, one cell per phase) that trains
it as the app does and prints every phase's numbers (see :mod:`.script_code` for the
network's own code). The notebook's JSON is written directly (nbformat 4)."""

from __future__ import annotations

from ..engine.session import Session
from .script_code import ScriptCode, backward_code, forward_code, literal

#: The most updates a script may run: it prints every number of each.
MAX_SCRIPT_STEPS = 1000

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


def _optimizer(session: Session) -> list[str]:
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


def _data_lines(session: Session) -> list[str]:
    """X and Y: the samples that train (without the validation rows)."""
    rows = session.split_rows()[0]
    held = session.n_samples - len(rows)
    note = f" ({held} validation samples left out: they do not train)" if held else ""
    return [
        f"# the data: {len(rows)} samples, inputs X and targets Y{note}",
        f"X = np.array({literal(session.inputs[rows])})",
        f"Y = np.array({literal(session.targets[rows])})",
    ]


def _batch(session: Session) -> list[str]:
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


def _update(session: Session) -> list[str]:
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


def script_code(session: Session, steps: int, version: str) -> ScriptCode:
    """The code that trains ``session`` for ``steps`` updates, as the app does."""
    spec = session.spec
    o = session.optimizer
    shared = spec.bias_mode == "shared"
    first, last = session.step + 1, session.step + steps
    doc = (
        f'"""{session.name or "session"}: {spec.layers} network trained for '
        f"{steps} update(s), {first} to {last}.\n\n"
        f"Exported from backprop-gui {version}: plain NumPy, no other dependency. "
        "It prints every phase's numbers, and last a JSON line with the loss before\n"
        "the last update and the weights and biases after it (the session file's "
        "layout).\n\n"
        "W[l][i, j] joins neuron i of layer l to neuron j of layer l+1 (0-based).\n"
        '"""'
    )
    state_init = []
    for name in o.buffers:
        state_init.append(f"'{name}': np.zeros_like(p)")
    trained = "W + b" if spec.train_biases and spec.bias_mode != "none" else "W"
    buffers = session.optimizer_state.buffers
    setup = [
        "import json",
        "",
        "import numpy as np",
        "",
        "np.set_printoptions(precision=12, suppress=False, linewidth=100)",
        "",
        *_data_lines(session),
        f"# the parameters at step {session.step}",
        "W = [",
        *[f"    np.array({literal(w)})," for w in session.params.weights],
        "]",
        f"b = [  # biases: {spec.bias_mode}"
        + ("" if spec.train_biases else " (frozen: they never change)"),
        *[f"    np.array({literal(v)})," for v in session.params.biases],
        "]",
        f"LEARNING_RATE = {session.learning_rate!r}",
        *_optimizer(session),
        "",
        "",
        "def softmax(z):",
        "    shifted = z - z.max(axis=1, keepdims=True)",
        "    exps = np.exp(shifted)",
        "    return exps / exps.sum(axis=1, keepdims=True)",
        "",
        "",
        *forward_code(session),
        "",
        "",
        *backward_code(session),
        "",
        "",
        *_update(session),
        "",
        "",
        *_batch(session),
        "",
        "",
        f"# the optimizer's state: one dict per trained array ({trained})",
        f"state = [{{{', '.join(state_init)}}} for p in {trained}]",
    ]
    if buffers and session.optimizer_state.count:
        from ..engine.parameters import buffer_views

        setup.append("# ... as the session holds it after its earlier updates")
        for name, buffer in buffers.items():
            views = buffer_views(buffer, spec)
            arrays = list(views.weights) + (
                list(views.biases) if trained == "W + b" else []
            )
            for k, array in enumerate(arrays):
                setup.append(f"state[{k}]['{name}'] = np.array({literal(array)})")
    setup.append(f"t = {session.optimizer_state.count}  # updates the state has seen")
    phases = [
        (
            "forward",
            "x, y = X[batch(step)], Y[batch(step)]\n"
            "z, a, loss = forward(W, b, x, y)\n"
            "for l in range(1, len(z)):\n"
            '    print(f"step {step} forward: z{l} =", z[l], f"a{l} =", a[l])\n'
            'print(f"step {step} loss =", repr(loss))\n'
            "if not np.isfinite(loss):  # diverged: the app stops here too\n"
            '    raise SystemExit(f"step {step}: the loss is not finite")',
        ),
        (
            "backward",
            "delta, dW, db = backward(W, b, z, a, y)\n"
            "for l in range(1, len(delta)):\n"
            '    print(f"step {step} backward: delta{l} =", delta[l])\n'
            '    print(f"step {step} dW{l} =", dW[l - 1], f"db{l} =", db[l - 1])',
        ),
        (
            "update",
            "t = t + 1\n"
            "W, b = update(W, b, dW, db, state, t)\n"
            "for l in range(1, len(W) + 1):\n"
            '    print(f"step {step} update: W{l} =", W[l - 1], f"b{l} =", b[l - 1])',
        ),
    ]
    bias_json = "[float(v[0]) for v in b]" if shared else "[v.tolist() for v in b]"
    summary = (
        "print(json.dumps({"
        '"step": step, "loss": loss, '
        '"weights": [w.tolist() for w in W], '
        f'"biases": {bias_json}}}))'
    )
    return ScriptCode(doc, "\n".join(setup), phases, summary)


def python_script(session: Session, steps: int, version: str) -> str:
    """A standalone ``.py`` script: the setup, then a loop over the updates."""
    code = script_code(session, steps, version)
    first, last = session.step + 1, session.step + steps
    loop = [f"for step in range({first}, {last + 1}):"]
    for title, body in code.phases:
        loop.append(f"    # {title}")
        loop += ["    " + line for line in body.split("\n")]
    return "\n".join(
        [code.docstring, "", code.setup, "", "", *loop, "", code.summary, ""]
    )


def notebook(session: Session, steps: int, version: str) -> dict:
    """A Jupyter notebook (nbformat 4) with the same code: the setup, then one
    cell per phase of every update, and the summary."""

    ids = iter(range(1, 1_000_000))

    def cell(kind: str, text: str) -> dict:
        lines = text.split("\n")
        source = [line + "\n" for line in lines[:-1]] + [lines[-1]]
        # nbformat 4.5: every cell has an id
        if kind == "markdown":
            return {
                "cell_type": "markdown",
                "id": f"cell-{next(ids)}",
                "metadata": {},
                "source": source,
            }
        return {
            "cell_type": "code",
            "id": f"cell-{next(ids)}",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": source,
        }

    code = script_code(session, steps, version)
    title = code.docstring.strip('"').split("\n")[0]
    cells = [cell("markdown", f"# {title}\n\n{code.docstring.strip(chr(34))}")]
    cells.append(cell("code", code.setup))
    for step in range(session.step + 1, session.step + steps + 1):
        cells.append(cell("markdown", f"## Update {step}"))
        for k, (phase, body) in enumerate(code.phases):
            prefix = f"step = {step}\n" if k == 0 else ""
            cells.append(cell("code", f"# {phase}\n{prefix}{body}"))
    cells.append(cell("code", code.summary))
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },  # fmt: skip
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write_script(session: Session, steps: int, path, version: str) -> None:
    """Write ``path`` (``.py`` or ``.ipynb``) atomically."""
    import json
    from pathlib import Path

    from .atomic_write import atomic_write

    if not 1 <= steps <= MAX_SCRIPT_STEPS:
        raise ValueError(f"export from 1 to {MAX_SCRIPT_STEPS:,} updates")
    suffix = Path(path).suffix.lower()
    if suffix == ".ipynb":
        text = json.dumps(notebook(session, steps, version), indent=1) + "\n"
    elif suffix == ".py":
        text = python_script(session, steps, version)
    else:
        raise ValueError(f"{path}: name a .py script or an .ipynb notebook")
    with atomic_write(path) as handle:
        handle.write(text)
