"""Predict mode's commands of the :class:`~.debugger.Debugger` (a mixin: the
debugger holds ``quiz``, ``trainer`` and ``_emit``)."""

from __future__ import annotations

from ..io.quiz_plan import QuizPlan
from .quiz import Mark, Question, Quiz


class QuizCommands:
    def start_quiz(self, plan: QuizPlan) -> None:
        """Predict mode on (or a new plan): the score starts at 0."""
        self.quiz = Quiz(plan)
        self._emit("quiz")

    def end_quiz(self) -> None:
        self.quiz = None
        self._emit("quiz")

    def quiz_questions(self) -> list[Question]:
        """The questions of the next phase (empty when it computes none of the
        plan's kinds)."""
        if self.quiz is None:
            raise ValueError("Predict mode is off")
        return self.quiz.questions(self.trainer, self.trainer.next_phase)

    def answer_and_run(self, questions: list[Question], answers) -> list[Mark]:
        """Run the next phase and mark the answers to its ``questions``."""
        if self.quiz is None:
            raise ValueError("Predict mode is off")
        answers = [float(a) for a in answers]
        if len(answers) != len(questions):
            raise ValueError(f"{len(questions)} answers needed, not {len(answers)}")
        self.trainer.run_phase()
        marks = self.quiz.mark(self.trainer, questions, answers)
        self._emit("quiz", marks)
        return marks
