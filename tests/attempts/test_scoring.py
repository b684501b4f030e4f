from decimal import Decimal

import pytest

from apps.attempts.scoring import Option, score_choices, score_open

SINGLE = [Option(1, False), Option(2, True), Option(3, False)]
MULTIPLE = [Option(1, True), Option(2, True), Option(3, False), Option(4, False)]
JUDGEMENT = [Option(1, False, Decimal("0.3")), Option(2, False, Decimal("1")), Option(3, False, Decimal("0"))]


@pytest.mark.parametrize(("selected", "score"), [({2}, 1), ({1}, 0), (set(), 0), ({1, 2}, 0)])
def test_single_choice_is_right_or_wrong(selected, score):
    assert score_choices("single", SINGLE, selected) == score


@pytest.mark.parametrize(
    ("selected", "score"),
    [
        ({1, 2}, "1.000"),  # exactly the right ones
        ({1}, "0.500"),  # half of what is right, nothing wrong
        ({1, 3}, "0.000"),  # half right, half of the wrong ones ticked
        ({1, 2, 3}, "0.500"),  # all right, one wrong tick of two
        ({1, 2, 3, 4}, "0.000"),  # ticking everything earns nothing
        ({3}, "0.000"),  # never below zero
    ],
)
def test_multiple_choice_gives_partial_credit_and_penalises_wrong_ticks(selected, score):
    assert score_choices("multiple", MULTIPLE, selected) == Decimal(score)


@pytest.mark.parametrize(("selected", "score"), [({1}, "0.300"), ({2}, "1.000"), ({3}, "0.000")])
def test_judgement_scores_by_the_expert_key(selected, score):
    assert score_choices("judgement", JUDGEMENT, selected) == Decimal(score)


def test_open_answers_score_the_share_of_key_points_covered():
    assert score_open({0, 2}, 3) == Decimal("0.667")
    assert score_open(set(), 3) == 0


def test_self_rating_is_not_a_choice_question():
    with pytest.raises(ValueError, match="not a choice question"):
        score_choices("self_rating", [], set())
