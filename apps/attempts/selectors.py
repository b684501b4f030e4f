"""Reads for attempts' pages, each in a fixed number of queries whatever the history: the candidate's dashboard
(`dashboard_of`) and a session's summary (`summary_of`)."""

from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Sum

from apps.competencies.layout import Layout, layout_of
from apps.competencies.models import RoleProfile
from apps.questions.models import Question
from apps.readiness import selectors as readiness_selectors
from apps.readiness.models import StageReadiness

from . import clock, plugins
from .forms import GradeForm, TargetForm
from .models import Answer, Bookmark, QuizSession, ReviewCard

RECENT_SESSIONS = 5

# --- the dashboard ----------------------------------------------------------------------------------------------------


def dashboard_of(user) -> dict:
    profile = RoleProfile.objects.current()
    layout = layout_of(profile)
    target = readiness_selectors.target_stage_of(user, layout)
    return {
        "profile": profile,
        "target": target,
        "target_form": TargetForm(initial={"stage": target.slug if target else None}),
        "stages": layout.stages,
        "areas": _areas_with_progress(user, layout, target),
        "unfinished": QuizSession.objects.for_user(user).active().first(),
        **_due_and_bookmarked(user),
        "recent": QuizSession.objects.for_user(user).filter(finished_at__isnull=False)[:RECENT_SESSIONS],
        "readiness": readiness_selectors.dashboard_summary(user, layout, target),
    }


def _due_and_bookmarked(user) -> dict[str, int]:
    """The questions due for review and the bookmarks, counted in one statement, written out: the ORM's version
    (two Coalesce(Subquery(...)) over the users' table) took 2-3.7 ms to build and run against 0.2 ms for this SQL,
    on every dashboard (PostgreSQL, measured)."""
    quote = connection.ops.quote_name
    cards, bookmarks = (quote(model._meta.db_table) for model in (ReviewCard, Bookmark))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {cards} WHERE user_id = %s AND due <= %s), "
            f"(SELECT COUNT(*) FROM {bookmarks} WHERE user_id = %s)",
            [user.pk, connection.ops.adapt_datetimefield_value(clock.now()), user.pk],
        )
        due, bookmarked = cursor.fetchone()
    return {"due_count": due, "bookmark_count": bookmarked}


def _areas_with_progress(user, layout: Layout, target) -> list[dict]:
    """Areas with their measured competencies, each with answered/correct counts and the target's level."""
    # From the review cards, one per question answered (each counts its scored and its right answers): bounded by
    # the bank's size however many answers the history holds.
    counts = {
        row["question__competency"]: row
        for row in ReviewCard.objects.filter(user=user)
        .values("question__competency")
        .annotate(answered=Sum("reviews"), correct=Sum("right"))
    }
    targets = layout.target_levels(target)
    return [
        {
            "area": group.area,
            "rows": [
                {
                    "competency": competency,
                    "url": layout.competency_urls[competency.pk],
                    "answered": counts.get(competency.pk, {}).get("answered", 0),
                    "correct": counts.get(competency.pk, {}).get("correct", 0),
                    "target_level": targets.get(competency.pk),
                }
                for competency in group.measured
            ],
        }
        for group in layout.areas
    ]


# --- a session's summary --------------------------------------------------------------------------------------------


def summary_of(session: QuizSession, *, reader) -> dict:
    """Everything the summary page shows; `reader` is who reads it (the candidate, or a mentor)."""
    slots = list(
        session.slots.select_related("question__competency", "answer")
        .prefetch_related("question__choices")
        .order_by("position")
    )
    answers = [slot.answer for slot in slots if hasattr(slot, "answer")]
    notes = plugins.summary_notes(session, reader=reader) if session.reveals_answers else {}
    for slot in slots:  # the answer's question is the slot's, already loaded
        if hasattr(slot, "answer"):
            slot.answer.question = slot.question
    return {
        "session": session,
        "items": [_item(slot, notes) for slot in slots],
        "competencies": _per_competency(answers),
        "calibration": _calibration(answers),
        "elapsed": (session.finished_at or clock.now()) - session.started_at,
        "answered": len(answers),
        "scored": _scored_total(answers),
        "stage_readiness": (
            StageReadiness.objects.filter(user_id=session.user_id, stage_id=session.stage_id)
            .order_by()
            .first()
            if session.is_adaptive
            else None
        ),
    }


def _item(slot, notes: dict) -> dict:
    answer = getattr(slot, "answer", None)
    question = slot.question
    chosen = set(answer.selected) if answer else set()
    needs_grade = answer is not None and question.kind == Question.Kind.OPEN and answer.covered_points is None
    return {
        "slot": slot,
        "question": question,
        "answer": answer,
        "choices": [{"choice": c, "chosen": c.pk in chosen} for c in slot.displayed_choices()],
        "grade_form": GradeForm(key_points=question.key_points) if needs_grade else None,
        "notes": notes.get(answer.pk, []) if answer else [],
    }


def _per_competency(answers: list[Answer]) -> list[dict]:
    totals: dict = defaultdict(lambda: {"answered": 0, "score": Decimal(0), "graded": 0})
    for answer in answers:
        row = totals[answer.question.competency]
        row["answered"] += 1
        if answer.score is not None:
            row["graded"] += 1
            row["score"] += answer.score
    return [
        {
            "competency": competency,
            "answered": row["answered"],
            "percent": round(100 * row["score"] / row["graded"]) if row["graded"] else None,
        }
        for competency, row in sorted(totals.items(), key=lambda item: (item[0].area_id, item[0].order))
    ]


def _calibration(answers: list[Answer]) -> list[dict]:
    """For each confidence level: how many answers were given at it and how many of those were right."""
    rows = []
    for value, label in Answer.Confidence.choices:
        scored = [r for r in answers if r.confidence == value and r.score is not None]
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


def _scored_total(answers: list[Answer]) -> dict:
    scored = [r.score for r in answers if r.score is not None]
    total = sum(scored, Decimal(0))
    return {
        "count": len(scored),
        "points": total,
        "percent": round(100 * total / len(scored)) if scored else None,
    }
