"""The end-of-session summary: score per competency, time, confidence calibration, and every answer."""

from collections import defaultdict
from decimal import Decimal

from apps.questions.models import Question
from apps.readiness.models import StageReadiness

from . import clock, plugins
from .forms import GradeForm
from .models import QuizSession, Response


def build(session: QuizSession, *, reader) -> dict:
    """Everything the summary page shows; `reader` is who reads it (the candidate, or a mentor)."""
    slots = list(
        session.slots.select_related("question__competency", "response")
        .prefetch_related("question__choices")
        .order_by("position")
    )
    responses = [slot.response for slot in slots if hasattr(slot, "response")]
    notes = plugins.summary_notes(session, reader=reader) if session.reveals_answers else {}
    for slot in slots:  # the answer's question is the slot's, already loaded
        if hasattr(slot, "response"):
            slot.response.question = slot.question
    return {
        "session": session,
        "items": [_item(slot, notes) for slot in slots],
        "competencies": _per_competency(responses),
        "calibration": _calibration(responses),
        "elapsed": (session.finished_at or clock.now()) - session.started_at,
        "answered": len(responses),
        "scored": _scored_total(responses),
        "stage_readiness": (
            StageReadiness.objects.filter(user_id=session.user_id, stage_id=session.stage_id).first()
            if session.is_adaptive
            else None
        ),
    }


def _item(slot, notes: dict) -> dict:
    response = getattr(slot, "response", None)
    question = slot.question
    chosen = set(response.selected) if response else set()
    needs_grade = (
        response is not None and question.kind == Question.Kind.OPEN and response.covered_points is None
    )
    return {
        "slot": slot,
        "question": question,
        "response": response,
        "choices": [{"choice": c, "chosen": c.pk in chosen} for c in slot.displayed_choices()],
        "grade_form": GradeForm(key_points=question.key_points) if needs_grade else None,
        "notes": notes.get(response.pk, []) if response else [],
    }


def _per_competency(responses: list[Response]) -> list[dict]:
    totals: dict = defaultdict(lambda: {"answered": 0, "score": Decimal(0), "graded": 0})
    for response in responses:
        row = totals[response.question.competency]
        row["answered"] += 1
        if response.score is not None:
            row["graded"] += 1
            row["score"] += response.score
    return [
        {
            "competency": competency,
            "answered": row["answered"],
            "percent": round(100 * row["score"] / row["graded"]) if row["graded"] else None,
        }
        for competency, row in sorted(totals.items(), key=lambda item: (item[0].area_id, item[0].order))
    ]


def _calibration(responses: list[Response]) -> list[dict]:
    """For each confidence level: how many answers were given at it and how many of those were right."""
    rows = []
    for value, label in Response.Confidence.choices:
        scored = [r for r in responses if r.confidence == value and r.score is not None]
        right = sum(1 for r in scored if r.is_correct)
        rows.append(
            {
                "label": label,
                "answers": len(scored),
                "right": right,
                "percent": round(100 * right / len(scored)) if scored else None,
            }
        )
    return rows


def _scored_total(responses: list[Response]) -> dict:
    scored = [r.score for r in responses if r.score is not None]
    total = sum(scored, Decimal(0))
    return {
        "count": len(scored),
        "points": total,
        "percent": round(100 * total / len(scored)) if scored else None,
    }
