"""Exported scripts and notebooks: a session written out as a standalone NumPy
script (``.py``) or a Jupyter notebook (``.ipynb``, one cell per phase) that trains
it as the app does and prints every phase's numbers. :mod:`.script_code` writes the
network's passes, :mod:`.training_code` the data, batches and the optimizer's rule.
The notebook's JSON is written directly (nbformat 4)."""

from __future__ import annotations

from ..engine.session import Session
from .script_code import ScriptCode, backward_code, forward_code, literal
from .training_code import batch_code, data_code, optimizer_code, update_code

#: The most updates a script may run: it prints every number of each.
MAX_SCRIPT_STEPS = 1000


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
        *data_code(session),
        f"# the parameters at step {session.step}",
        "W = [",
        *[f"    np.array({literal(w)})," for w in session.params.weights],
        "]",
        f"b = [  # biases: {spec.bias_mode}"
        + ("" if spec.train_biases else " (frozen: they never change)"),
        *[f"    np.array({literal(v)})," for v in session.params.biases],
        "]",
        f"LEARNING_RATE = {session.learning_rate!r}",
        *optimizer_code(session),
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
        *update_code(session),
        "",
        "",
        *batch_code(session),
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
