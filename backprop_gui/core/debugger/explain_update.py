"""Explain an update: the chosen optimizer's rule for one parameter, with the numbers
of the latest update.

Keys: ``("update_W", l, i, j)`` / ``("update_b", l, j)`` for the whole rule, and
``("<buffer>_W", ...)`` / ``("<buffer>_b", ...)`` (``velocity``, ``m``, ``v``) for
one buffer's recurrence. The numbers are the engine's own: the parameter before
and after the update (``trainer.previous_params``, ``trainer.params``), the gradient
the update used, and the optimizer's state before and after it. Each line's
result is recomputed here from the numbers it shows only to be *shown*; the
final value is the engine's, read back.

An update can be explained while its numbers are the current state's: until the
parameters, the data or the optimizer's state change otherwise.
"""

from __future__ import annotations

import math

from ..engine.keys import ParameterKey
from ..engine.parameters import buffer_views
from .trainer import Trainer

BUFFERS = ("velocity", "m", "v")


def _f(x: float) -> str:
    return f"{x:.12g}"


def _p(x: float) -> str:
    """A factor: a negative number in brackets, so ``× (-0.5)²`` reads right."""
    return f"({_f(x)})" if x < 0 else _f(x)


def update_key(key: ParameterKey) -> tuple:
    if key.kind == "W":
        return ("update_W", key.layer, key.source, key.target)
    return ("update_b", key.layer, key.target)


def _parameter(key: tuple) -> ParameterKey:
    if key[0].endswith("_W"):
        return ParameterKey.weight(*key[1:])
    return ParameterKey.bias(*key[1:])


def is_update_key(key: tuple) -> bool:
    """``update_W``, ``m_b``, …: a quantity of the update, for a weight or bias."""
    quantity, _, kind = key[0].rpartition("_")
    return kind in ("W", "b") and (quantity == "update" or quantity in BUFFERS)


def explain_update(trainer: Trainer, key: tuple):
    """The :class:`~.explain.Explanation` of an update key (see the module
    docstring); ValueError when there is no such update to explain."""
    from .explain import Explanation

    record = _record(trainer)
    spec = trainer.session.spec
    parameter = _parameter(key)
    if not parameter.exists_in(spec):
        raise ValueError("this network has no such parameter")
    label, o = spec.label(parameter), record.optimizer
    after = parameter.read(trainer.params)
    name = "w" if parameter.kind == "W" else "b"
    title = f"Update {record.step} of {label}: {o.title}"
    if parameter.kind == "b" and not spec.train_biases:
        lines = ["frozen: biases do not train (train_biases is off)"]
        return Explanation(title, [*lines, f"{name} = {_f(after)}"], after)
    grads = record.backward
    tensors = grads.dW if parameter.kind == "W" else grads.db
    g = float(tensors[parameter.layer][parameter.index])
    states = (trainer.previous_state, trainer.session.optimizer_state)

    def buffer(which: str, new: bool = True) -> float:
        views = buffer_views(states[new].buffers[which], spec)
        return parameter.read(views)

    lines, rule = _rule(
        o,
        name,
        record.learning_rate,
        parameter.read(trainer.previous_params),
        g,
        states[1].count,
        buffer,
    )
    rule += f" = {_f(after)}"
    gradient_key = (f"d{parameter.kind}", *key[1:])
    links = [(f"the gradient dL/d{label}", gradient_key)]
    wanted = key[0].rsplit("_", 1)[0]
    if wanted in BUFFERS:
        if wanted not in lines:
            raise ValueError(f"the {o.title} optimizer keeps no {wanted}")
        title = f"{wanted} of {label} after update {record.step}"
        return Explanation(title, lines["g"] + lines[wanted], buffer(wanted), links)
    for which in o.buffers:
        links.append((f"{which} of {label}", (f"{which}_{parameter.kind}", *key[1:])))
    shown = [line for part in lines.values() for line in part] + [rule]
    return Explanation(title, shown, after, links)


def _record(trainer: Trainer):
    record = trainer.last_update
    if record is None or trainer.previous_params is None:
        raise ValueError(
            "no update to explain: run an update (the parameters or the "
            "optimizer's state have changed since the latest one, if any)"
        )
    if record.revision != trainer.revision:
        raise ValueError(
            "the parameters, data, batching or penalty have changed since the "
            "latest update: "
            "run the next update to explain it"
        )
    return record


def _rule(o, name: str, lr: float, theta: float, g: float, t: int, buffer):
    """The lines of one optimizer's rule by quantity, and the rule's last line
    without its result."""
    lines: dict[str, list[str]] = {"g": [f"g = dL/d{name} = {_f(g)}"]}
    wd = o.weight_decay
    if o.name == "adamw" and wd:
        decayed = theta * (1.0 - lr * wd)
        lines["decay"] = [
            f"{name} ← {name}·(1 − lr·λ) = {_f(theta)} × (1 − {_f(lr)} × {_p(wd)}) "
            f"= {_f(decayed)}"
        ]
        theta = decayed
    elif wd:
        plain, g = g, g + wd * theta
        lines["g"].append(
            f"g ← g + λ{name} = {_f(plain)} + {_f(wd)} × {_p(theta)} = {_f(g)}"
        )
    update = f"{name} ← {name} − lr"
    if o.name == "sgd":
        return lines, f"{update}·g = {_f(theta)} − {_f(lr)} × {_p(g)}"
    if o.name in ("momentum", "nesterov"):
        b, mu = buffer("velocity"), o.momentum
        lines["velocity"] = (
            [f"b = g (the first update) = {_f(b)}"]
            if t == 1
            else [
                f"b = μ·b_prev + g = {_f(mu)} × {_p(buffer('velocity', False))} + "
                f"{_f(g)} = {_f(b)}"
            ]
        )
        if o.name == "momentum":
            return lines, f"{update}·b = {_f(theta)} − {_f(lr)} × {_p(b)}"
        return lines, (
            f"{update}·(g + μ·b) = {_f(theta)} − {_f(lr)} × "
            f"({_f(g)} + {_f(mu)} × {_p(b)})"
        )
    if o.name == "rmsprop":
        v, alpha = buffer("v"), o.alpha
        lines["v"] = [
            f"v = α·v_prev + (1−α)·g² = {_f(alpha)} × {_p(buffer('v', False))} + "
            f"{_f(1 - alpha)} × {_p(g)}² = {_f(v)}"
        ]
        return lines, (
            f"{update}·g/(√v + ε) = {_f(theta)} − {_f(lr)} × {_p(g)} / "
            f"(√{_f(v)} + {_f(o.eps)})"
        )
    (b1, b2), eps = o.betas, o.eps
    m, v = buffer("m"), buffer("v")
    c1, c2 = 1.0 - b1**t, 1.0 - b2**t
    m_hat, v_hat = m / c1, v / c2
    lines["m"] = [
        f"m = β1·m_prev + (1−β1)·g = {_f(b1)} × {_p(buffer('m', False))} + "
        f"{_f(1 - b1)} × {_p(g)} = {_f(m)}"
    ]
    lines["v"] = [
        f"v = β2·v_prev + (1−β2)·g² = {_f(b2)} × {_p(buffer('v', False))} + "
        f"{_f(1 - b2)} × {_p(g)}² = {_f(v)}"
    ]
    lines["hat"] = [
        f"m̂ = m/(1−β1^t) = {_f(m)} / {_f(c1)} = {_f(m_hat)}   (t = {t})",
        f"v̂ = v/(1−β2^t) = {_f(v)} / {_f(c2)} = {_f(v_hat)}",
    ]
    step = lr * m_hat / (math.sqrt(v_hat) + eps)
    return lines, (
        f"{update}·m̂/(√v̂ + ε) = {_f(theta)} − {_f(lr)} × {_p(m_hat)} / "
        f"(√{_f(v_hat)} + {_f(eps)}) = {_f(theta)} − {_p(step)}"
    )
