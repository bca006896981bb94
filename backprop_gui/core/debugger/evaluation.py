"""How well the current parameters do on the training and validation samples:
the data loss, and for a classification (a session with classes) the accuracy and
the confusion matrix.

An :class:`Evaluation` is computed from one state of the parameters (its
``revision`` and ``step`` say which) over every training and every validation row,
a few thousand rows at a time so that memory stays bounded on large datasets.
Classes are read from outputs and targets by :mod:`..engine.classes`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.classes import confusion_matrix, predicted_classes, true_classes
from ..engine.passes import Plan

#: Rows per forward pass of an evaluation.
CHUNK_ROWS = 4096


@dataclass(frozen=True)
class Scores:
    """One set of samples: its data loss, and for a classification the counts."""

    samples: int
    loss: float
    #: Correct predictions (None unless the session has classes).
    correct: int | None = None
    #: Counts, row = actual class, column = predicted (None unless classes).
    confusion: np.ndarray | None = None

    @property
    def accuracy(self) -> float | None:
        return None if self.correct is None else self.correct / self.samples


@dataclass(frozen=True)
class Evaluation:
    step: int
    revision: int
    training: Scores
    #: None without a validation split.
    validation: Scores | None


@dataclass(frozen=True)
class EvaluationJob:
    """Everything an evaluation reads, taken from one state: a copy of the
    parameters and the (read-only, never changed in place) data arrays. Running
    it needs nothing else, so it may run a chunk at a time while training goes
    on (:meth:`steps`)."""

    plan: Plan
    params: object
    #: The inputs and targets of that moment.
    data: object
    training_rows: np.ndarray
    validation_rows: np.ndarray
    n_classes: int | None
    step: int
    revision: int

    def run(self) -> Evaluation:
        return _finish(self.steps())

    def steps(self):
        """A generator that computes one chunk of rows per ``next()`` and
        returns the :class:`Evaluation` (``StopIteration.value``)."""
        training = yield from self._score(self.training_rows)
        validation = None
        if self.validation_rows.size:
            validation = yield from self._score(self.validation_rows)
        return Evaluation(self.step, self.revision, training, validation)

    def _score(self, rows: np.ndarray):
        return score_steps(self.plan, self.params, self.data, rows, self.n_classes)


def evaluation_job(trainer) -> EvaluationJob:
    """The evaluation of ``trainer``'s current state, ready to run."""
    session = trainer.session
    data = _DataView(session.inputs, session.targets)
    return EvaluationJob(
        trainer.evaluation_plan,
        trainer.params.copy(),
        data,
        trainer.training_rows(),
        trainer.validation_rows(),
        None if session.classes is None else len(session.classes),
        trainer.step,
        trainer.revision,
    )


def evaluate(trainer) -> Evaluation:
    """Scores of ``trainer``'s current parameters on its training and validation
    rows (the data loss, without the weight penalty)."""
    return evaluation_job(trainer).run()


@dataclass(frozen=True)
class _DataView:
    """The data arrays of one moment (a session's are replaced, never changed)."""

    inputs: np.ndarray
    targets: np.ndarray


def score_rows(plan: Plan, params, data, rows: np.ndarray, n_classes) -> Scores:
    """Scores of ``params`` on the ``rows`` of ``data`` (a session, or anything
    with ``inputs`` and ``targets``)."""
    return _finish(score_steps(plan, params, data, rows, n_classes))


def _finish(steps):
    """The value a generator of :func:`score_steps` or ``EvaluationJob.steps``
    returns, run to its end."""
    try:
        while True:
            next(steps)
    except StopIteration as done:
        return done.value


def score_steps(plan: Plan, params, data, rows: np.ndarray, n_classes):
    """:func:`score_rows` as a generator: one chunk of rows per ``next()``."""
    total_loss, correct = 0.0, 0
    confusion = (
        None if n_classes is None else np.zeros((n_classes, n_classes), np.int64)
    )
    for start in range(0, rows.size, CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        x, y = data.inputs[chunk], data.targets[chunk]
        with np.errstate(all="ignore"):
            fwd = plan.forward(params, x, y, chunk)
        total_loss += fwd.data_loss * chunk.size
        if confusion is not None:
            actual, predicted = true_classes(y), predicted_classes(fwd.a[-1])
            correct += int(np.count_nonzero(actual == predicted))
            confusion += confusion_matrix(actual, predicted, n_classes)
        yield
    return Scores(
        int(rows.size),
        total_loss / rows.size,
        None if confusion is None else correct,
        confusion,
    )


def batch_accuracy(fwd) -> float:
    """The share of a forward pass's samples whose class it predicts."""
    actual, predicted = true_classes(fwd.y), predicted_classes(fwd.a[-1])
    return float(np.count_nonzero(actual == predicted)) / len(actual)
