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
    AbilityBelief,
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


# --- the profile's shape: the belief's layout and what each stage asks --------------------------------------------------


class ProfileShape:
    """The measured competencies in belief order (area by area) and each stage's requirements: two queries."""

    def __init__(self, profile_id: int) -> None:
        by_area: dict[int, list[int]] = {}
        for competency_id, area_id in (
            Competency.objects.measured()
            .filter(profile_id=profile_id)
            .order_by("area__order", "area_id", "order", "pk")
            .values_list("pk", "area_id")
        ):
            by_area.setdefault(area_id, []).append(competency_id)
        self.area_ids = list(by_area)
        self.competency_ids = [cid for ids in by_area.values() for cid in ids]
        self.area_sizes = [len(ids) for ids in by_area.values()]
        self.index = {cid: i for i, cid in enumerate(self.competency_ids)}
        self.stages: dict[int, list[irt.Requirement]] = defaultdict(list)
        self.stage_competencies: dict[int, list[int]] = defaultdict(list)
        for stage_id, competency_id, weight, level in StageRequirement.objects.filter(
            stage__profile_id=profile_id
        ).values_list("stage_id", "competency_id", "weight", "target_level"):
            if competency_id in self.index:
                self.stages[stage_id].append(
                    irt.Requirement(self.index[competency_id], float(weight), irt.level_threshold(level))
                )
                self.stage_competencies[stage_id].append(competency_id)

    def prior(self) -> irt.Belief:
        return irt.Belief.prior(self.area_sizes)

    def load(self, row: AbilityBelief) -> irt.Belief:
        """The stored belief, re-laid if the profile changed since (new areas and competencies start from the prior,
        removed ones are dropped)."""
        if not row.belief:
            return self.prior()
        stored = irt.Belief.from_json(row.belief)
        if row.area_ids == self.area_ids and row.competency_ids == self.competency_ids:
            return stored
        fresh = self.prior()
        old_area = {aid: 1 + i for i, aid in enumerate(row.area_ids)}
        old_comp = {cid: 1 + len(row.area_ids) + i for i, cid in enumerate(row.competency_ids)}
        pairs = [(0, 0)]
        pairs += [(old_area[aid], 1 + i) for i, aid in enumerate(self.area_ids) if aid in old_area]
        pairs += [(old_comp[cid], 1 + len(self.area_ids) + i)
                  for i, cid in enumerate(self.competency_ids) if cid in old_comp]  # fmt: skip
        for source_i, target_i in pairs:
            fresh.mean[target_i] = stored.mean[source_i]
            for source_j, target_j in pairs:
                fresh.cov[target_i][target_j] = stored.cov[source_i][source_j]
        return fresh


# --- after each answer -----------------------------------------------------------------------------------------------


@transaction.atomic
def ability_update_after_answer(
    *, user_id: int, question: Question, score: float, previous_answers: int, at: datetime
) -> float | None:
    """Fold one scored answer into the candidate's estimates: the belief, every competency's ability, every stage's
    readiness, and the day's snapshot if this is the first answer of the day.

    Returns the ability estimate for the question's competency from just before the answer (None for a
    self-rated competency), which item statistics correlate with the score."""
    shape = ProfileShape(question.competency.profile_id)
    if question.competency_id not in shape.index:
        return None  # self-rated competencies have no ability to estimate
    AbilityBelief.objects.get_or_create(user_id=user_id)
    row = AbilityBelief.objects.select_for_update().get(user_id=user_id)
    belief = shape.load(row)
    number = shape.index[question.competency_id]
    ability_before = belief.ability(number)[0]
    belief.observe(number, item_for(question), score, irt.repeat_weight(previous_answers))
    row.area_ids, row.competency_ids, row.belief = shape.area_ids, shape.competency_ids, belief.to_json()
    row.answers += 1
    row.save()
    answers = _store_abilities(
        user_id, shape, belief, answered=question.competency_id if previous_answers == 0 else None
    )
    _store_stage_readiness(user_id, shape, belief, answers)
    snapshot_write(user_id=user_id, day=at.date())
    return ability_before


def _store_abilities(
    user_id: int, shape: ProfileShape, belief: irt.Belief, answered: int | None
) -> dict[int, int]:
    """Every competency's ability (the overall ability moves them all); returns answers per competency."""
    answers = dict(CompetencyAbility.objects.filter(user_id=user_id).values_list("competency_id", "answers"))
    if answered is not None:
        answers[answered] = answers.get(answered, 0) + 1
    rows = []
    for competency_id, index in shape.index.items():
        theta, variance = belief.ability(index)
        rows.append(CompetencyAbility(user_id=user_id, competency_id=competency_id, theta=theta,
                                      variance=variance, answers=answers.get(competency_id, 0)))  # fmt: skip
    CompetencyAbility.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "competency"],
        update_fields=["theta", "variance", "answers", "updated_at"],
    )
    return answers


def _store_stage_readiness(
    user_id: int, shape: ProfileShape, belief: irt.Belief, answers: dict[int, int]
) -> None:
    rows = []
    for stage_id, requirements in shape.stages.items():
        evidence = sum(answers.get(cid, 0) for cid in shape.stage_competencies[stage_id])
        result = irt.readiness(belief, requirements, evidence)
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
