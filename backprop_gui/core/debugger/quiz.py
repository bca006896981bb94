"""Predict mode: before a phase runs, the student predicts some of the numbers it
will compute; after it runs, each answer is marked against the engine's number.

A :class:`Quiz` follows a :class:`~..io.quiz_plan.QuizPlan`. :meth:`Quiz.questions`
draws the next phase's questions, repeatably (from the plan's seed, the update
and the phase), among the quantities of the plan's kinds that the phase computes:
activations and the loss (forward, for sample 1 of the batch), output and hidden
deltas and gradients (backward), the new weights and biases (update). Each
question names the explanation that opens when the answer is wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..engine.keys import ParameterKey
from ..io.quiz_plan import KINDS, MAX_PER_PHASE, QuizPlan
from .events import PHASES
from .explain_update import update_key


@dataclass(frozen=True)
class Question:
    kind: str
    #: What the student is asked for, e.g. "a of hidden 1 neuron 2 (sample 1)".
    text: str
    #: How the true value is read after the phase: ``("a", layer, n)``,
    #: ``("loss",)``, ``("delta", layer, n)``, ``("dW"|"db", ...)`` or
    #: ``("new", ParameterKey)``.
    source: tuple
    #: The explanation of the number (None: the loss, which has none).
    explain: tuple | None


@dataclass(frozen=True)
class Mark:
    question: Question
    answer: float
    truth: float
    right: bool
    #: False when the phase was answered before (after going back): practice,
    #: not scored.
    counted: bool = True


@dataclass
class Quiz:
    plan: QuizPlan
    #: Every mark so far, in order.
    marks: list[Mark] = field(default_factory=list)
    #: (update, phase) answered once already: answering again does not count.
    answered: set = field(default_factory=set)

    @property
    def score(self) -> tuple[int, int]:
        """(right answers, questions answered), first answers only."""
        counted = [m for m in self.marks if m.counted]
        return sum(m.right for m in counted), len(counted)

    def questions(self, trainer, phase: str) -> list[Question]:
        """The questions of ``phase`` (the trainer's next one), drawn from the
        quantities of the plan's kinds that it computes. Only the drawn ones are
        built: a big network has a million parameters to draw from."""
        kinds = [k for k in self.plan.kinds if KINDS[k] == phase]
        counts = [_count(kind, trainer) for kind in kinds]
        total = sum(counts)
        limit = self.plan.per_phase or MAX_PER_PHASE
        if total <= limit:
            chosen = range(total)
        else:
            step = trainer.step + 1
            rng = np.random.default_rng([self.plan.seed, step, PHASES.index(phase)])
            chosen = sorted(rng.choice(total, size=limit, replace=False).tolist())
        row = _first_row(trainer, phase)
        out, starts = [], np.cumsum([0, *counts])
        for index in chosen:
            k = int(np.searchsorted(starts, index, side="right")) - 1
            out.append(_question(kinds[k], index - int(starts[k]), trainer, row))
        return out

    def mark(
        self, trainer, questions: list[Question], answers: list[float]
    ) -> list[Mark]:
        """Mark ``answers`` against the numbers the phase just computed (the
        trainer has run it)."""
        phase = trainer.last_phase
        update = trainer.step if phase == "update" else trainer.step + 1
        counted = (update, phase) not in self.answered
        if questions:
            self.answered.add((update, phase))
        marks = [
            Mark(q, a, t, agrees(a, t, self.plan.digits), counted)
            for q, a in zip(questions, answers)
            for t in (_truth(trainer, q.source),)
        ]
        self.marks += marks
        return marks


def agrees(answer: float, truth: float, digits: int) -> bool:
    """Whether ``answer`` is ``truth`` to ``digits`` significant digits: within
    half a unit of the last of them. A truth within 1e-12 of 0 (rounding noise of
    a sum that is 0, such as a softmax's shared bias gradient) counts as 0, and
    any answer within 1e-12 of 0 is right for it."""
    if not (math.isfinite(answer) and math.isfinite(truth)):
        return answer == truth
    if abs(truth) <= 1e-12:
        return abs(answer) <= 1e-12
    unit = 10.0 ** (math.floor(math.log10(abs(truth))) - digits + 1)
    return abs(answer - truth) <= 0.5 * unit * (1 + 1e-12)


def _neuron(spec, layer: int, n: int) -> str:
    if layer == spec.depth:
        return f"output neuron {n + 1}"
    return f"hidden {layer} neuron {n + 1}"


def _first_row(trainer, phase: str) -> int:
    """The dataset row of sample 1 of the batch the phase works on."""
    if phase == "forward":
        return int(trainer.current_batch()[0])
    return int(trainer.forward_result.samples[0])


def _parameter_count(trainer, kind: str) -> int:
    spec = trainer.session.spec
    if kind == "updated_weight" and not spec.train_biases:
        return spec.trained_count()  # frozen biases do not change: not asked
    return spec.parameter_count()


def _count(kind: str, trainer) -> int:
    spec = trainer.session.spec
    if kind == "loss":
        return 1
    if kind == "activation":
        return sum(spec.layers[1:])
    if kind == "output_delta":
        return spec.layers[-1]
    if kind == "hidden_delta":
        return sum(spec.layers[1:-1])
    return _parameter_count(trainer, kind)


def _neuron_at(spec, layers: range, index: int) -> tuple[int, int]:
    for layer in layers:
        if index < spec.layers[layer]:
            return layer, index
        index -= spec.layers[layer]
    raise IndexError(index)


def _question(kind: str, index: int, trainer, row: int) -> Question:
    """Question ``index`` of ``kind`` (in the order: layer by layer, neuron by
    neuron; parameters as in ``Parameters.flat``)."""
    spec = trainer.session.spec
    sample = f"(sample 1: dataset row {row + 1})"
    if kind == "loss":
        what = "the loss" + (
            " (data loss + penalty)" if trainer.session.regularization.active else ""
        )
        return Question(kind, what, ("loss",), ("loss",))
    if kind == "activation":
        layer, n = _neuron_at(spec, range(1, spec.depth + 1), index)
        return Question(
            kind,
            f"a of {_neuron(spec, layer, n)} {sample}",
            ("a", layer, n),
            ("a", layer, n, 0),
        )
    if kind in ("output_delta", "hidden_delta"):
        layers = (
            range(spec.depth, spec.depth + 1)
            if kind == "output_delta"
            else (range(1, spec.depth))
        )
        layer, n = _neuron_at(spec, layers, index)
        return Question(
            kind,
            f"δ of {_neuron(spec, layer, n)} {sample}",
            ("delta", layer, n),
            ("delta", layer, n, 0),
        )
    key = trainer.params.key_at(index)
    if key.kind == "b" and spec.bias_mode == "shared":
        name = f"{spec.label(key)}, the bias shared by layer {key.layer + 1}"
        if kind == "gradient":
            return Question(kind, f"dL/d{name}", ("grad", key), _gradient_key(key))
        return Question(kind, f"the new {name}", ("new", key), update_key(key))
    if kind == "gradient":
        return Question(
            kind, f"dL/d{spec.label(key)}", ("grad", key), _gradient_key(key)
        )
    return Question(kind, f"the new {spec.label(key)}", ("new", key), update_key(key))


def _gradient_key(key: ParameterKey) -> tuple:
    if key.kind == "W":
        return ("dW", key.layer, key.source, key.target)
    return ("db", key.layer, key.target)


def _truth(trainer, source: tuple) -> float:
    what = source[0]
    if what == "loss":
        return float(trainer.forward_result.loss)
    if what == "a":
        return float(trainer.forward_result.a[source[1]][0, source[2]])
    if what == "delta":
        return float(trainer.backward_result.delta[source[1]][0, source[2]])
    key = source[1]
    if what == "grad":
        grads = trainer.backward_result
        return float((grads.dW if key.kind == "W" else grads.db)[key.layer][key.index])
    return key.read(trainer.params)
