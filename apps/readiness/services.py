"""Writes to readiness data: every scored answer updates the stored estimates here, in the answer's transaction.

Pages read what this module stores; nothing recomputes a candidate's history on a request.
"""

from collections import defaultdict
from datetime import date, datetime

from django.db import transaction
from django.db.models import F

from apps.competencies.models import CareerStage, Competency, StageRequirement
from apps.questions.models import Question

from . import irt
from .models import (
    AreaBelief,
    CompetencyAbility,
    ConfidenceTally,
    SelfAssessment,
    Snapshot,
    StageReadiness,
    TargetStage,
)

# --- target --------------------------------------------------------------------------------------------------------


@transaction.atomic
def target_stage_set(*, user, stage: CareerStage) -> TargetStage:
    target, _ = TargetStage.objects.update_or_create(user=user, defaults={"stage": stage})
    return target


def target_stage_of(user) -> CareerStage | None:
    target = TargetStage.objects.select_related("stage").filter(user=user).first()
    return target.stage if target else None


# --- items -----------------------------------------------------------------------------------------------------------


def item_for(question: Question) -> irt.Item:
    """The question's IRT parameters: recalibrated ones where they exist, else derived from what the author gave."""
    options = len(question.choices.all())  # prefetched on the answer path
    return irt.Item(
        a=question.irt_a or 1.0,
        b=question.irt_b if question.irt_b is not None else irt.difficulty_to_b(question.difficulty),
        c=irt.guessing_floor(question.kind, options),
    )


# --- the profile's shape: which competencies each area measures, and what each stage asks of them ---------------------


class ProfileShape:
    """Measured competencies per area (in belief order) and stage requirements, read in two queries."""

    def __init__(self, profile_id: int) -> None:
        self.layout: dict[int, list[int]] = defaultdict(list)
        for competency_id, area_id in (
            Competency.objects.measured()
            .filter(profile_id=profile_id)
            .order_by("area_id", "order", "pk")
            .values_list("pk", "area_id")
        ):
            self.layout[area_id].append(competency_id)
        self.area_of = {cid: area for area, ids in self.layout.items() for cid in ids}
        self.requirements: dict[int, list[tuple[int, int, int, int]]] = defaultdict(
            list
        )  # area -> requirements
        self.stage_weight: dict[int, float] = defaultdict(float)
        self.stage_competencies: dict[int, set[int]] = defaultdict(set)
        for stage_id, competency_id, weight, level in StageRequirement.objects.filter(
            stage__profile_id=profile_id
        ).values_list("stage_id", "competency_id", "weight", "target_level"):
            if competency_id in self.area_of:
                self.requirements[self.area_of[competency_id]].append(
                    (stage_id, competency_id, weight, level)
                )
                self.stage_weight[stage_id] += weight
                self.stage_competencies[stage_id].add(competency_id)

    def contributions(self, area_id: int, belief: irt.Belief) -> dict[str, list[float]]:
        """{stage id: [mean, variance]} of the weighted requirements of this area that the belief meets."""
        index = {cid: i for i, cid in enumerate(self.layout[area_id])}
        by_stage: dict[int, list[irt.Requirement]] = defaultdict(list)
        for stage_id, competency_id, weight, level in self.requirements[area_id]:
            by_stage[stage_id].append(
                irt.Requirement(index[competency_id], weight, irt.level_threshold(level))
            )
        return {str(stage): list(irt.area_contribution(belief, reqs)) for stage, reqs in by_stage.items()}


def _load_belief(row: AreaBelief | None, layout: list[int]) -> irt.Belief:
    """The stored belief, re-laid if the area's competencies changed since (new ones start from the prior)."""
    fresh = irt.Belief.prior(len(layout))
    if row is None:
        return fresh
    stored = irt.Belief.from_json(row.belief)
    if row.competency_ids == layout:
        return stored
    old = {cid: i + 1 for i, cid in enumerate(row.competency_ids)}
    pairs = [(0, 0)] + [(old[cid], new + 1) for new, cid in enumerate(layout) if cid in old]
    for source_i, target_i in pairs:
        fresh.mean[target_i] = stored.mean[source_i]
        for source_j, target_j in pairs:
            fresh.cov[target_i][target_j] = stored.cov[source_i][source_j]
    return fresh


# --- after each answer -----------------------------------------------------------------------------------------------


@transaction.atomic
def ability_update_after_answer(
    *, user_id: int, question: Question, score: float, previous_answers: int, at: datetime
) -> None:
    """Fold one scored answer into the candidate's estimates: the area's belief, its competencies' abilities, every
    stage's readiness, and the day's snapshot if this is the first answer of the day."""
    competency = question.competency
    shape = ProfileShape(competency.profile_id)
    area_id = competency.area_id
    layout = shape.layout[area_id]
    if competency.pk not in layout:
        return  # self-rated competencies have no ability to estimate
    row = AreaBelief.objects.select_for_update().filter(user_id=user_id, area_id=area_id).first()
    belief = _load_belief(row, layout)
    belief.observe(
        layout.index(competency.pk), item_for(question), score, irt.repeat_weight(previous_answers)
    )
    row = row or AreaBelief(user_id=user_id, area_id=area_id)
    row.competency_ids, row.belief = layout, belief.to_json()
    row.contributions = shape.contributions(area_id, belief)
    row.answers += 1
    row.save()
    _store_abilities(user_id, layout, belief, answered=competency.pk if previous_answers == 0 else None)
    _refresh_stage_readiness(user_id, shape)
    snapshot_write(user_id=user_id, day=at.date())


def _store_abilities(user_id: int, layout: list[int], belief: irt.Belief, answered: int | None) -> None:
    counts = dict(
        CompetencyAbility.objects.filter(user_id=user_id, competency_id__in=layout).values_list(
            "competency_id", "answers"
        )
    )
    rows = []
    for index, competency_id in enumerate(layout):
        theta, variance = belief.ability(index)
        answers = counts.get(competency_id, 0) + (1 if competency_id == answered else 0)
        rows.append(CompetencyAbility(user_id=user_id, competency_id=competency_id, theta=theta,
                                      variance=variance, answers=answers))  # fmt: skip
    CompetencyAbility.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "competency"],
        update_fields=["theta", "variance", "answers", "updated_at"],
    )


def _refresh_stage_readiness(user_id: int, shape: ProfileShape) -> None:
    """Sum the areas' contributions per stage (areas without answers contribute from the prior)."""
    stored = dict(AreaBelief.objects.filter(user_id=user_id).values_list("area_id", "contributions"))
    answers = dict(CompetencyAbility.objects.filter(user_id=user_id).values_list("competency_id", "answers"))
    per_stage: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for area_id, layout in shape.layout.items():
        contributions = stored.get(area_id) or shape.contributions(area_id, irt.Belief.prior(len(layout)))
        for stage_id, (mean, variance) in contributions.items():
            per_stage[int(stage_id)].append((mean, variance))
    rows = []
    for stage_id, parts in per_stage.items():
        evidence = sum(answers.get(cid, 0) for cid in shape.stage_competencies[stage_id])
        result = irt.readiness(parts, shape.stage_weight[stage_id], evidence)
        rows.append(StageReadiness(user_id=user_id, stage_id=stage_id, expected=result.expected, low=result.low,
                                   high=result.high, evidence=evidence, verdict=result.verdict))  # fmt: skip
    StageReadiness.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "stage"],
        update_fields=["expected", "low", "high", "evidence", "verdict", "updated_at"],
    )


def snapshot_write(*, user_id: int, day: date) -> bool:
    """Keep the day's picture of readiness and abilities; only the first call of a day writes. True if it did."""
    if Snapshot.objects.filter(user_id=user_id, day=day).exists():
        return False
    stages = {
        slug: [round(expected, 4), round(low, 4), round(high, 4), verdict]
        for slug, expected, low, high, verdict in StageReadiness.objects.filter(user_id=user_id).values_list(
            "stage__slug", "expected", "low", "high", "verdict"
        )
    }
    competencies = {
        slug: [round(theta, 4), round(variance**0.5, 4)]
        for slug, theta, variance in CompetencyAbility.objects.filter(user_id=user_id).values_list(
            "competency__slug", "theta", "variance"
        )
    }
    _, created = Snapshot.objects.get_or_create(
        user_id=user_id, day=day, defaults={"stages": stages, "competencies": competencies}
    )
    return created


def self_assessment_record(*, user_id: int, competency_id: int, level: int, at: datetime) -> None:
    SelfAssessment.objects.update_or_create(
        user_id=user_id, competency_id=competency_id, defaults={"level": level, "rated_at": at}
    )


def confidence_tally_add(*, user_id: int, confidence: str, score: float) -> None:
    if not confidence:
        return
    tally, _ = ConfidenceTally.objects.get_or_create(user_id=user_id, confidence=confidence)
    ConfidenceTally.objects.filter(pk=tally.pk).update(
        answers=F("answers") + 1,
        score_sum=F("score_sum") + score,
        right=F("right") + (1 if score >= 1 else 0),
    )
