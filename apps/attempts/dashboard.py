"""What the candidate's dashboard shows, read in a fixed number of queries whatever the history size."""

from django.db.models import Prefetch, Sum

from apps.competencies.models import Area, CareerStage, Competency, RoleProfile, StageRequirement
from apps.readiness import reading
from apps.readiness.services import target_stage_of

from . import clock
from .forms import TargetForm
from .models import Bookmark, QuizSession, ReviewCard

RECENT_SESSIONS = 5


def build(user) -> dict:
    profile = RoleProfile.objects.current()
    target = target_stage_of(user)
    return {
        "profile": profile,
        "target": target,
        "target_form": TargetForm(initial={"stage": target.slug if target else None}),
        "stages": CareerStage.objects.filter(profile=profile),
        "areas": _areas_with_progress(user, profile, target),
        "unfinished": QuizSession.objects.for_user(user).active().first(),
        "due_count": ReviewCard.objects.filter(user=user, due__lte=clock.now()).count(),
        "recent": QuizSession.objects.for_user(user).filter(finished_at__isnull=False)[:RECENT_SESSIONS],
        "bookmark_count": Bookmark.objects.filter(user=user).count(),
        "readiness": reading.dashboard_summary(user, target),
    }


def _areas_with_progress(user, profile, target) -> list[dict]:
    """Areas with their measured competencies, each with answered/correct counts and the target's level."""
    # From the review cards, one per question answered (each counts its scored answers): bounded by the bank's size
    # however many answers the history holds.
    counts = {
        row["question__competency"]: row
        for row in ReviewCard.objects.filter(user=user)
        .values("question__competency")
        .annotate(answered=Sum("reviews"), correct=Sum("right"))
    }
    targets = (
        dict(StageRequirement.objects.filter(stage=target).values_list("competency_id", "target_level"))
        if target
        else {}
    )
    areas = Area.objects.filter(profile=profile).prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.measured(), to_attr="measured")
    )
    return [
        {
            "area": area,
            "rows": [
                {
                    "competency": competency,
                    "answered": counts.get(competency.pk, {}).get("answered", 0),
                    "correct": counts.get(competency.pk, {}).get("correct", 0),
                    "target_level": targets.get(competency.pk),
                }
                for competency in area.measured
            ],
        }
        for area in areas
        if area.measured
    ]
