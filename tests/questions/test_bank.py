"""The question bank as committed: big enough, balanced, and honest (docs/authoring.md)."""

import json
import random
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.questions import bank_audit, bank_checks, bank_similarity
from apps.questions.models import Question


def _load(name: str) -> dict:
    return json.loads((settings.BASE_DIR / "fixtures" / name).read_text())


BANK = _load("questions.json")["questions"]
PROFILE = _load("role_profile.json")
COMPETENCIES = [c for area in PROFILE["areas"] for c in area["competencies"]]
MEASURED = [c["slug"] for c in COMPETENCIES if c["assessment"] == "measured"]
STAGES = [stage["slug"] for stage in PROFILE["stages"]]


@pytest.fixture(scope="module")
def bank_audit_result():
    return bank_audit.audit(BANK)


def test_the_bank_has_at_least_300_published_questions():
    assert sum(q["status"] == "published" for q in BANK) >= 300


def test_every_competency_has_questions_and_every_kind_is_used():
    per_competency = {c["slug"]: sum(q["competency"] == c["slug"] for q in BANK) for c in COMPETENCIES}

    assert min(per_competency.values()) >= 2, per_competency
    assert {q["kind"] for q in BANK} == set(Question.Kind.values)


def test_every_measured_competency_is_covered_at_every_difficulty():
    assert bank_checks.coverage(BANK, MEASURED) == []


REQUIRED = {
    c["slug"]: [STAGES[r["stage_order"] - 1] for r in c["requirements"]]
    for c in COMPETENCIES
    if c["assessment"] == "measured"
}


def test_every_competency_is_asked_at_three_difficulty_levels_at_every_stage_that_requires_it():
    assert sum(len(stages) for stages in REQUIRED.values()) >= len(MEASURED)
    assert bank_checks.competency_stage_spread(BANK, REQUIRED) == []


def test_every_difficulty_gap_in_progress_is_still_a_gap():
    """The list of known gaps only shrinks: an entry the bank no longer needs fails here."""
    gaps = bank_checks.competency_stage_gaps(BANK, REQUIRED)
    assert [pair for pair in bank_checks.DIFFICULTY_GAPS_IN_PROGRESS if pair not in gaps] == []


def test_a_competency_asked_at_two_levels_on_a_stage_is_caught():
    questions = [
        {"id": f"q{n}", "competency": "web-apis", "stage": stage, "difficulty": level, "kind": "single",
         "status": "published"}
        for n, (stage, level) in enumerate([("backend-engineer", 1), ("backend-engineer", 2),
                                            ("senior-ai-backend-engineer", 1), ("senior-ai-backend-engineer", 3),
                                            ("senior-ai-backend-engineer", 5)])
    ]  # fmt: skip
    problems = bank_checks.competency_stage_spread(
        questions, {"web-apis": ["backend-engineer", "senior-ai-backend-engineer"]}
    )
    assert problems == ["web-apis at stage backend-engineer: questions at [1, 2], needs 3 levels"]


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


def test_the_options_alone_do_not_give_the_key_away(bank_audit_result):
    assert bank_audit_result.problems() == [], "\n".join(bank_audit_result.report_lines())


def test_no_two_questions_tell_the_same_scenario():
    assert bank_similarity.near_duplicate_scenarios(BANK) == []


@pytest.mark.parametrize(
    "check",
    [
        bank_checks.true_false_key_balance,
        bank_checks.judgement_dilemmas,
        bank_checks.judgement_best_most_compound,
        bank_checks.multiple_choice_key_positions,
    ],
)
def test_bank_wide_shares_are_within_their_rules(check):
    assert check(BANK).problems() == []


def test_every_stage_has_questions_at_three_difficulty_levels():
    assert bank_checks.stage_difficulty_spread(BANK, STAGES) == []


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


@pytest.mark.parametrize("explanation", ["Only one sentence.", "No full stop at all"])
def test_a_one_sentence_explanation_is_caught(explanation):
    question = _single("q", 0) | {"explanation": explanation}

    assert bank_checks.explanations_and_references([question]) == [
        "q: the explanation needs at least two sentences"
    ]


def test_all_of_the_above_is_caught():
    question = _single("q", 0, texts=("aa", "bb", "All of the above"))

    assert bank_checks.banned_options([question]) == ["q: option 3 reads like 'all/none of the above'"]


def _question(
    qid: str, kind: str, flags: list, texts: list[str] | None = None, competency: str = "c"
) -> dict:
    """A question of any closed kind: `flags` are `correct` booleans, or scores for judgement."""
    texts = texts or [f"option {i}" for i in range(len(flags))]
    choices = [
        {"text": t, "correct": f is True, "score": f if kind == "judgement" else None, "rationale": "r"}
        for t, f in zip(texts, flags, strict=True)
    ]
    return _single(qid, 0) | {"kind": kind, "competency": competency, "choices": choices}


def test_true_false_keys_outside_40_to_60_percent_are_caught():
    questions = [_question(f"t{n}", "true_false", [n < 3, n >= 3], ["True", "False"]) for n in range(4)]

    assert bank_checks.true_false_key_balance(questions).problems() == [
        "true/false items keyed True: 3 of 4 (75%; rule: 40%-60%), outside the rule"
    ]
    assert bank_checks.true_false_key_balance(questions[2:]).problems() == []


def test_too_few_judgement_dilemmas_are_caught():
    easy = _question("easy", "judgement", [1.0, 0.4, 0.2])
    dilemma = _question("dilemma", "judgement", [0.6, 1.0, 0.2])

    assert bank_checks.judgement_dilemmas([easy, easy, dilemma]).problems() == [
        "judgement items with a second-best scoring 0.6+: 1 of 3 (33%; rule: at least 40%), outside the rule"
    ]
    assert bank_checks.judgement_dilemmas([easy, dilemma]).problems() == []


def test_a_best_judgement_that_is_usually_the_most_compound_option_is_caught():
    texts = ["Ask, then check, and report", "Ask", "Check"]
    compound = _question("compound", "judgement", [1.0, 0.6, 0.2], texts)
    plain = _question("plain", "judgement", [0.2, 1.0, 0.6], texts)

    assert bank_checks.judgement_best_most_compound([compound, plain]).value == 0.5
    assert bank_checks.judgement_best_most_compound([compound, plain]).problems() != []
    assert bank_checks.judgement_best_most_compound([compound, plain, plain]).problems() == []


def test_multiple_choice_keys_always_listed_first_are_caught():
    first = _question("first", "multiple", [True, True, False, False])
    spread = _question("spread", "multiple", [False, True, False, True])

    assert bank_checks.multiple_choice_key_positions([first, first, spread]).problems() == [
        "multiple-choice items whose correct options are exactly the first ones: 2 of 3 (67%; rule: at most 50%), "
        "outside the rule"
    ]
    assert bank_checks.multiple_choice_key_positions([first, spread]).problems() == []


def test_a_stage_asked_at_fewer_than_three_difficulty_levels_is_caught():
    questions = [_single(f"q{level}", 0) | {"stage": "junior", "difficulty": level} for level in (1, 2, 2)]

    assert bank_checks.stage_difficulty_spread(questions, ["junior", "lead"]) == [
        "stage junior: questions at 2 difficulty level(s) [1, 2], needs 3",
        "stage lead: questions at 0 difficulty level(s) [], needs 3",
    ]
    questions.append(_single("q3", 0) | {"stage": "junior", "difficulty": 3})
    assert bank_checks.stage_difficulty_spread(questions, ["junior"]) == []


# --- the stem-blind audit and scenario duplicates, on small fixed banks ----------------------------------------

# Made-up words, so that no two synthetic questions share more than chance vocabulary.
_RNG = random.Random(12)
WORDS = ["".join(_RNG.choices("abcdefghijklmnopqrstuvwxyz", k=_RNG.randint(5, 9))) for _ in range(400)]


def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high)))


def _synthetic_bank(key_longest: bool, competencies: int = 8, per_competency: int = 20) -> list[dict]:
    """Single-choice items with random options and keys; with `key_longest`, the key is always the longest."""
    rng = random.Random(5)
    bank = []
    for c in range(competencies):
        for n in range(per_competency):
            texts = [_phrase(rng, 3, 8) for _ in range(4)]
            key = rng.randrange(4)
            if key_longest:
                texts[key] = _phrase(rng, 14, 16)
            question = _single(f"c{c}-q{n:02}", key, texts=texts, stem=_phrase(rng, 10, 16) + "?")
            bank.append(question | {"competency": f"c{c}", "difficulty": 1 + n % 5, "stage": "s"})
    return bank


def test_the_audit_fails_a_bank_whose_key_is_always_the_longest_option():
    result = bank_audit.audit(_synthetic_bank(key_longest=True))

    assert result.overall.learner == 1.0
    assert result.overall.chance == 0.25
    assert [problem.split(" is answered")[0] for problem in result.problems()] == [
        "stem-blind audit: overall",
        "stem-blind audit: single",
    ]
    confident = result.confident()
    assert len(confident) == 15
    assert all(item.right for item in confident)
    assert [item.margin for item in confident] == sorted((item.margin for item in confident), reverse=True)


def test_the_audit_passes_a_bank_without_cues():
    result = bank_audit.audit(_synthetic_bank(key_longest=False))

    assert result.problems() == [], result.overall.line()
    assert abs(result.overall.lead) <= bank_audit.MAX_LEAD_OVER_CHANCE


def test_the_audit_scores_true_false_by_the_key_balance_the_other_competencies_teach():
    # Four of every five items are keyed False, so whatever competency is left out, the rest teach "False".
    questions = [
        _question(f"c{c}-t{n}", "true_false", [n == 0, n != 0], ["True", "False"], competency=f"c{c}")
        for c in range(4)
        for n in range(5)
    ]

    true_false = bank_audit.audit(questions).by_kind[AUDITED.index("true_false")]

    assert (true_false.items, true_false.learner, true_false.chance) == (20, 0.8, 0.5)


def test_the_audit_credits_a_judgement_pick_with_its_score_and_a_multiple_pick_when_it_is_correct():
    # The best judgement option and the correct multiple-choice options are always the longest ones.
    judgement = [
        _question(f"c{n % 4}-j{n}", "judgement", [0.0, 0.5, 1.0], ["ab", "cd", "ef gh ij kl"], f"c{n % 4}")
        for n in range(16)
    ]
    multiple = [
        _question(f"c{n % 4}-m{n}", "multiple", [True, False, True, False], ["ab cd ef gh", "ij", "kl mn op qr", "st"], f"c{n % 4}")
        for n in range(16)
    ]  # fmt: skip

    figures = {f.label: f for f in bank_audit.audit(judgement + multiple).by_kind}

    assert (figures["judgement"].learner, figures["judgement"].chance) == (1.0, 0.5)
    assert (figures["multiple"].learner, figures["multiple"].chance) == (1.0, 0.5)


AUDITED = list(bank_audit.AUDITED_KINDS)


def test_scenario_duplicates_are_caught_in_other_words_and_distinct_scenarios_are_not():
    rng = random.Random(3)
    first = _single(
        "org-date",
        0,
        stem="The product manager asks you for a launch date for the invoice assistant. "
        "Nobody has checked whether the model extracts invoice fields accurately. What do you answer?",
    )
    second = _single(
        "emp-date",
        0,
        stem="A product manager keeps pressing you for a launch date for the invoice "
        "assistant, though the model's invoice field extraction is still unchecked. What do you do?",
    )
    others = [_single(f"other{n}", 0, texts=[_phrase(rng, 4, 8) for _ in range(3)], stem=_phrase(rng, 12, 20))
              for n in range(8)]  # fmt: skip

    assert bank_similarity.near_duplicate_scenarios([first, second, *others]) == [
        f"emp-date and org-date tell the same scenario (similarity "
        f"{bank_similarity.similar_pairs([first, second, *others])[0].similarity:.3f}, flagged from 0.215)"
    ]
    assert bank_similarity.near_duplicate_scenarios([first, *others]) == []


def test_a_pair_reviewed_as_distinct_is_not_reported():
    pair = sorted(next(iter(bank_similarity.REVIEWED_DISTINCT)))
    twins = [
        _single(qid, 0, stem="The very same scenario, told twice in the very same words.") for qid in pair
    ]

    assert bank_similarity.similar_pairs(twins)[0].similarity > bank_similarity.SCENARIO_THRESHOLD
    assert bank_similarity.near_duplicate_scenarios(twins) == []


def test_similar_pairs_chain_into_clusters():
    pairs = [bank_similarity.SimilarPair(a, b, 0.3) for a, b in [("a", "b"), ("d", "e"), ("b", "c")]]

    assert bank_similarity.clusters(pairs) == [["a", "b", "c"], ["d", "e"]]


# --- check_bank reports honestly and exits non-zero on any problem ---------------------------------------------


def _run_check_bank(monkeypatch, bank: list[dict]) -> tuple[str, CommandError | None]:
    profile = {"areas": [{"competencies": []}], "stages": [{"slug": "s"}]}
    monkeypatch.setattr(
        "apps.questions.management.commands.check_bank.build_fixtures",
        lambda source: {
            "role_profile.json": json.dumps(profile),
            "questions.json": json.dumps({"questions": bank}),
        },
    )
    out = StringIO()
    try:
        call_command("check_bank", stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_check_bank_fails_a_bank_the_audit_fails_and_prints_its_report(monkeypatch):
    out, error = _run_check_bank(monkeypatch, _synthetic_bank(key_longest=True))

    assert error is not None
    assert "Stem-blind audit" in out
    assert "  single: 160 items, learner 100.0% vs chance 25.0% (+75.0 points)" in out
    assert "- stem-blind audit: single is answered 75.0 points above chance" in out


def test_check_bank_passes_a_bank_without_problems(monkeypatch):
    out, error = _run_check_bank(monkeypatch, _synthetic_bank(key_longest=False))

    assert error is None, out
    assert "true/false items keyed True: 0 of 0" in out
    assert out.endswith("The question bank meets the authoring rules.\n")
