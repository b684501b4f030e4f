"""Difficulty labels come from two blind reviews: agreement settles them, a wide gap needs a discussion."""

import pytest

from apps.questions.difficulty_review import decide, label_for, publish, set_labels


@pytest.mark.parametrize(
    ("p_right", "label"),
    [(0.95, 1), (0.85, 1), (0.84, 2), (0.7, 2), (0.6, 3), (0.5, 3), (0.4, 4), (0.3, 4), (0.1, 5)],
)
def test_a_label_is_the_band_of_the_chance_of_a_right_answer_at_the_stage(p_right, label):
    assert label_for(p_right) == label


def test_reviews_within_one_level_settle_the_label_at_the_band_of_their_mean():
    decisions, disputes = decide({"a": [0.9, 0.75], "b": [0.45, 0.2]}, resolutions={})

    assert [(d.qid, d.label, d.how) for d in decisions] == [("a", 2, "agreed"), ("b", 4, "agreed")]
    assert disputes == []


def test_reviews_two_levels_apart_wait_for_a_discussion_then_take_its_label():
    estimates = {"a": [0.9, 0.4]}

    assert decide(estimates, resolutions={}) == ([], ["a"])
    decisions, _ = decide(estimates, resolutions={"a": 3})
    assert [(d.label, d.how) for d in decisions] == [(3, "discussed")]


def test_an_item_with_one_review_waits_for_its_second_and_three_are_an_error():
    assert decide({"a": [0.5]}, resolutions={}) == ([], [])
    with pytest.raises(ValueError, match="needs exactly 2"):
        decide({"a": [0.5, 0.6, 0.7]}, resolutions={})


def test_only_the_difficulty_line_of_the_named_item_changes():
    source = (
        "competency: x\nquestions:\n"
        "  - id: x-one\n    kind: single\n    difficulty: 2\n    stem: |\n      difficulty: 2 in a stem\n"
        "  - id: x-two\n    kind: single\n    difficulty: 2\n"
    )

    changed = set_labels(source, {"x-one": 4})

    assert changed == source.replace("    difficulty: 2\n    stem", "    difficulty: 4\n    stem", 1)


def test_a_reviewed_draft_is_published_and_nothing_else_changes():
    source = (
        "competency: x\nquestions:\n"
        "  - id: x-one\n    kind: single\n    stage: s\n    status: draft\n    difficulty: 2\n"
        "  - id: x-two\n    kind: single\n    stage: s\n    status: draft\n    difficulty: 2\n"
    )

    published = publish(source, {"x-one"})

    assert published == source.replace(
        "    status: draft\n    difficulty: 2\n  - id: x-two", "    difficulty: 2\n  - id: x-two"
    )
    assert published.count("status: draft") == 1
