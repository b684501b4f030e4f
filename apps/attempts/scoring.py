"""How an answer is scored, per kind of question. Pure functions: no database, easy to test and to document.

- single choice, true/false: 1 for the correct option, else 0.
- multiple choice: each correct option ticked earns 1/C (C = number of correct options), each wrong option ticked
  costs 1/W (W = number of wrong options); the total is floored at 0. Ticking everything scores 0, ticking
  exactly the right ones scores 1, and a partly right answer earns partial credit.
- situational judgement: the expert's score (0-1) of the action chosen.
- open answer: the share of the key points the candidate says their answer covered (self-graded after seeing the
  model answer).
- self-rating: not scored (None); it is kept as self-assessment.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE = Decimal(1)
ZERO = Decimal(0)
PLACES = Decimal("0.001")


@dataclass(frozen=True)
class Option:
    key: int  # the option's identity (its id), never where it was shown
    is_correct: bool
    score: Decimal | None = None


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def score_choices(kind: str, options: list[Option], selected: set[int]) -> Decimal:
    """The score of choosing `selected` (option keys) in a choice question of `kind`."""
    if kind in ("single", "true_false"):
        correct = {option.key for option in options if option.is_correct}
        return ONE if selected == correct else ZERO
    if kind == "judgement":
        chosen = [option.score for option in options if option.key in selected]
        return _rounded(chosen[0]) if len(chosen) == 1 and chosen[0] is not None else ZERO
    if kind == "multiple":
        return score_multiple(options, selected)
    raise ValueError(f"{kind!r} is not a choice question")


def score_multiple(options: list[Option], selected: set[int]) -> Decimal:
    right = [o.key for o in options if o.is_correct]
    wrong = [o.key for o in options if not o.is_correct]
    earned = Decimal(len(selected & set(right))) / len(right) if right else ZERO
    lost = Decimal(len(selected & set(wrong))) / len(wrong) if wrong else ZERO
    return _rounded(max(ZERO, earned - lost))


def score_open(covered: set[int], key_point_count: int) -> Decimal:
    if key_point_count == 0:
        return ZERO
    return _rounded(Decimal(len(covered)) / key_point_count)
