from decimal import Decimal

import pytest

from apps.questions.rules import ChoiceData, QuestionData, publish_problems


def _question(kind: str, choices: list[ChoiceData] = (), **fields) -> QuestionData:
    defaults = {"status": "published", "explanation": "Why it is so. Why not otherwise."}
    return QuestionData(kind=kind, choices=list(choices), **{**defaults, **fields})


def _option(text: str = "An option", correct: bool = False, score: str | None = None) -> ChoiceData:
    return ChoiceData(text, correct, None if score is None else Decimal(score), rationale="Because.")


def test_drafts_may_be_incomplete():
    assert publish_problems(_question("single", status="draft", explanation="")) == []


@pytest.mark.parametrize("correct_count", [0, 2])
def test_single_choice_needs_exactly_one_correct_option(correct_count):
    options = [_option(f"o{i}", correct=i < correct_count) for i in range(3)]

    assert publish_problems(_question("single", options)) == [
        f"A single-choice question needs exactly one correct option, not {correct_count}."
    ]


def test_a_valid_single_choice_question_can_be_published():
    assert publish_problems(_question("single", [_option("a", True), _option("b")])) == []


def test_true_false_options_are_true_and_false():
    problems = publish_problems(_question("true_false", [_option("Yes", True), _option("No")]))

    assert problems == ['A true-or-false question has exactly two options, "True" and "False".']


def test_multiple_choice_needs_two_right_and_one_wrong():
    all_right = [_option("a", True), _option("b", True)]

    assert (
        "at least two correct options and one wrong one"
        in publish_problems(_question("multiple", all_right))[0]
    )


def test_judgement_needs_one_best_action_and_a_score_for_each():
    options = [_option("a", score="0.5"), _option("b", score="0.5"), _option("c")]

    assert publish_problems(_question("judgement", options)) == [
        "Every situational-judgement option needs the expert's score from 0 to 1.",
        "Exactly one situational-judgement option scores 1 (the best action).",
    ]


def test_only_judgement_options_carry_scores():
    options = [_option("a", True, score="1"), _option("b")]

    assert "Only situational-judgement options carry a score; clear the scores." in publish_problems(
        _question("single", options)
    )


def test_open_questions_need_a_model_answer_and_key_points():
    assert publish_problems(_question("open")) == [
        "An open question needs a model answer.",
        "An open question needs at least one key point to tick off.",
    ]


def test_self_rating_has_no_options():
    assert publish_problems(_question("self_rating", [_option()])) == [
        "A self-rating question has no options; remove them."
    ]


def test_every_option_explains_itself():
    options = [ChoiceData("a", True, None, ""), _option("b")]

    assert publish_problems(_question("single", options)) == [
        "Every option needs a rationale: why it is right or wrong."
    ]


def test_published_questions_explain_themselves():
    assert publish_problems(_question("single", [_option("a", True), _option("b")], explanation=" ")) == [
        "A published question needs an explanation."
    ]
