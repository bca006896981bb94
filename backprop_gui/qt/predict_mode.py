"""Train → Predict mode: a quiz over the phases.

The teacher chooses what is asked (:class:`PredictSettingsDialog`); while Predict
mode is on, Next phase and Step ask before each phase (:class:`PredictDialog`),
run it, and mark the answers: a message lists each one right or wrong with the
true number, and a wrong one opens Explain on that number. Run is off, and no view
shows what the current parameters would give ("now …"), so nothing gives an
answer away. Saving the session saves the plan: a student who opens the file
starts in Predict mode with the same questions.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ..core.io.number_text import parse_number
from ..core.io.quiz_plan import KIND_TITLES, KINDS, MAX_PER_PHASE, MAX_SEED, QuizPlan
from .dialog_parts import error_label, ok_cancel
from .formatting import fmt


class PredictSettingsDialog(QDialog):
    """What the quiz asks. ``ended`` is set when the teacher ends Predict mode."""

    def __init__(self, plan: QuizPlan | None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Predict mode")
        plan = plan or QuizPlan()
        self.ended = False
        self.kinds = {}
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Before each phase runs, the student predicts some of the numbers it "
            "computes; after it runs, each answer is marked. Ask for:"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for kind in KINDS:
            box = QCheckBox(f"{KIND_TITLES[kind]} ({KINDS[kind]} pass)")
            box.setChecked(kind in plan.kinds)
            box.toggled.connect(self._validate)
            self.kinds[kind] = box
            layout.addWidget(box)
        form = QFormLayout()
        self.per_phase = QSpinBox()
        self.per_phase.setRange(0, MAX_PER_PHASE)
        self.per_phase.setSpecialValueText(f"all (at most {MAX_PER_PHASE})")
        self.per_phase.setValue(plan.per_phase)
        self.per_phase.setToolTip("Drawn at random from the phase's quantities")
        self.digits = QSpinBox()
        self.digits.setRange(1, 15)
        self.digits.setValue(plan.digits)
        self.digits.setToolTip("An answer is right when it agrees to this many digits")
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setValue(plan.seed)
        self.seed.setToolTip("The same seed asks the same questions")
        form.addRow("Questions per phase", self.per_phase)
        form.addRow("Significant digits", self.digits)
        form.addRow("Seed of the draw", self.seed)
        layout.addLayout(form)
        note = QLabel(
            "File → Save saves the quiz with the session: students who open the "
            "file start in Predict mode."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start")
        self.end = QPushButton("End Predict mode")
        self.end.clicked.connect(self._end)
        self.buttons.addButton(self.end, QDialogButtonBox.ButtonRole.ResetRole)
        # after addButton, which shows it: only while Predict mode is on
        self.end.setVisible(parent is not None and parent.debugger.quiz is not None)
        layout.addWidget(self.buttons)
        self._validate()

    def _end(self) -> None:
        self.ended = True
        self.accept()

    def _validate(self) -> None:
        ok = any(box.isChecked() for box in self.kinds.values())
        self.error.setText("" if ok else "Choose at least one kind of number to ask.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def plan(self) -> QuizPlan:
        return QuizPlan(
            tuple(k for k, box in self.kinds.items() if box.isChecked()),
            self.per_phase.value(),
            self.digits.value(),
            self.seed.value(),
        )


class PredictDialog(QDialog):
    """One field per question; OK only when every answer is a number."""

    def __init__(self, phase: str, step: int, questions, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Predict: the {phase} pass of update {step}")
        self.questions = questions
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"What will the {phase} pass compute?"))
        form = QFormLayout()
        self.fields: list[QLineEdit] = []
        for question in questions:
            field = QLineEdit()
            field.setPlaceholderText("a number")
            field.setMinimumWidth(field.fontMetrics().horizontalAdvance("0" * 16))
            field.textChanged.connect(self._validate)
            form.addRow(question.text, field)
            self.fields.append(field)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = ok_cancel(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Run the phase")
        layout.addWidget(self.buttons)
        self._validate()

    def answers(self) -> list[float] | None:
        """The answers, or None while one is not a number (the error says which)."""
        values = []
        for question, field in zip(self.questions, self.fields):
            try:
                values.append(parse_number(field.text()))
            except ValueError as exc:
                if field.text().strip():
                    self.error.setText(f"{question.text}: {exc}")
                else:
                    self.error.setText("")
                return None
        self.error.setText("")
        return values

    def _validate(self) -> None:
        ok = self.answers() is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


def marks_text(marks, score: tuple[int, int], digits: int = 3) -> str:
    """The marks of one phase, one line each, and the score."""
    lines = []
    for mark in marks:
        sign = "✓ right" if mark.right else "✗ wrong"
        lines.append(
            f"{sign}: {mark.question.text} = {fmt(mark.truth, 12)} "
            f"(you said {fmt(mark.answer, 12)})"
        )
    right, asked = score
    if any(not m.right for m in marks):
        lines.append(f"Right means equal to {digits} significant digits.")
    if marks and not marks[0].counted:
        lines.append("(This phase was answered before: practice, not scored.)")
    lines.append(f"Score: {right} of {asked}")
    return "\n".join(lines)


class PredictMode:
    """Runs the next phase as a quiz question, for the window."""

    def __init__(self, window) -> None:
        self.window = window

    @property
    def active(self) -> bool:
        return self.window.debugger.quiz is not None

    def configure(self) -> None:
        window = self.window
        window.runner.pause()
        quiz = window.debugger.quiz
        dialog = PredictSettingsDialog(None if quiz is None else quiz.plan, window)
        if not dialog.exec():
            return
        if dialog.ended:
            window.debugger.end_quiz()
            window.show_message("Predict mode ended")
            return
        window.debugger.start_quiz(dialog.plan())
        window.show_message(
            "Predict mode: Next phase (F10) and Step (F11) ask before each phase"
        )

    def next_phase(self) -> bool:
        """Ask, run and mark the next phase; False if the student cancelled."""
        window = self.window
        debugger = window.debugger
        phase = debugger.trainer.next_phase
        update = debugger.step + 1  # the update this phase belongs to
        questions = debugger.quiz_questions()
        answers: list[float] = []
        if questions:
            dialog = PredictDialog(phase, update, questions, window)
            if not dialog.exec():
                window.show_message("Nothing ran: the prediction was cancelled")
                return False
            answers = dialog.answers() or []
            if len(answers) != len(questions):
                return False
        marks = debugger.answer_and_run(questions, answers)
        if marks:
            self._show(marks)
        return True

    def _show(self, marks) -> None:
        window = self.window
        score = window.debugger.quiz.score
        wrong = [m for m in marks if not m.right]
        text = marks_text(marks, score, window.debugger.quiz.plan.digits)
        QMessageBox.information(window, "Your predictions", text)
        explained = next((m for m in wrong if m.question.explain is not None), None)
        if explained is not None and explained.question.source[0] in ("grad", "new"):
            # the table and the graph show the parameter too (selecting it
            # explains it: the explanation below replaces that)
            window.parameters.select_parameter(explained.question.source[1])
        if explained is not None:
            window.docks["explain"].show()
            window.docks["explain"].raise_()
            window.explain.show_key(explained.question.explain, fresh=True)
        right, asked = score
        window.show_message(
            f"{len(marks) - len(wrong)} of {len(marks)} right (score {right} of "
            f"{asked})"
        )  # a wrong prediction is the student's, not an error of the app
