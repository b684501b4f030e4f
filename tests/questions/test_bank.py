"""The question bank as committed: big enough, balanced, and honest (docs/authoring.md)."""

import json

import pytest
from django.conf import settings

from apps.questions import bank_checks
from apps.questions.models import Question


def _load(name: str) -> dict:
    return json.loads((settings.BASE_DIR / "fixtures" / name).read_text())


BANK = _load("questions.json")["questions"]
PROFILE = _load("role_profile.json")
COMPETENCIES = [c for area in PROFILE["areas"] for c in area["competencies"]]
MEASURED = [c["slug"] for c in COMPETENCIES if c["assessment"] == "measured"]


def test_the_bank_has_at_least_300_published_questions():
    assert sum(q["status"] == "published" for q in BANK) >= 300


def test_every_competency_has_questions_and_every_kind_is_used():
    per_competency = {c["slug"]: sum(q["competency"] == c["slug"] for q in BANK) for c in COMPETENCIES}

    assert min(per_competency.values()) >= 2, per_competency
    assert {q["kind"] for q in BANK} == set(Question.Kind.values)


def test_every_measured_competency_is_covered_at_every_difficulty():
    assert bank_checks.coverage(BANK, MEASURED) == []


def test_self_rated_competencies_are_asked_only_as_self_rating():
    self_rated = {c["slug"] for c in COMPETENCIES if c["assessment"] == "self_rating"}

    assert {q["kind"] for q in BANK if q["competency"] in self_rated} == {"self_rating"}


def test_no_two_stems_are_alike():
    assert bank_checks.near_duplicate_stems(BANK) == []


def test_single_choice_answers_do_not_give_themselves_away():
    assert bank_checks.single_choice_balance(BANK) == []


def test_every_question_explains_itself_and_cites_a_reference():
    assert bank_checks.explanations_and_references(BANK) == []


def test_no_all_or_none_of_the_above():
    assert bank_checks.banned_options(BANK) == []


# --- the checks themselves must catch what they claim to -------------------------------------------------------


def _single(qid: str, correct_at: int, texts=("aa", "bb", "cc"), stem: str | None = None) -> dict:
    choices = [
        {"text": t, "correct": i == correct_at, "score": None, "rationale": "r"} for i, t in enumerate(texts)
    ]
    return {
        "id": qid, "competency": "c", "kind": "single", "difficulty": 3, "status": "published",
        "stem": stem or f"A stem about topic {qid} that is distinct", "explanation": "One. Two.",
        "references": ["RFC 1"], "choices": choices,
    }  # fmt: skip


def test_near_duplicates_are_caught_despite_small_edits():
    questions = [
        _single("a", 0, stem="Which HTTP status code tells the client that the resource was created?"),
        _single("b", 0, stem="Which HTTP status code tells a client that the resource was created?"),
    ]

    assert bank_checks.near_duplicate_stems(questions) == ["a and b have near-identical stems (97% alike)"]


def test_an_answer_position_holding_too_many_correct_answers_is_caught():
    questions = [_single(str(n), 0) for n in range(3)] + [_single("x", 1), _single("y", 2)]

    assert bank_checks.single_choice_balance(questions) == [
        "position 1 holds 3 of 5 correct answers (60%), more than 40%"
    ]


def test_the_longest_option_being_right_too_often_is_caught():
    questions = [_single(str(n), n % 3, texts=["a", "b", "c"]) for n in range(3)]
    for question in questions:
        next(c for c in question["choices"] if c["correct"])["text"] = "the long right answer"

    assert "the correct option is the longest in 3 of 3" in bank_checks.single_choice_balance(questions)[0]


@pytest.mark.parametrize("explanation", ["Only one sentence.", "No full stop at all"])
def test_a_one_sentence_explanation_is_caught(explanation):
    question = _single("q", 0) | {"explanation": explanation}

    assert bank_checks.explanations_and_references([question]) == [
        "q: the explanation needs at least two sentences"
    ]


def test_all_of_the_above_is_caught():
    question = _single("q", 0, texts=("aa", "bb", "All of the above"))

    assert bank_checks.banned_options([question]) == ["q: option 3 reads like 'all/none of the above'"]
