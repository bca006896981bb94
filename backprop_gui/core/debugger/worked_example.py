"""A worked example: one update written out like a textbook, with its numbers.

Every z and a, the loss, every δ with its chain rule, every gradient and every new
parameter, each as an equation whose numbers are the engine's own (they come from
the explanations of :mod:`.explain` and :mod:`.explain_update`, made while the
update runs on a copy of the session). Large layers are summarised: the first
``NEURONS`` neurons of a layer, the first ``SAMPLES`` samples of a batch and the
first ``PARAMETERS`` parameters of a tensor, then a note of what was left out.
"""

from __future__ import annotations

from ..engine.keys import ParameterKey
from ..engine.session import Session
from ..io.worked_document import Document, Section
from .explain import explain
from .explain_loss import loss_lines
from .explain_update import update_key
from .trainer import Trainer

NEURONS, SAMPLES, PARAMETERS = 4, 2, 8


def _f(x: float) -> str:
    return f"{x:.12g}"


def _more(shown: int, total: int, what: str) -> str:
    return f"(and {total - shown} more {what}, left out)" if total > shown else ""


def _samples(rows) -> str:
    """``1 sample (dataset row 3)`` or ``4 samples (dataset rows 1, 2, 3, 4)``."""
    shown = ", ".join(str(int(r) + 1) for r in rows[:10])
    more = " …" if len(rows) > 10 else ""
    if len(rows) == 1:
        return f"1 sample (dataset row {shown})"
    return f"{len(rows)} samples (dataset rows {shown}{more})"


def worked_example(session: Session, step: int | None = None) -> Document:
    """Update ``step`` (default: the session's next one) of ``session``, written
    out. Updates before it are run on a copy first. A diverged session has no
    example: ValueError naming what is not finite."""
    session.validate()
    trainer = Trainer(session.copy())
    step = trainer.step + 1 if step is None else step
    if step <= trainer.step:
        raise ValueError(
            f"the session is at step {trainer.step}: update {step} has run already "
            "(open an earlier session, or name a later update)"
        )
    trainer.run(step - 1 - trainer.step)
    spec = trainer.session.spec
    trainer.run_phase()  # forward
    forward = _forward_section(trainer)
    loss = _loss_section(trainer)
    trainer.run_phase()  # backward
    backward = _backward_section(trainer)
    gradients = _gradient_section(trainer)
    trainer.run_phase()  # update
    update = _update_section(trainer)
    s = trainer.session
    fwd = trainer.forward_result
    intro = [
        f"Network {'-'.join(map(str, spec.layers))}: activations "
        f"{', '.join(spec.activations)}; loss {spec.loss}; biases {spec.bias_mode}"
        + ("" if spec.train_biases else " (frozen)")
        + f"; learning rate {_f(s.learning_rate)}; {s.optimizer.describe()}"
        + (
            f"; penalty {s.regularization.describe()}"
            if fwd.penalty is not None
            else ""
        )
        + ".",
        f"Update {step} uses {_samples(fwd.samples)}. W1[i→j] is the weight "
        "from neuron i of the layer before to neuron j.",
        "Every number is the app's own, to 12 significant digits.",
    ]
    title = f"Worked example: update {step} of {s.name or 'the session'}"
    return Document(title, intro, [forward, loss, backward, gradients, update])


def _forward_section(trainer: Trainer) -> Section:
    spec, fwd = trainer.session.spec, trainer.forward_result
    section = Section("1. Forward pass: z and a of every neuron")
    rows = min(SAMPLES, len(fwd.samples))
    for row in range(rows):
        for layer in range(1, spec.depth + 1):
            count = spec.layers[layer]
            for n in range(min(NEURONS, count)):
                e = explain(trainer, ("a", layer, n, row))
                section.groups.append((e.title, e.lines))
            if count > NEURONS:
                section.note(f"Layer {layer}: {_more(NEURONS, count, 'neurons')}")
    if len(fwd.samples) > rows:
        section.note(
            f"The batch's other samples: {_more(rows, len(fwd.samples), 'samples')}"
        )
    return section


def _loss_section(trainer: Trainer) -> Section:
    lines = loss_lines(trainer.session.spec, trainer.forward_result)
    return Section("2. The loss", groups=[("", lines)])


def _backward_section(trainer: Trainer) -> Section:
    spec, fwd = trainer.session.spec, trainer.forward_result
    section = Section(
        "3. Backward pass: δ = dL/dz of every neuron",
        ["From the output layer back: each δ is dL/da times f'(z)."],
    )  # the prose stays first; notes of what was left out come last
    for layer in range(spec.depth, 0, -1):
        count = spec.layers[layer]
        for n in range(min(NEURONS, count)):
            e = explain(trainer, ("delta", layer, n, 0))
            section.groups.append((e.title, e.lines))
        if count > NEURONS:
            section.note(f"Layer {layer}: {_more(NEURONS, count, 'neurons')}")
    if len(fwd.samples) > 1:
        section.note(
            f"Shown for sample 1; the other {len(fwd.samples) - 1} sample(s) work "
            "the same way."
        )
    return section


def _keys(trainer: Trainer):
    """Per tensor: its first PARAMETERS keys, and how many it has."""
    spec, params = trainer.session.spec, trainer.params
    for l in range(spec.depth):
        weights = params.weights[l]
        keys = [
            ParameterKey.weight(l, i, j)
            for i in range(weights.shape[0])
            for j in range(weights.shape[1])
        ]
        yield f"W{l + 1}", keys[:PARAMETERS], len(keys)
        biases = params.biases[l]
        if biases.size:
            keys = [ParameterKey.bias(l, j) for j in range(biases.size)]
            yield f"b{l + 1}", keys[:PARAMETERS], len(keys)


def _gradient_section(trainer: Trainer) -> Section:
    section = Section("4. Gradients of every parameter")
    for name, keys, total in _keys(trainer):
        for key in keys:
            explained = (
                ("dW", key.layer, key.source, key.target)
                if key.kind == "W"
                else ("db", key.layer, key.target)
            )
            e = explain(trainer, explained)
            section.groups.append((e.title, e.lines))
        if total > len(keys):
            section.note(f"{name}: {_more(len(keys), total, 'parameters')}")
    return section


def _update_section(trainer: Trainer) -> Section:
    o = trainer.session.optimizer
    section = Section(f"5. The update: {o.title}")
    for name, keys, total in _keys(trainer):
        for key in keys:
            e = explain(trainer, update_key(key))
            section.groups.append((e.title, e.lines))
        if total > len(keys):
            section.note(f"{name}: {_more(len(keys), total, 'parameters')}")
    return section
