"""Explain a number: the chain rule written out with this step's actual values.

Every value in an explanation is read from the engine's own caches (``a``, ``z``,
``delta``, ``dW``, ``db``), so the explanation shows exactly what the engine
computed. Each :class:`Explanation` has lines of text and ``links``: the factors it
used that can be explained in turn, as keys such as ``("delta", layer, neuron,
row)``. Layers and neurons are 0-based here, rows index the batch.

An explanation never mixes passes. A gradient or a delta is explained with the
backward pass that computed it and the forward pass *that* backward used (not a
newer forward); an activation with the latest forward pass; the weights, biases and
targets are the ones those passes were computed with. When the pass is not the
current state's (a newer forward ran, or something was edited since) the
explanation says so in ``stale``, and its equations stay true for the numbers they
show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .data_edits import is_whole
from .explain_loss import explain_loss
from .explain_snapshot import Snapshot as _Snapshot
from .explain_snapshot import snapshot as _snapshot
from .explain_snapshot import used_parameters as _used_parameters
from .explain_update import explain_update, is_update_key
from .trainer import Trainer


@dataclass
class Explanation:
    title: str
    lines: list[str]
    #: The value explained, exactly as the engine holds it.
    value: float
    #: Factors that can be explained in turn: (label, key).
    links: list[tuple[str, tuple]] = field(default_factory=list)
    #: Empty when the numbers are the current state's, else why they are not
    #: (a sentence for the user).
    stale: str = ""


def _f(x: float) -> str:
    return f"{x:.12g}"


def _neuron(layer: int, n: int, depth: int) -> str:
    if layer == 0:
        return f"input {n + 1}"
    return f"{'output' if layer == depth else f'hidden {layer}'} neuron {n + 1}"


def _sample(fwd, row: int) -> str:
    """Row ``row`` of a pass's batch as the graph names it: "sample 3" when it
    is the dataset's row 3, else "batch sample 3 = dataset row 37"."""
    sample = int(fwd.samples[row])
    if sample == row:
        return f"sample {row + 1}"
    return f"batch sample {row + 1} = dataset row {sample + 1}"


def _index(k) -> bool:
    """A layer, neuron or sample number of a key: a whole number >= 0 (not
    counted from the end, as a negative Python index would)."""
    return is_whole(k) and k >= 0


def explain(trainer: Trainer, key: tuple) -> Explanation:
    """Dispatch on the key: ``("dW", l, i, j)``, ``("db", l, j)``,
    ``("delta", layer, n, row)`` or ``("a", layer, n, row)``. Raises ValueError
    when there is nothing (consistent) to explain."""
    if not isinstance(key, tuple) or not key:
        raise ValueError(f"cannot explain {key!r}")
    if is_update_key(key):
        return explain_update(trainer, key)
    if key == ("loss",):
        return explain_loss(trainer)
    explainers = {
        "dW": _weight_gradient,
        "db": _bias_gradient,
        "delta": _delta,
        "a": _activation,
    }
    counts = {"dW": 4, "db": 3, "delta": 4, "a": 4}
    if (
        key[0] not in explainers
        or len(key) != counts[key[0]]
        or not all(_index(k) for k in key[1:])
    ):
        raise ValueError(f"cannot explain {key!r}")
    snapshot = _snapshot(trainer, key)
    if key[0] in ("delta", "a") and key[3] >= len(snapshot.fwd.samples):
        count = len(snapshot.fwd.samples)  # a rewind to a smaller last batch
        raise ValueError(
            f"sample {key[3] + 1} is not in this batch: it has {count} "
            f"sample{'s' * (count != 1)}"
        )
    try:
        result = explainers[key[0]](snapshot, trainer.session.spec, *key[1:])
    except IndexError:
        raise ValueError("this network has no such neuron or parameter") from None
    result.stale = snapshot.stale
    return result


def _weight_gradient(snap: _Snapshot, spec, l: int, i: int, j: int) -> Explanation:
    fwd, bwd = snap.fwd, snap.bwd
    depth = spec.depth
    a_in, d_out = fwd.a[l][:, i], bwd.delta[l + 1][:, j]
    value = float(bwd.dW[l][i, j])
    src, dst = _neuron(l, i, depth), _neuron(l + 1, j, depth)
    title = f"dL/dW{l + 1}[{i + 1}→{j + 1}]: the weight from {src} to {dst}"
    linked = range(min(len(a_in), 6))  # 12 links at most, as everywhere
    links = [(f"δ of {dst}, sample {r + 1}", ("delta", l + 1, j, r)) for r in linked]
    links += [(f"a of {src}, sample {r + 1}", ("a", l, i, r)) for r in linked]
    r = bwd.regularization
    data_part = float(a_in @ d_out) if r.active else value
    if len(a_in) == 1:
        lines = [
            "dL/dw = δ_j · a_i   (z_j = Σ_i a_i w_ij + b_j, so dz_j/dw_ij = a_i)",
            f"      = {_f(d_out[0])} × {_f(a_in[0])}",
            f"      = {_f(data_part)}",
        ]
    else:
        terms = [f"{_f(d)} × {_f(a)}" for d, a in zip(d_out[:4], a_in[:4])]
        more = f" + … ({len(a_in) - 4} more)" if len(a_in) > 4 else ""
        lines = [
            f"dL/dw = Σ over the {len(a_in)} samples of δ_j(s) · a_i(s)",
            f"      = {' + '.join(terms)}{more}",
            f"      = {_f(data_part)}",
        ]
    if r.active:
        w = float(_used_parameters(snap).weights[l][i, j])
        sign = float(np.sign(w))
        penalty = r.l1 * sign + r.l2 * w
        lines[0] = lines[0].replace("dL/dw", "dL_data/dw", 1)
        lines += [
            f"penalty: l1·sign(w) + l2·w = {_f(r.l1)} × {_f(sign)} + {_f(r.l2)} × "
            f"{_f(w)} = {_f(penalty)}",
            f"dL/dw = {_f(data_part)} + {_f(penalty)} = {_f(value)}",
        ]
    return Explanation(title, lines, value, links)


def _bias_gradient(snap: _Snapshot, spec, l: int, j: int) -> Explanation:
    bwd = snap.bwd
    deltas = bwd.delta[l + 1]
    value = float(bwd.db[l][j])
    if spec.bias_mode == "shared":
        title = f"dL/db{l + 1}: the bias shared by every neuron of layer {l + 1}"
        cells = [(r, n) for r in range(deltas.shape[0]) for n in range(deltas.shape[1])]
        rule = "dL/db = Σ of δ over every neuron (and sample) the bias feeds"
    else:
        title = f"dL/db{l + 1}[{j + 1}]: the bias of {_neuron(l + 1, j, spec.depth)}"
        cells = [(r, j) for r in range(deltas.shape[0])]
        rule = "dL/db = Σ over samples of δ_j   (dz_j/db_j = 1)"
    terms = " + ".join(_f(deltas[r, n]) for r, n in cells[:6])
    more = f" + … ({len(cells) - 6} more)" if len(cells) > 6 else ""
    links = [
        (
            f"δ of {_neuron(l + 1, n, spec.depth)}, sample {r + 1}",
            ("delta", l + 1, n, r),
        )
        for r, n in cells[:12]
    ]
    lines = [rule, f"      = {terms}{more}", f"      = {_f(value)}"]
    return Explanation(title, lines, value, links)


def _delta(snap: _Snapshot, spec, layer: int, n: int, row: int) -> Explanation:
    fwd, bwd = snap.fwd, snap.bwd
    depth = spec.depth
    activation = spec.activation_functions[layer - 1]
    a, z = float(fwd.a[layer][row, n]), float(fwd.z[layer][row, n])
    value = float(bwd.delta[layer][row, n])
    name = _neuron(layer, n, depth)
    title = f"δ = dL/dz of {name}, {_sample(fwd, row)}"
    if layer == depth:
        return _output_delta(snap, spec, title, layer, n, row, a, z, value)
    weights = _used_parameters(snap).weights[layer]
    after = bwd.delta[layer + 1][row]
    grad_a = float(after @ weights[n])
    terms = " + ".join(
        f"{_f(weights[n, k])} × {_f(after[k])}" for k in range(min(len(after), 4))
    )
    more = f" + … ({len(after) - 4} more)" if len(after) > 4 else ""
    derivative = _derivative(
        activation,
        fwd.z[layer][row : row + 1, n : n + 1],
        fwd.a[layer][row : row + 1, n : n + 1],
    )
    lines = [
        f"δ_j = (Σ_k w_jk δ_k) · f'(z_j),   f = {activation.name}, "
        f"f'(z) = {activation.derivative_formula()}",
        f"Σ_k w_jk δ_k = {terms}{more} = {_f(grad_a)}",
        f"f'(z_j) = {_f(derivative)}   (z = {_f(z)}, a = {_f(a)})",
        f"δ_j = {_f(grad_a)} × {_f(derivative)} = {_f(value)}",
    ]
    links = [
        (
            f"δ of {_neuron(layer + 1, k, depth)}, sample {row + 1}",
            ("delta", layer + 1, k, row),
        )
        for k in range(min(len(after), 12))
    ]
    links.append((f"a of {name}, sample {row + 1}", ("a", layer, n, row)))
    return Explanation(title, lines, value, links)


def _derivative(activation, z: np.ndarray, a: np.ndarray) -> float:
    """f'(z) of an elementwise activation at one neuron; NaN for softmax, whose
    derivative is a matrix (its delta is explained with the loss instead)."""
    if activation.elementwise:
        return float(activation.derivative(z, a)[0, 0])
    return float("nan")


def _output_delta(snap, spec, title, layer, n, row, a, z, value) -> Explanation:
    fwd = snap.fwd
    y = float(fwd.y[row, n])
    batch, outputs = fwd.a[layer].shape
    activation = spec.activation_functions[layer - 1]
    links = [
        (
            f"a of {_neuron(layer, n, spec.depth)}, sample {row + 1}",
            ("a", layer, n, row),
        )
    ]
    if spec.loss in ("bce", "cross_entropy"):
        scale = batch * outputs if spec.loss == "bce" else batch
        pair = "sigmoid + bce" if spec.loss == "bce" else "softmax + cross_entropy"
        lines = [
            f"With {pair} the output delta simplifies: δ = (a - y) / {scale}",
            f"      = ({_f(a)} - {_f(y)}) / {scale}",
            f"      = {_f(value)}",
        ]
        return Explanation(title, lines, value, links)
    if spec.loss == "mse":  # the engine's own expressions, to the last bit
        grad_a = (2.0 / (batch * outputs)) * (a - y)
        rule = f"dL/da = 2 (a - y) / {batch * outputs}"
    else:
        grad_a = (a - y) / batch
        rule = f"dL/da = (a - y) / {batch}"
    lines = [
        "δ = dL/da · f'(z)",
        f"loss {spec.loss}: {rule};   f = {activation.name}, "
        f"f'(z) = {activation.derivative_formula()}",
        f"dL/da = {_f(grad_a)}   (a = {_f(a)}, target y = {_f(y)})",
    ]
    if activation.elementwise:
        derivative = _derivative(
            activation,
            fwd.z[layer][row : row + 1, n : n + 1],
            fwd.a[layer][row : row + 1, n : n + 1],
        )
        lines.append(f"f'(z) = {_f(derivative)}   (z = {_f(z)})")
        lines.append(f"δ = {_f(grad_a)} × {_f(derivative)} = {_f(value)}")
    else:
        lines.append(f"δ = softmax Jacobian · dL/da (row {row + 1}) = {_f(value)}")
    return Explanation(title, lines, value, links)


def _activation(snap: _Snapshot, spec, layer: int, n: int, row: int) -> Explanation:
    fwd = snap.fwd
    value = float(fwd.a[layer][row, n])
    name = _neuron(layer, n, spec.depth)
    if layer == 0:
        sample = int(fwd.samples[row])
        return Explanation(
            f"a of {name}, {_sample(fwd, row)}",
            [f"the input value of sample {sample + 1} of the dataset: {_f(value)}"],
            value,
        )
    z = float(fwd.z[layer][row, n])
    used = _used_parameters(snap)
    w = used.weights[layer - 1][:, n]
    prev = fwd.a[layer - 1][row]
    terms = " + ".join(f"{_f(p)} × {_f(q)}" for p, q in zip(prev[:4], w[:4]))
    more = f" + … ({len(prev) - 4} more)" if len(prev) > 4 else ""
    bias = used.biases[layer - 1]
    b = "" if bias.size == 0 else f" + {_f(bias[0 if bias.size == 1 else n])}"
    lines = [
        f"z = Σ_i a_i w_ij + b = {terms}{more}{b} = {_f(z)}",
        f"a = {spec.activations[layer - 1]}(z) = {_f(value)}",
    ]
    links = [
        (
            f"a of {_neuron(layer - 1, i, spec.depth)}, sample {row + 1}",
            ("a", layer - 1, i, row),
        )
        for i in range(min(len(prev), 12))
    ]
    return Explanation(f"a of {name}, {_sample(fwd, row)}", lines, value, links)
