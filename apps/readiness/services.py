"""Writes to readiness data: every scored answer updates the stored estimates here, in the answer's transaction.

Pages read what this module stores; nothing recomputes a candidate's history on a request.
"""

from collections import defaultdict
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import F

from apps.competencies.models import CareerStage, Competency, RoleProfile, StageRequirement
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

    def __init__(self, profile_id: int, version=None) -> None:
        self.version = version  # the profile's shape_version it was built from
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


_shapes: dict[int, ProfileShape] = {}


def profile_shape(profile: RoleProfile) -> ProfileShape:
    """The profile's shape, built once per process and kept while the profile's shape_version stays the same."""
    shape = _shapes.get(profile.pk)
    if shape is None or shape.version != profile.shape_version:
        shape = _shapes[profile.pk] = ProfileShape(profile.pk, version=profile.shape_version)
    return shape


@transaction.atomic(savepoint=False)  # part of the answer's transaction: a failure here undoes the answer too
def ability_update_after_answer(
    *, user_id: int, question: Question, score: float, previous_answers: int, at: datetime
) -> float | None:
    """Fold one scored answer into the candidate's estimates: the belief, every competency's ability, every stage's
    readiness, and the day's snapshot if this is the first answer of the day.

    Returns the ability estimate for the question's competency from just before the answer (None for a
    self-rated competency), which item statistics correlate with the score."""
    shape = profile_shape(question.competency.profile)
    if question.competency_id not in shape.index:
        return None  # self-rated competencies have no ability to estimate
    row, _ = AbilityBelief.objects.select_for_update().get_or_create(user_id=user_id)
    belief = shape.load(row)
    number = shape.index[question.competency_id]
    ability_before = belief.ability(number)[0]
    belief.observe(number, item_for(question), score, irt.repeat_weight(previous_answers))
    first_answer_here = question.competency_id if previous_answers == 0 else None  # repeats add no count
    answers = _store_abilities(user_id, shape, belief, answered=first_answer_here, at=at)
    _store_stage_readiness(user_id, shape, belief, answers)
    if row.snapshot_on != at.date():
        snapshot_write(user_id=user_id, day=at.date())
    row.area_ids, row.competency_ids, row.belief = shape.area_ids, shape.competency_ids, belief.to_json()
    row.answers += 1
    row.snapshot_on = at.date()
    row.save()
    return ability_before


def _store_abilities(
    user_id: int, shape: ProfileShape, belief: irt.Belief, answered: int | None, at: datetime
) -> dict[int, int]:
    """Every competency's ability (the overall ability moves them all), counting the answer for `answered`; returns
    the answers per competency.

    One statement in SQL (the same on PostgreSQL and SQLite) where the ORM would need two: it adds to the stored
    count in place and returns the counts, so nothing is read first. It runs on every answer."""
    table = CompetencyAbility._meta.db_table
    quote = connection.ops.quote_name
    now = connection.ops.adapt_datetimefield_value(at)
    rows, params = [], []
    for competency_id, index in shape.index.items():
        theta, variance = belief.ability(index)
        rows.append("(%s, %s, %s, %s, %s, %s)")
        params += [user_id, competency_id, theta, variance, 1 if competency_id == answered else 0, now]
    sql = (
        f"INSERT INTO {quote(table)} (user_id, competency_id, theta, variance, answers, updated_at) "
        f"VALUES {', '.join(rows)} ON CONFLICT (user_id, competency_id) DO UPDATE SET "
        f"theta = excluded.theta, variance = excluded.variance, answers = {quote(table)}.answers + excluded.answers, "
        "updated_at = excluded.updated_at RETURNING competency_id, answers"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def _store_stage_readiness(
    user_id: int, shape: ProfileShape, belief: irt.Belief, answers: dict[int, int]
) -> None:
    joint = irt.JointAbilities(belief)  # the stages ask about the same competencies: their moments are shared
    rows = []
    for stage_id, requirements in shape.stages.items():
        evidence = sum(answers.get(cid, 0) for cid in shape.stage_competencies[stage_id])
        result = irt.readiness(belief, requirements, evidence, joint)
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
    tally = ConfidenceTally.objects.filter(user_id=user_id, confidence=confidence)
    increments = {
        "answers": F("answers") + 1,
        "score_sum": F("score_sum") + score,
        "right": F("right") + int(score >= 1),
    }
    if not tally.update(**increments):  # the first answer with this confidence
        ConfidenceTally.objects.get_or_create(user_id=user_id, confidence=confidence)
        tally.update(**increments)
