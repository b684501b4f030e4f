"""Writes to the question bank: versioning, and loading the bank built from fixtures/source/questions/."""

import hashlib
import json
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from apps.competencies.models import CareerStage, Competency, RoleProfile
from apps.competencies.sync import SyncReport

from .models import Choice, ProblemReport, Question


def _digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


CHOICE_FIELDS = ("text", "is_correct", "score", "rationale")


def question_content_digest(question: Question, *, choices: list[Choice] | None = None) -> str:
    """A fingerprint of everything a candidate sees of `question`, before and after answering.

    `choices` are the options about to be saved; by default, the saved ones.
    """
    if choices is None:
        choices = list(question.choices.all())
    return _digest(
        {
            "kind": question.kind,
            "stem": question.stem,
            "explanation": question.explanation,
            "model_answer": question.model_answer,
            "key_points": question.key_points,
            "references": question.references,
            "choices": [[getattr(choice, field) for field in CHOICE_FIELDS] for choice in choices],
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
    nothing and an admin's edits survive until the source itself changes. A published question that came from
    the source and is no longer in it goes back to draft: its answers stay, candidates stop getting it.
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
    _retire_removed_questions({item["id"] for item in data["questions"]}, source_name, report)
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
    # The database enforces the constraints itself; checking each one with a query first would triple the load time.
    question.full_clean(exclude=["competency", "stage"], validate_unique=False, validate_constraints=False)
    if question.pk is None:
        _create_with_choices(question, item["choices"], reason)
    else:
        question.save()
        question_replace_choices(question=question, choices=item["choices"])
        question_record_revision(question=question, reason=reason)
    return question


def _create_with_choices(question: Question, choices: list[dict], reason: str) -> None:
    """A new question and its options in a few statements: the first load of the whole bank stays fast."""
    options = [Choice(position=position, **_choice_values(data)) for position, data in enumerate(choices, 1)]
    question.content_digest = question_content_digest(question, choices=options)
    question.save()
    for option in options:
        option.question = question
        option.rendered_refresh()  # bulk_create does not call save()
    bulk_create_with_history(options, Choice, default_change_reason=reason)


def _retire_removed_questions(source_ids: set[str], source_name: str, report: SyncReport) -> None:
    removed = Question.objects.published().exclude(source_digest="").exclude(slug__in=source_ids)
    for question in removed:
        question.status = Question.Status.DRAFT
        question._change_reason = f"Removed from {source_name}"
        question.save(update_fields=["status", "updated_at"])
        report.add("questions", "retired")


def _choice_values(data: dict) -> dict:
    score = None if data["score"] is None else Decimal(str(data["score"])).quantize(Decimal("0.01"))
    return {
        "text": data["text"],
        "is_correct": data["correct"],
        "score": score,
        "rationale": data["rationale"],
    }


def question_replace_choices(*, question: Question, choices: list[dict]) -> None:
    """Make the options of `question` exactly `choices` (dicts with text, correct, score, rationale)."""
    existing = {choice.position: choice for choice in question.choices.all()}
    for position, data in enumerate(choices, 1):
        choice = existing.pop(position, None) or Choice(question=question, position=position)
        values = _choice_values(data)
        if choice.pk and all(getattr(choice, field) == value for field, value in values.items()):
            continue
        for field, value in values.items():
            setattr(choice, field, value)
        choice.save()
    for stale in existing.values():
        stale.delete()


def stored_markdown_refresh() -> int:
    """Render again every stored rendering that is missing or stale: after a change to the renderer (its code or
    libraries), or texts written without save(). Pages render such texts themselves meanwhile, which is correct
    but slow; `load_content` runs this on every release. Returns how many rows it rewrote."""
    rewritten = 0
    for model in (Question, Choice):
        rows = model.objects.only("pk", "rendered", *model.MARKDOWN_FIELDS).order_by("pk")
        stale = [row for row in rows.iterator(chunk_size=500) if row.rendered_refresh()]
        model.objects.bulk_update(stale, ["rendered"], batch_size=500)
        rewritten += len(stale)
    return rewritten


def problem_report_create(*, question: Question, reporter, text: str) -> ProblemReport:
    """A candidate's report lands in the admin's list with the version of the question they saw."""
    report = ProblemReport(question=question, reporter=reporter, question_version=question.version, text=text)
    report.full_clean()
    report.save()
    return report
