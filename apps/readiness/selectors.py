"""What the readiness page and the dashboard show, read from stored estimates in a fixed number of queries."""

from datetime import timedelta

from apps.competencies.layout import Layout, layout_of
from apps.competencies.models import CareerStage

from . import charts, irt
from .models import (
    CompetencyAbility,
    Confidence,
    ConfidenceTally,
    SelfAssessment,
    Snapshot,
    StageReadiness,
    TargetStage,
)

HISTORY_DAYS = 90
PRACTISE_NEXT = 5


def target_stage_of(user, layout: Layout | None = None) -> CareerStage | None:
    """The candidate's target stage; found among the `layout`'s stages when one is given (no join, no new object)."""
    if layout is None:
        target = TargetStage.objects.select_related("stage").filter(user=user).order_by().first()
        return target.stage if target else None
    # One row per user: no ordering, which would join the users' table to sort it by name.
    stage_id = TargetStage.objects.filter(user=user).order_by().values_list("stage_id", flat=True).first()
    found = next((stage for stage in layout.stages if stage.pk == stage_id), None)
    return found if found or stage_id is None else target_stage_of(user)  # a stage of another profile


def stage_rows(user, stages) -> list[dict]:
    stored = {r.stage_id: r for r in StageReadiness.objects.filter(user=user).order_by()}
    return [{"stage": stage, "readiness": stored.get(stage.pk)} for stage in stages]


def abilities_of(user) -> dict[int, CompetencyAbility]:
    return {a.competency_id: a for a in CompetencyAbility.objects.filter(user=user).order_by()}


def current_abilities() -> dict[tuple[int, int], float]:
    """(user id, competency id) -> the current ability estimate, for everyone: what item statistics correlate with."""
    rows = CompetencyAbility.objects.values_list("user_id", "competency_id", "theta")
    return {
        (user_id, competency_id): theta for user_id, competency_id, theta in rows.iterator(chunk_size=10_000)
    }


def competency_rows(abilities: dict, layout: Layout, target: CareerStage | None) -> list[dict]:
    """The target stage's competencies: estimated level with an 80% range, target level, chance of meeting it,
    and how much closing the gap is worth (weight x chance of not meeting it)."""
    if target is None:
        return []
    prior_mean, prior_var = irt.prior_ability()
    rows = []
    for requirement in layout.requirements.get(target.pk, []):
        ability = abilities.get(requirement.competency_id)
        theta, variance = (ability.theta, ability.variance) if ability else (prior_mean, prior_var)
        sd = variance**0.5
        p_meets = irt.meet_probability(theta, variance, irt.level_threshold(requirement.target_level))
        rows.append(
            {
                "competency": requirement.competency,
                "label": requirement.competency.name,
                "level": irt.ability_to_level(theta),
                "low": irt.ability_to_level(theta - irt.RANGE_Z * sd),
                "high": irt.ability_to_level(theta + irt.RANGE_Z * sd),
                "target": requirement.target_level,
                "weight": requirement.weight,
                "p_meets": p_meets,
                "answers": ability.answers if ability else 0,
                "priority": requirement.weight * (1.0 - p_meets),
            }
        )
    rows.sort(key=lambda row: (row["competency"].area.order, row["competency"].order))
    return rows


def practise_next(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: row["priority"], reverse=True)[:PRACTISE_NEXT]


def history(user, stages, today) -> dict:
    """The last HISTORY_DAYS days' readiness per stage, as a chart and a table. Only the stages' figures are read:
    a snapshot's competencies are seven times as much JSON to decode, for each of up to 90 days."""
    first = today - timedelta(days=HISTORY_DAYS)
    snapshots = (
        Snapshot.objects.filter(user=user, day__gte=first).order_by("day").values_list("day", "stages")
    )
    table = [(day, [figures.get(stage.slug, [None])[0] for stage in stages]) for day, figures in snapshots]
    days = [day for day, _ in table]
    series = {stage.name: [values[number] for _, values in table] for number, stage in enumerate(stages)}
    return {
        "stages": stages,
        "chart": charts.history_chart(days, series) if len(days) >= 2 else None,
        "table": table,
    }


def self_calibration(user, abilities: dict) -> list[dict]:
    """What the candidate says of themselves against the measured level, per competency: their self-rating, over-
    or under-confident when the gap is beyond the measurement's own uncertainty, and how much of their open
    answers' key points they say they covered (self-graded, so shown here and not counted in the estimate)."""
    ratings = SelfAssessment.objects.filter(user=user).select_related("competency")
    rows = []
    for rating in ratings:
        ability = abilities.get(rating.competency_id)
        measured = irt.ability_to_level(ability.theta) if ability is not None and ability.answers else None
        row = {"competency": rating.competency, "self": rating.level, "measured": measured,
               "open_answers": rating.open_answers, "open_share": rating.open_share}  # fmt: skip
        if rating.level is None:
            row["verdict"] = "not rated yet"
        elif measured is None:
            row["verdict"] = "not measured yet"
        else:
            row["gap"] = gap = rating.level - measured
            margin = max(0.5, irt.RANGE_Z * ability.standard_error)
            row["verdict"] = (
                "over-confident" if gap > margin else "under-confident" if gap < -margin else "about right"
            )
        rows.append(row)
    return rows


def confidence_calibration(user) -> list[dict]:
    tallies = {t.confidence: t for t in ConfidenceTally.objects.filter(user=user).order_by()}
    rows = []
    for value, label in Confidence.choices:
        tally = tallies.get(value)
        answers = tally.answers if tally else 0
        rows.append(
            {
                "label": label,
                "answers": answers,
                "percent_right": round(100 * tally.right / answers) if answers else None,
            }
        )
    return rows


def page(user, profile, today) -> dict:
    layout = layout_of(profile)
    stages = layout.stages
    target = target_stage_of(user, layout)
    abilities = abilities_of(user)
    rows = competency_rows(abilities, layout, target)
    return {
        "target": target,
        "stages": stage_rows(user, stages),
        "rows": rows,
        "profile_chart": charts.profile_chart(rows) if rows else None,
        "next": practise_next(rows),
        "history": history(user, stages, today),
        "self_calibration": self_calibration(user, abilities),
        "confidence": confidence_calibration(user),
    }


def dashboard_summary(user, layout: Layout, target: CareerStage | None) -> dict:
    rows = competency_rows(abilities_of(user), layout, target) if target else []
    readiness = StageReadiness.objects.filter(user=user, stage=target).order_by().first() if target else None
    return {
        "target_readiness": readiness,
        "rows": rows,
        "profile_chart": charts.profile_chart(rows) if rows else None,
        "next": practise_next(rows),
    }
