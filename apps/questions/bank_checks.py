"""Checks that keep the question bank honest, over the built data of fixtures/questions.json.

Each check returns a list of problems in words an author can act on; the test suite asserts each list is empty
and `manage.py check_bank` prints them while writing.
"""

import re
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from itertools import combinations

MAX_SHARE_OF_ONE_POSITION = 0.40
MAX_SHARE_CORRECT_LONGEST = 0.40
MIN_QUESTIONS_PER_COMPETENCY = 10
NEAR_DUPLICATE_RATIO = 0.85
BANNED_OPTIONS = re.compile(r"\b(all|none|both|neither) of the (above|options|answers)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?](?:[\"')\]]*)(?:\s|$)")
DIFFICULTY_BANDS = {"easy": (1, 2), "medium": (3, 3), "hard": (4, 5)}


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def near_duplicate_stems(questions: list[dict]) -> list[str]:
    stems = [(q["id"], _words(q["stem"])) for q in questions]
    vocabularies = {qid: set(text.split()) for qid, text in stems}
    problems = []
    for (id_a, a), (id_b, b) in combinations(stems, 2):
        # Sharing few words rules a pair out cheaply; only look closely at the rest.
        words_a, words_b = vocabularies[id_a], vocabularies[id_b]
        if len(words_a & words_b) < NEAR_DUPLICATE_RATIO * max(len(words_a), len(words_b)) * 0.8:
            continue
        ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
        if ratio >= NEAR_DUPLICATE_RATIO:
            problems.append(f"{id_a} and {id_b} have near-identical stems ({ratio:.0%} alike)")
    return problems


def single_choice_balance(questions: list[dict]) -> list[str]:
    singles = [q for q in questions if q["kind"] == "single"]
    if not singles:
        return []
    positions = Counter(next(i for i, c in enumerate(q["choices"], 1) if c["correct"]) for q in singles)
    problems = [
        f"position {position} holds {count} of {len(singles)} correct answers ({count / len(singles):.0%}), "
        f"more than {MAX_SHARE_OF_ONE_POSITION:.0%}"
        for position, count in sorted(positions.items())
        if count / len(singles) > MAX_SHARE_OF_ONE_POSITION
    ]
    longest = [q["id"] for q in singles if _correct_is_longest(q)]
    if len(longest) / len(singles) > MAX_SHARE_CORRECT_LONGEST:
        problems.append(
            f"the correct option is the longest in {len(longest)} of {len(singles)} single-choice questions "
            f"({len(longest) / len(singles):.0%}), more than {MAX_SHARE_CORRECT_LONGEST:.0%}"
        )
    return problems


def _correct_is_longest(question: dict) -> bool:
    lengths = [(len(c["text"]), c["correct"]) for c in question["choices"]]
    longest = max(length for length, _ in lengths)
    return [correct for length, correct in lengths if length == longest] == [True]


def correct_is_longest_ids(questions: list[dict]) -> list[str]:
    return [q["id"] for q in questions if q["kind"] == "single" and _correct_is_longest(q)]


def explanations_and_references(questions: list[dict]) -> list[str]:
    problems = []
    for q in questions:
        if len(SENTENCE_END.findall(q["explanation"].strip() + " ")) < 2:
            problems.append(f"{q['id']}: the explanation needs at least two sentences")
        if not q["references"]:
            problems.append(f"{q['id']}: no reference")
    return problems


def banned_options(questions: list[dict]) -> list[str]:
    return [
        f"{q['id']}: option {position} reads like 'all/none of the above'"
        for q in questions
        for position, choice in enumerate(q["choices"], 1)
        if BANNED_OPTIONS.search(choice["text"])
    ]


def coverage(questions: list[dict], measured_competencies: list[str]) -> list[str]:
    """Each measured competency: enough scored questions, every difficulty band, and a self-rating question."""
    by_competency: dict[str, list[dict]] = defaultdict(list)
    for q in questions:
        if q["status"] == "published":
            by_competency[q["competency"]].append(q)
    problems = []
    for slug in measured_competencies:
        scored = [q for q in by_competency[slug] if q["kind"] != "self_rating"]
        if len(scored) < MIN_QUESTIONS_PER_COMPETENCY:
            problems.append(f"{slug}: {len(scored)} scored questions, needs {MIN_QUESTIONS_PER_COMPETENCY}")
        for band, (low, high) in DIFFICULTY_BANDS.items():
            if not any(low <= q["difficulty"] <= high for q in scored):
                problems.append(f"{slug}: no {band} question (difficulty {low}-{high})")
        if not any(q["kind"] == "self_rating" for q in by_competency[slug]):
            problems.append(f"{slug}: no self-rating question")
    return problems


def all_problems(questions: list[dict], measured_competencies: list[str]) -> list[str]:
    return [
        *near_duplicate_stems(questions),
        *single_choice_balance(questions),
        *explanations_and_references(questions),
        *banned_options(questions),
        *coverage(questions, measured_competencies),
    ]
