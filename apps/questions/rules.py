"""What makes a question publishable, stated once and used by the admin, the loaders and the importer.

Drafts may be incomplete; a published question must be answerable and teach something. The functions take plain
data, so that a form, a YAML file and an import row are checked the same way before anything is saved.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .models import Question

Kind = Question.Kind


@dataclass(frozen=True)
class ChoiceData:
    text: str
    is_correct: bool = False
    score: Decimal | None = None
    rationale: str = ""


@dataclass(frozen=True)
class QuestionData:
    kind: str
    status: str
    explanation: str = ""
    model_answer: str = ""
    key_points: list[str] = field(default_factory=list)
    choices: list[ChoiceData] = field(default_factory=list)


def publish_problems(question: QuestionData) -> list[str]:
    """Why `question` cannot be published, in words an author can act on; empty when it can."""
    if question.status != Question.Status.PUBLISHED:
        return []
    problems = []
    if not question.explanation.strip():
        problems.append("A published question needs an explanation.")
    if question.kind in Question.CHOICE_KINDS:
        problems += _choice_problems(question)
    elif question.choices:
        problems.append(f"A {Kind(question.kind).label.lower()} question has no options; remove them.")
    if question.kind == Kind.OPEN:
        if not question.model_answer.strip():
            problems.append("An open question needs a model answer.")
        if not [point for point in question.key_points if point.strip()]:
            problems.append("An open question needs at least one key point to tick off.")
    return problems


def _choice_problems(question: QuestionData) -> list[str]:
    choices = question.choices
    if len(choices) < 2:
        return ["A choice question needs at least two options."]
    problems = []
    if any(not choice.text.strip() for choice in choices):
        problems.append("Every option needs a text.")
    if any(not choice.rationale.strip() for choice in choices):
        problems.append("Every option needs a rationale: why it is right or wrong.")
    correct = sum(choice.is_correct for choice in choices)
    scored = [choice.score for choice in choices if choice.score is not None]
    match question.kind:
        case Kind.SINGLE:
            if correct != 1:
                problems.append(f"A single-choice question needs exactly one correct option, not {correct}.")
        case Kind.TRUE_FALSE:
            if sorted(choice.text.strip().lower() for choice in choices) != ["false", "true"]:
                problems.append('A true-or-false question has exactly two options, "True" and "False".')
            if correct != 1:
                problems.append(f"A true-or-false question needs exactly one correct option, not {correct}.")
        case Kind.MULTIPLE:
            if correct < 2 or correct == len(choices):
                problems.append(
                    "A multiple-choice question needs at least two correct options and one wrong one."
                )
        case Kind.JUDGEMENT:
            problems += _judgement_problems(choices, correct, scored)
    if question.kind != Kind.JUDGEMENT and scored:
        problems.append("Only situational-judgement options carry a score; clear the scores.")
    return problems


def _judgement_problems(choices: list[ChoiceData], correct: int, scored: list[Decimal]) -> list[str]:
    problems = []
    if len(scored) != len(choices):
        problems.append("Every situational-judgement option needs the expert's score from 0 to 1.")
    if sum(score == 1 for score in scored) != 1:
        problems.append("Exactly one situational-judgement option scores 1 (the best action).")
    if correct:
        problems.append("Situational-judgement options are scored, not marked correct; untick 'correct'.")
    return problems


def question_data(*, kind: str, status: str, explanation: str, model_answer: str, key_points: list[str],
                  choices: list[dict]) -> QuestionData:  # fmt: skip
    """Build the rules' view of a question from option dicts (text, correct, score, rationale), as the YAML
    source and the importer both hold them."""
    return QuestionData(
        kind=kind,
        status=status,
        explanation=explanation,
        model_answer=model_answer,
        key_points=list(key_points or []),
        choices=[
            ChoiceData(
                text=choice["text"],
                is_correct=bool(choice["correct"]),
                score=None if choice["score"] is None else Decimal(str(choice["score"])),
                rationale=choice["rationale"],
            )
            for choice in choices
        ],
    )


def question_problems(
    question: Question, *, choices: list[dict] | None = None, status: str | None = None
) -> list[str]:
    """`publish_problems` for a Question instance (saved or not), with its saved options unless `choices` given,
    as if its status were `status`."""
    if choices is None:
        choices = [
            {"text": c.text, "correct": c.is_correct, "score": c.score, "rationale": c.rationale}
            for c in question.choices.all()
        ]
    return publish_problems(
        question_data(
            kind=question.kind,
            status=status or question.status,
            explanation=question.explanation,
            model_answer=question.model_answer,
            key_points=question.key_points,
            choices=choices,
        )
    )
