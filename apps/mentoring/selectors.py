"""What mentoring pages show, each read in a fixed number of queries however many mentees or answers there are."""

from datetime import timedelta

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.attempts.models import Answer
from apps.readiness import irt
from apps.readiness.models import CompetencyAbility, Snapshot, StageReadiness

from .models import Comment, Mentorship, PracticePlan, today

TREND_DAYS = 30
WEAKEST = 3


def plans_with_progress(plans: QuerySet) -> QuerySet:
    """Each plan with `done`: the candidate's scored answers in the plan's competencies since it was assigned."""
    plan_competencies = PracticePlan.competencies.through.objects.filter(
        practiceplan_id=OuterRef(OuterRef("pk"))
    ).values("competency_id")
    answers = (
        Answer.objects.filter(
            user_id=OuterRef("mentorship__candidate_id"),
            answered_at__gte=OuterRef("created_at"),
            score__isnull=False,
            question__competency_id__in=plan_competencies,
        )
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return plans.annotate(done=Coalesce(Subquery(answers, output_field=IntegerField()), 0)).prefetch_related(
        "competencies"
    )


def plan_state(plan: PracticePlan, today) -> str:
    if plan.done >= plan.question_count:
        return "done"
    return "overdue" if plan.due_on < today else "open"


def candidate_panel(user) -> dict:
    """For the candidate's dashboard: mentors' plans with progress, unread comments, invitations to answer. One
    query, which also says whether there are plans or unread comments to read: only then are they read."""
    unread_comments = Comment.objects.filter(answer__user=user, read_at__isnull=True).exclude(author=user)
    mentorships = list(
        Mentorship.objects.filter(Q(candidate=user) | Q(mentor=user, status=Mentorship.Status.INVITED))
        .annotate(
            has_plans=Exists(PracticePlan.objects.filter(mentorship=OuterRef("pk"))),
            has_unread=Exists(unread_comments.filter(mentorship=OuterRef("pk"))),
        )
        .select_related("candidate")
        .order_by("pk")
    )
    mine = [m for m in mentorships if m.candidate_id == user.pk]
    active = [m.pk for m in mine if m.status == Mentorship.Status.ACTIVE and m.has_plans]
    unread_in = [m.pk for m in mine if m.has_unread]
    invitations = [m for m in mentorships if m.mentor_id == user.pk and m.status == Mentorship.Status.INVITED]
    unread = (
        list(
            unread_comments.filter(mentorship_id__in=unread_in)
            .select_related("author", "answer__question")
            .only("answer_id", "author__username", "answer__question__stem")
            .order_by("-created_at")[:5]
        )
        if unread_in
        else []
    )
    return {"plans": _open_plans(active), "unread": unread, "invitations": invitations}


def _open_plans(mentorship_ids: list[int]) -> list[PracticePlan]:
    """The plans of these mentorships not done yet, with `done` and `state`."""
    plans = list(
        PracticePlan.objects.filter(mentorship_id__in=mentorship_ids).select_related("mentorship__mentor")
        if mentorship_ids
        else []
    )
    if not plans:
        return []
    # The progress subquery takes longer to build than the plans to read: only for plans there are.
    done = dict(
        plans_with_progress(PracticePlan.objects.filter(pk__in=[p.pk for p in plans])).values_list(
            "pk", "done"
        )
    )
    prefetch_related_objects(plans, "competencies")
    for plan in plans:
        plan.done = done[plan.pk]
        plan.state = plan_state(plan, today())
    return [plan for plan in plans if plan.state != "done"]


def thread(mentorship: Mentorship, answer: Answer) -> list[Comment]:
    """One mentorship's thread on one answer: what its mentor reads, never another mentor's comments."""
    return list(Comment.objects.filter(mentorship=mentorship, answer=answer).select_related("author"))


def threads_of_candidate(answer: Answer) -> list[dict]:
    """The candidate's threads on one of their answers, one per mentorship, in the order they began: each a dict of
    `mentorship` (with its mentor) and `comments`."""
    threads: dict[int, dict] = {}
    comments = (
        Comment.objects.filter(answer=answer, mentorship__candidate_id=answer.user_id)
        .select_related("author", "mentorship__mentor")
        .order_by("created_at", "pk")
    )
    for comment in comments:
        threads.setdefault(comment.mentorship_id, {"mentorship": comment.mentorship, "comments": []})
        threads[comment.mentorship_id]["comments"].append(comment)
    return list(threads.values())


def mentor_rows(mentor, *, cohort_id: int | None = None) -> list[dict]:
    """One row per active mentee: target readiness with its trend, last activity, answers this week, weakest
    competencies and open plans."""
    # The latest answer through the (user, answered_at) index, one lookup per mentee: not a scan of their history.
    last_answer = Answer.objects.filter(user_id=OuterRef("candidate_id")).order_by("-answered_at")
    mentorships = (
        Mentorship.objects.active()
        .filter(mentor=mentor)
        .select_related("candidate__target__stage")
        .annotate(last_active=Subquery(last_answer.values("answered_at")[:1]))
    )
    if cohort_id:
        mentorships = mentorships.filter(cohorts__id=cohort_id)
    mentorships = list(mentorships.prefetch_related("cohorts"))
    users = [m.candidate_id for m in mentorships]
    week_ago = timezone.now() - timedelta(days=7)
    answers_this_week = dict(
        Answer.objects.filter(user_id__in=users, answered_at__gte=week_ago)
        .order_by()  # the default ordering would join the sessions and slots only to be dropped from the grouping
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    readiness = {
        (r.user_id, r.stage_id): r for r in StageReadiness.objects.filter(user_id__in=users).order_by()
    }
    trends: dict[int, list] = {}
    since = timezone.localdate() - timedelta(days=TREND_DAYS)
    for snapshot in Snapshot.objects.filter(user_id__in=users, day__gte=since).order_by("day"):
        trends.setdefault(snapshot.user_id, []).append(snapshot)
    abilities: dict[int, list[CompetencyAbility]] = {}
    rows = CompetencyAbility.objects.filter(user_id__in=users, answers__gt=0).select_related("competency")
    for ability in rows.order_by("user_id", "competency_id"):  # not by username: that joins the users' table
        abilities.setdefault(ability.user_id, []).append(ability)
    plans: dict[int, list] = {}
    for plan in plans_with_progress(PracticePlan.objects.filter(mentorship__in=mentorships)):
        plan.state = plan_state(plan, today())
        plans.setdefault(plan.mentorship_id, []).append(plan)
    return [_row(m, answers_this_week, readiness, trends, abilities, plans) for m in mentorships]


def _row(mentorship, answers_this_week, readiness, trends, abilities, plans) -> dict:
    user = mentorship.candidate
    target = getattr(getattr(user, "target", None), "stage", None)
    stage_readiness = readiness.get((user.pk, target.pk)) if target else None
    trend = [s.stages.get(target.slug, [None])[0] for s in trends.get(user.pk, [])] if target else []
    weakest = sorted(abilities.get(user.pk, []), key=lambda a: a.theta)[:WEAKEST]
    open_plans = [p for p in plans.get(mentorship.pk, []) if p.state != "done"]
    return {
        "mentorship": mentorship,
        "candidate": user,
        "target": target,
        "readiness": stage_readiness,
        "trend": [v for v in trend if v is not None],
        "last_active": mentorship.last_active,
        "answers_this_week": answers_this_week.get(user.pk, 0),
        "weakest": [(a.competency.name, irt.ability_to_level(a.theta)) for a in weakest],
        "open_plans": open_plans,
        "overdue_plans": sum(p.state == "overdue" for p in open_plans),
        "cohorts": list(mentorship.cohorts.all()),
    }


SORTS = {
    "name": (lambda row: row["candidate"].username.lower(), False),
    "readiness": (lambda row: row["readiness"].expected if row["readiness"] else -1, True),
    "active": (lambda row: row["last_active"].timestamp() if row["last_active"] else 0, True),
    "answers": (lambda row: row["answers_this_week"], True),
    "plans": (lambda row: len(row["open_plans"]), True),
}


def sort_rows(rows: list[dict], sort: str) -> list[dict]:
    key, reverse = SORTS.get(sort, SORTS["name"])
    return sorted(rows, key=key, reverse=reverse)


def sparkline(values: list[float], width: int = 96, height: int = 24) -> str:
    """SVG polyline points for a trend of 0-1 values."""
    if len(values) < 2:
        return ""
    step = width / (len(values) - 1)
    return " ".join(f"{i * step:.1f},{height - v * height:.1f}" for i, v in enumerate(values))
