"""Predict mode in the core: questions per phase, marking to significant digits,
the score, and the plan saved with a session."""

from __future__ import annotations

import json

import pytest

from backprop_gui.core import load_preset
from backprop_gui.core.debugger.debugger import Debugger
from backprop_gui.core.debugger.quiz import agrees
from backprop_gui.core.io.quiz_plan import KINDS, QuizPlan
from backprop_gui.core.io.session_file import (
    SessionFileError,
    load_session,
    parse_session,
    session_to_dict,
)


def test_answers_are_marked_to_significant_digits():
    assert agrees(0.593, 0.593269992107, 3)
    assert not agrees(0.594, 0.593269992107, 3)
    assert agrees(-0.0381, -0.0380982365166, 3)
    assert agrees(1.24e-5, 1.2355e-5, 3) and not agrees(1.23e-5, 1.2355e-5, 4)
    assert agrees(0.0, 0.0, 3) and not agrees(1e-9, 0.0, 3)
    assert not agrees(float("nan"), 0.5, 3)


def test_mazur_whole_update_as_a_quiz():
    debugger = Debugger(load_preset("mazur"))
    kinds = tuple(k for k in KINDS if k != "gradient")
    debugger.start_quiz(QuizPlan(kinds, per_phase=0))  # 0: all (at most 12)
    forward = debugger.quiz_questions()
    assert [q.text for q in forward] == [
        "a of hidden 1 neuron 1 (sample 1: dataset row 1)",
        "a of hidden 1 neuron 2 (sample 1: dataset row 1)",
        "a of output neuron 1 (sample 1: dataset row 1)",
        "a of output neuron 2 (sample 1: dataset row 1)",
        "the loss",
    ]
    # seed 004's numbers to three digits: right; one wrong answer
    marks = debugger.answer_and_run(forward, [0.593, 0.597, 0.751, 0.773, 0.299])
    assert [m.right for m in marks] == [True, True, True, True, False]
    assert marks[-1].truth == debugger.trainer.forward_result.loss
    backward = debugger.quiz_questions()
    assert len(backward) == 4  # 2 output δ, 2 hidden δ
    assert backward[0].explain == ("delta", 2, 0, 0)
    marks = debugger.answer_and_run(backward, [0.1385, -0.0381, 0.00877, 0.00995])
    assert [m.right for m in marks] == [True, True, True, True]
    update = debugger.quiz_questions()
    assert update[0].text == "the new W1[1→1]" and update[0].explain[0] == "update_W"
    marks = debugger.answer_and_run(update, [0.14978] + [0.0] * (len(update) - 1))
    assert marks[0].right and marks[0].truth == debugger.session.params.weights[0][0, 0]
    right, asked = debugger.quiz.score
    assert len(update) == 10  # 8 weights, 2 shared biases
    assert asked == 5 + 4 + 10 and right == 4 + 4 + 1


def test_at_most_twelve_questions_a_phase():
    debugger = Debugger(load_preset("xor"))  # 17 parameters
    debugger.start_quiz(QuizPlan(("gradient",), per_phase=0))
    debugger.next_phase()
    assert len(debugger.quiz_questions()) == 12


def test_questions_are_drawn_repeatably_from_the_plan():
    def drawn(seed):
        debugger = Debugger(load_preset("spirals"))
        debugger.start_quiz(QuizPlan(("activation",), per_phase=3, seed=seed))
        return [q.text for q in debugger.quiz_questions()]

    assert drawn(1) == drawn(1) and len(drawn(1)) == 3
    assert drawn(1) != drawn(2)


def test_a_phase_without_planned_kinds_asks_nothing():
    debugger = Debugger(load_preset("xor"))
    debugger.start_quiz(QuizPlan(("updated_weight",)))
    assert debugger.quiz_questions() == []
    assert debugger.answer_and_run([], []) == []
    assert debugger.trainer.next_phase == "backward"


def test_the_plan_is_saved_with_the_session_and_starts_the_quiz(tmp_path):
    debugger = Debugger(load_preset("xor"))
    plan = QuizPlan(("loss", "gradient"), per_phase=1, digits=2, seed=7)
    debugger.start_quiz(plan)
    debugger.save(tmp_path / "quiz.json")
    student = Debugger(load_session(tmp_path / "quiz.json"))
    assert student.quiz is not None and student.quiz.plan == plan
    debugger.end_quiz()
    debugger.save(tmp_path / "plain.json")
    assert "quiz" not in json.loads((tmp_path / "plain.json").read_text())


@pytest.mark.parametrize(
    "quiz, message",
    [
        ({"kinds": ["weights"]}, "kinds must be some of"),
        ({"kinds": []}, "kinds must be some of"),
        ({"per_phase": 13}, "per_phase must be a whole number from 0 to 12"),
        ({"digits": 0}, "digits must be"),
        ({"Digits": 3}, "did you mean"),
        ("loss", "must be an object"),
    ],
)
def test_a_bad_plan_is_refused(quiz, message):
    data = session_to_dict(load_preset("xor"))
    data["quiz"] = quiz
    with pytest.raises(SessionFileError, match=message):
        parse_session(json.dumps(data), "q.json")


def test_answering_a_phase_again_after_going_back_is_practice():
    debugger = Debugger(load_preset("xor"))
    debugger.start_quiz(QuizPlan(("loss",)))
    wrong = debugger.answer_and_run(debugger.quiz_questions(), [0.1])
    truth = wrong[0].truth
    debugger.back_one_phase()
    again = debugger.answer_and_run(debugger.quiz_questions(), [truth])
    assert again[0].right and not again[0].counted
    assert debugger.quiz.score == (0, 1)


def test_rounding_noise_around_zero_counts_as_zero():
    assert agrees(0.0, 1.39e-16, 3) and agrees(1e-14, -2e-16, 3)
    assert not agrees(0.001, 1.39e-16, 3)


def test_questions_name_the_dataset_row_of_a_shuffled_batch():
    session = load_preset("circles")
    session.batch_size, session.shuffle_seed = 10, 5
    debugger = Debugger(session)
    debugger.start_quiz(QuizPlan(("activation",), per_phase=1))
    question = debugger.quiz_questions()[0]
    row = int(debugger.trainer.current_batch()[0])
    assert question.text.endswith(f"(sample 1: dataset row {row + 1})") and row != 0


def test_a_million_parameters_are_drawn_from_without_building_them_all(monkeypatch):
    from backprop_gui.core.debugger import quiz
    from backprop_gui.core.engine.session import Session
    from backprop_gui.core.engine.spec import InitSpec, NetworkSpec

    spec = NetworkSpec([784, 1024, 10], ["relu", "sigmoid"], "mse")
    session = Session.create(spec, InitSpec("he", 0), [[0.0] * 784], [[0.0] * 10])
    debugger = Debugger(session)
    debugger.start_quiz(QuizPlan(("gradient", "updated_weight"), per_phase=3))
    debugger.next_phase()
    built = []
    real = quiz._question
    monkeypatch.setattr(quiz, "_question", lambda *a: built.append(a) or real(*a))
    questions = debugger.quiz_questions()
    assert len(questions) == 3 and len(built) == 3  # not 814,090 built first
