"""The NumPy code of one network, written out for an exported script or notebook.

:func:`forward_code` and :func:`backward_code` write the passes out layer by layer
for this network's activations, loss, bias mode and penalty, in the style of the
seed scripts (:mod:`.script_export` adds the data, the parameters, the optimizer's
rule and the batches). Every expression has the engine's form (the same operations in
the same order), so a script agrees with the app to rounding (1e-12 relative).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.session import Session

ACTIVATION_CODE = {
    "sigmoid": "1.0 / (1.0 + np.exp(np.minimum(-{z}, 709.0)))",
    "tanh": "np.tanh({z})",
    "relu": "np.maximum({z}, 0.0)",
    "leaky_relu": "{z} * np.where({z} > 0, 1.0, 0.01)",
    "linear": "{z}.copy()",
    "softmax": "softmax({z})",
}
#: ``grad`` times f'(z), written with the layer's ``z`` and ``a``.
BACKWARD_CODE = {
    "sigmoid": "{g} * ({a} * (1.0 - {a}))",
    "tanh": "{g} * (1.0 - {a} * {a})",
    "relu": "{g} * ({z} > 0.0)",
    "leaky_relu": "{g} * np.where({z} > 0, 1.0, 0.01)",
    "linear": "{g}.copy()",
    "softmax": "{a} * ({g} - np.sum({g} * {a}, axis=1, keepdims=True))",
}
LOSS_COMMENT = {
    "mse": "mean over all outputs of (y - a)^2",
    "half_sse": "1/2 of the sum over outputs of (y - a)^2, averaged over samples",
    "bce": "binary cross-entropy from z: max(z,0) - z*y + log(1 + e^-|z|), mean",
    "cross_entropy": "-sum of y log softmax(z) (log-sum-exp), averaged over samples",
}


@dataclass
class ScriptCode:
    """The pieces of an exported script (each a block of source text)."""

    docstring: str
    setup: str
    #: ``(title, code)`` of the phases of one update, run with ``step`` set.
    phases: list[tuple[str, str]]
    #: Prints the JSON summary line.
    summary: str


def literal(array) -> str:
    return repr(array.tolist())


def forward_code(session: Session) -> list[str]:
    spec = session.spec
    lines = [
        "def forward(W, b, x, y):",
        '    """z and a of every layer, and the loss."""',
    ]
    lines.append("    a0 = x")
    for l in range(1, spec.depth + 1):
        bias = "" if spec.bias_mode == "none" else f" + b[{l - 1}]"
        lines.append(f"    z{l} = a{l - 1} @ W[{l - 1}]{bias}")
        if l < spec.depth or spec.loss != "cross_entropy":
            code = ACTIVATION_CODE[spec.activations[l - 1]].format(z=f"z{l}")
            lines.append(f"    a{l} = {code}  # {spec.activations[l - 1]}")
    L = spec.depth
    loss = spec.loss
    lines.append(f"    # loss {loss}: {LOSS_COMMENT[loss]}")
    if loss == "mse":
        lines += [
            f"    diff = (y - a{L}).ravel()",
            f"    loss = float(diff @ diff) / a{L}.size",
        ]
    elif loss == "half_sse":
        lines += [
            f"    diff = (y - a{L}).ravel()",
            f"    loss = 0.5 * float(diff @ diff) / a{L}.shape[0]",
        ]
    elif loss == "bce":
        lines += [
            f"    each = np.maximum(z{L}, 0.0) - z{L} * y"
            f" + np.log1p(np.exp(-np.abs(z{L})))",
            "    loss = float(each.sum()) / each.size",
        ]
    else:
        lines += [
            f"    shifted = z{L} - z{L}.max(axis=1, keepdims=True)",
            "    exps = np.exp(shifted)",
            "    total = exps.sum(axis=1, keepdims=True)",
            f"    a{L} = exps / total  # softmax",
            f"    loss = -float((y * (shifted - np.log(total))).sum()) / a{L}.shape[0]",
        ]
    r = session.regularization
    if r.active:
        lines += [
            "    # the weight penalty (weights only): l1*sum|w| + (l2/2)*sum w^2",
            "    w = np.concatenate([w.ravel() for w in W])",
            f"    penalty = {r.l1!r} * float(np.abs(w).sum())"
            f" + 0.5 * {r.l2!r} * float(w @ w)",
            "    loss = loss + penalty",
        ]
    zs = ", ".join(f"z{l}" for l in range(1, L + 1))
    as_ = ", ".join(f"a{l}" for l in range(L + 1))
    lines.append(f"    return [None, {zs}], [{as_}], loss")
    return lines


def backward_code(session: Session) -> list[str]:
    spec = session.spec
    L = spec.depth
    lines = [
        "def backward(W, b, z, a, y):",
        '    """delta = dL/dz of every layer, and dL/dW, dL/db."""',
        f"    m, size = a[{L}].shape[0], a[{L}].size",
    ]
    out = spec.activations[-1]
    if spec.loss == "mse":
        grad = f"(2.0 / size) * (a[{L}] - y)"
        code = BACKWARD_CODE[out].format(g="grad", a=f"a[{L}]", z=f"z[{L}]")
        lines += [f"    grad = {grad}  # dL/da", f"    d{L} = {code}"]
    elif spec.loss == "half_sse":
        code = BACKWARD_CODE[out].format(g="grad", a=f"a[{L}]", z=f"z[{L}]")
        lines += [f"    grad = (a[{L}] - y) / m  # dL/da", f"    d{L} = {code}"]
    elif spec.loss == "bce":
        lines.append(f"    d{L} = (a[{L}] - y) / size  # sigmoid + bce: fused")
    else:
        lines.append(f"    d{L} = (a[{L}] - y) / m  # softmax + cross-entropy: fused")
    for l in range(L, 0, -1):
        lines.append(f"    dW{l} = a[{l - 1}].T @ d{l}")
        if spec.bias_mode == "per_neuron":
            lines.append(f"    db{l} = d{l}.sum(axis=0)")
        elif spec.bias_mode == "shared":
            lines.append(f"    db{l} = np.array([d{l}.sum()])  # shared: all deltas")
        else:
            lines.append(f"    db{l} = np.zeros(0)  # no biases")
        if l > 1:
            code = BACKWARD_CODE[spec.activations[l - 2]].format(
                g=f"(d{l} @ W[{l - 1}].T)", a=f"a[{l - 1}]", z=f"z[{l - 1}]"
            )
            lines.append(f"    d{l - 1} = {code}")
    r = session.regularization
    if r.active:
        lines.append("    # the penalty's gradient: l1*sign(w) + l2*w")
        for l in range(1, L + 1):
            lines.append(
                f"    dW{l} = dW{l} + ({r.l1!r} * np.sign(W[{l - 1}]) + "
                f"{r.l2!r} * W[{l - 1}])"
            )
    deltas = ", ".join(f"d{l}" for l in range(1, L + 1))
    dws = ", ".join(f"dW{l}" for l in range(1, L + 1))
    dbs = ", ".join(f"db{l}" for l in range(1, L + 1))
    lines.append(f"    return [None, {deltas}], [{dws}], [{dbs}]")
    return lines
