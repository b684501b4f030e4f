"""Writes to the question bank: versioning, and loading the bank built from fixtures/source/questions/."""

import hashlib
import json
from decimal import Decimal

from django.db import transaction

from apps.competencies.models import CareerStage, Competency, RoleProfile
from apps.competencies.sync import SyncReport

from .models import Choice, Question


def _digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def question_content_digest(question: Question) -> str:
    """A fingerprint of everything a candidate sees of `question`, before and after answering."""
    return _digest(
        {
            "kind": question.kind,
            "stem": question.stem,
            "explanation": question.explanation,
            "model_answer": question.model_answer,
            "key_points": question.key_points,
            "references": question.references,
            "choices": [
                [choice.text, choice.is_correct, choice.score, choice.rationale]
                for choice in question.choices.all()
            ],
        }
    )


def question_record_revision(*, question: Question, reason: str = "") -> bool:
    """Give `question` a new version if what candidates see changed since it was last recorded.

    Answers keep the version they were given to, so a changed question is never mistaken for the old one.
    Returns whether the version went up.
    """
    digest = question_content_digest(question)
    if digest == question.content_digest:
        return False
    bumped = bool(question.content_digest)
    if bumped:
        question.version += 1
    question.content_digest = digest
    question._change_reason = reason or ("New version" if bumped else "First version")
    question.save(update_fields=["version", "content_digest", "updated_at"])
    return bumped


@transaction.atomic
def question_bank_sync(*, data: dict, source_name: str) -> SyncReport:
    """Load the question bank built by `build_fixtures`.

    A question whose source data has not changed since it was last loaded is skipped, so a second load writes
    nothing and an admin's edits survive until the source itself changes.
    """
    report = SyncReport()
    profile = RoleProfile.objects.get(slug=data["profile"])
    competencies = {c.slug: c for c in Competency.objects.filter(profile=profile)}
    stages = {s.slug: s for s in CareerStage.objects.filter(profile=profile)}
    loaded = dict(Question.objects.values_list("slug", "source_digest"))
    for item in data["questions"]:
        digest = _digest(item)
        if loaded.get(item["id"]) == digest:
            report.add("questions", "unchanged")
            continue
        _load_question(item, digest, competencies, stages, reason=f"Loaded from {source_name}")
        report.add("questions", "updated" if item["id"] in loaded else "created")
    return report


def _load_question(
    item: dict,
    digest: str,
    competencies: dict[str, Competency],
    stages: dict[str, CareerStage],
    *,
    reason: str,
) -> Question:
    question = Question.objects.filter(slug=item["id"]).first() or Question(slug=item["id"])
    question.competency = competencies[item["competency"]]
    question.stage = stages[item["stage"]]
    for field in (
        "kind",
        "difficulty",
        "status",
        "stem",
        "explanation",
        "model_answer",
        "key_points",
        "references",
    ):
        setattr(question, field, item[field])
    question.source_digest = digest
    question._change_reason = reason
    question.full_clean(exclude=["competency", "stage"])
    question.save()
    question_replace_choices(question=question, choices=item["choices"])
    question_record_revision(question=question, reason=reason)
    return question


def question_replace_choices(*, question: Question, choices: list[dict]) -> None:
    """Make the options of `question` exactly `choices` (dicts with text, correct, score, rationale)."""
    existing = {choice.position: choice for choice in question.choices.all()}
    for position, data in enumerate(choices, 1):
        choice = existing.pop(position, None) or Choice(question=question, position=position)
        values = {
            "text": data["text"],
            "is_correct": data["correct"],
            "score": None if data["score"] is None else Decimal(str(data["score"])).quantize(Decimal("0.01")),
            "rationale": data["rationale"],
        }
        if choice.pk and all(getattr(choice, field) == value for field, value in values.items()):
            continue
        for field, value in values.items():
            setattr(choice, field, value)
        choice.save()
    for stale in existing.values():
        stale.delete()
