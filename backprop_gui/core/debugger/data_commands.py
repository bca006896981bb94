"""The dataset's commands of the :class:`~.debugger.Debugger`: replacing the data,
editing a number or a sample, the validation split, and evaluating the state on
every sample (a mixin: the debugger holds ``trainer`` and the cached
``_evaluation``)."""

from __future__ import annotations

from .evaluation import Evaluation, EvaluationJob, evaluate, evaluation_job


class DataCommands:
    def check_data(self, inputs, targets, info=None) -> None:
        """``ValueError`` when :meth:`set_data` would refuse these data."""
        self.trainer.check_data(inputs, targets, info)

    def set_data(self, inputs, targets, info=None) -> None:
        self.trainer.set_data(inputs, targets, info)

    def edit_data(self, edit, info=None):
        """Apply a :mod:`.data_edits` edit (``ValueError``, and nothing changed,
        when the data it leaves are refused); returns the edit that undoes it."""
        s = self.trainer.session
        undo = edit.inverse(s.inputs, s.targets)
        self.trainer.edit_data(edit, info)
        return undo

    def check_validation(self, split) -> None:
        self.trainer.check_validation(split)

    def set_validation(self, split) -> None:
        self.trainer.set_validation(split)

    def evaluation(self) -> Evaluation:
        """Loss (and for classes accuracy and confusion) of the current
        parameters on every training and validation sample; computed once per
        state (see :mod:`.evaluation`)."""
        cached = self._evaluation
        if cached is None or cached.revision != self.trainer.revision:
            cached = self._evaluation = evaluate(self.trainer)
        return cached

    def evaluation_job(self) -> EvaluationJob:
        """The evaluation of the current state as a job that may run on another
        thread while the session goes on (the GUI's way to evaluate large
        datasets without freezing)."""
        return evaluation_job(self.trainer)
