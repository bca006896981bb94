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


@dataclass
class Quiz:
    plan: QuizPlan
    #: Every mark so far, in order.
    marks: list[Mark] = field(default_factory=list)

    @property
    def score(self) -> tuple[int, int]:
        """(right answers, questions answered)."""
        return sum(m.right for m in self.marks), len(self.marks)

    def questions(self, trainer, phase: str) -> list[Question]:
        """The questions of ``phase`` (the trainer's next one), drawn from the
        quantities of the plan's kinds that it computes."""
        pool = [q for kind in self.plan.kinds if KINDS[kind] == phase
                for q in _candidates(kind, trainer)]  # fmt: skip
        limit = self.plan.per_phase or MAX_PER_PHASE
        if len(pool) <= limit:
            return pool
        rng = np.random.default_rng(
            [
                self.plan.seed,
                trainer.step + 1,
                ("forward", "backward", "update").index(phase),
            ]
        )
        chosen = sorted(rng.choice(len(pool), size=limit, replace=False).tolist())
        return [pool[k] for k in chosen]

    def mark(
        self, trainer, questions: list[Question], answers: list[float]
    ) -> list[Mark]:
        """Mark ``answers`` against the numbers the phase just computed."""
        marks = []
        for question, answer in zip(questions, answers):
            truth = _truth(trainer, question.source)
            marks.append(
                Mark(question, answer, truth, agrees(answer, truth, self.plan.digits))
            )
        self.marks += marks
        return marks


def agrees(answer: float, truth: float, digits: int) -> bool:
    """Whether ``answer`` is ``truth`` to ``digits`` significant digits: within
    half a unit of the last of them (0 must be answered within 1e-12)."""
    if not (math.isfinite(answer) and math.isfinite(truth)):
        return answer == truth
    if truth == 0:
        return abs(answer) <= 1e-12
    unit = 10.0 ** (math.floor(math.log10(abs(truth))) - digits + 1)
    return abs(answer - truth) <= 0.5 * unit * (1 + 1e-12)


def _neuron(spec, layer: int, n: int) -> str:
    if layer == spec.depth:
        return f"output neuron {n + 1}"
    return f"hidden {layer} neuron {n + 1}"


def _candidates(kind: str, trainer) -> list[Question]:
    spec = trainer.session.spec
    if kind == "loss":
        what = "the loss" + (
            " (data loss + penalty)" if trainer.session.regularization.active else ""
        )
        return [Question(kind, what, ("loss",), ("loss",))]
    if kind == "activation":
        return [
            Question(
                kind,
                f"a of {_neuron(spec, layer, n)} (sample 1)",
                ("a", layer, n),
                ("a", layer, n, 0),
            )
            for layer in range(1, spec.depth + 1)
            for n in range(spec.layers[layer])
        ]
    if kind in ("output_delta", "hidden_delta"):
        layers = [spec.depth] if kind == "output_delta" else range(1, spec.depth)
        return [
            Question(
                kind,
                f"δ of {_neuron(spec, layer, n)} (sample 1)",
                ("delta", layer, n),
                ("delta", layer, n, 0),
            )
            for layer in layers
            for n in range(spec.layers[layer])
        ]
    keys = _parameter_keys(trainer)
    if kind == "gradient":
        return [
            Question(kind, f"dL/d{spec.label(key)}", ("grad", key), _gradient_key(key))
            for key in keys
        ]
    return [
        Question(kind, f"the new {spec.label(key)}", ("new", key), update_key(key))
        for key in keys
        if key.kind == "W" or spec.train_biases
    ]


def _parameter_keys(trainer) -> list[ParameterKey]:
    params = trainer.params
    return [params.key_at(k) for k in range(params.flat.size)]


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
