"""Everything an answer does to readiness, in one module: the one door after an answer
(`readiness_update_after_answer`), the adaptive assessment's stopping rule (`assessment_may_stop`) and its
targets (`adaptive_targets`, `adaptive_choose`), and the nightly recalibration (`difficulties_recalibrate`,
`population_prior_learn`, `beliefs_rebuild`).

Readiness never reads a question or an answer: attempts, which owns them, passes plain values in (`ItemFacts`, the
score, the user and stage ids) or, offline, an `AnswerHistory`. Pages read what this module stores; nothing
recomputes a candidate's history on a request.
"""

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from django.db import connection, transaction
from django.db.models import F

from apps.competencies.models import CareerStage, Competency, RoleProfile, StageRequirement

from . import irt
from .models import (
    AbilityBelief,
    CompetencyAbility,
    ConfidenceTally,
    PopulationPrior,
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


# --- items ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemFacts:
    """What readiness needs to know of a question, as plain values (attempts makes them from its questions)."""

    competency_id: int
    kind: str  # a question kind ("single", "multiple", "true_false", "judgement", "open", "self_rating")
    difficulty: int  # the author's 1-5
    options: tuple[tuple[bool, float | None], ...] = ()  # (is correct, partial score) of each option
    a: float | None = None  # recalibrated parameters, where there are some
    b: float | None = None

    def item(self) -> irt.Item:
        """The question's item: recalibrated parameters where they exist, else derived from what the author gave,
        with the floor its scoring gives a blind answer."""
        return irt.authored_item(self.kind, list(self.options), self.difficulty, a=self.a, b=self.b)

    def fit_item(self) -> irt.Item:
        """The same question as an item scored "full credit or not", what the population prior is fitted on."""
        return irt.full_credit_item(self.kind, list(self.options), self.item())


# --- the profile's shape: the belief's layout and what each stage asks --------------------------------------------------


class ProfileShape:
    """The measured competencies in belief order (area by area) and each stage's requirements: two queries."""

    def __init__(self, profile_id: int, version=None) -> None:
        self.profile_id = profile_id
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

    def load(self, row: AbilityBelief) -> irt.Belief:
        """The stored belief under its prior. Observations are kept per competency id, so a profile that changed
        since needs no conversion: new competencies have none, removed ones are left out."""
        stored = (row.belief or {}).get("competencies", {})
        observed = [stored.get(str(cid), (0.0, 0.0)) for cid in self.competency_ids]
        return irt.Belief(list(self.area_sizes), prior_of(row.prior_id), [float(p) for p, _ in observed],
                          [float(i) for _, i in observed])  # fmt: skip

    def dump(self, belief: irt.Belief) -> dict:
        return {"competencies": {
            str(cid): [round(p, 8), round(i, 8)]
            for cid, p, i in zip(self.competency_ids, belief.precision, belief.information, strict=True) if p > 0
        }}  # fmt: skip


# --- the population prior ----------------------------------------------------------------------------------------------

_priors: dict[int | None, irt.Prior] = {None: irt.DEFAULT_PRIOR}


def prior_of(prior_id: int | None) -> irt.Prior:
    """A stored prior, read once per process: a prior row never changes (a new fit is a new row)."""
    prior = _priors.get(prior_id)
    if prior is None:
        prior = _priors[prior_id] = PopulationPrior.objects.get(pk=prior_id).as_prior()
    return prior


def current_prior_id(profile_id: int) -> int | None:
    """The latest prior learned for the profile; None until there is one (irt.DEFAULT_PRIOR stands in)."""
    return PopulationPrior.objects.filter(profile_id=profile_id).values_list("pk", flat=True).first()


# --- after each answer -----------------------------------------------------------------------------------------------


_shapes: dict[int, ProfileShape] = {}


def profile_shape(profile: RoleProfile) -> ProfileShape:
    """The profile's shape, built once per process and kept while the profile's shape_version stays the same."""
    shape = _shapes.get(profile.pk)
    if shape is None or shape.version != profile.shape_version:
        shape = _shapes[profile.pk] = ProfileShape(profile.pk, version=profile.shape_version)
    return shape


@transaction.atomic(savepoint=False)  # part of the answer's transaction: a failure here undoes the answer too
def readiness_update_after_answer(
    *,
    user_id: int,
    profile: RoleProfile,
    item: ItemFacts,
    score: float | None,
    confidence: str = "",
    self_rating: int | None = None,
    previous_answers: int = 0,
    at: datetime,
) -> None:
    """The one door: what an answer does to readiness. A scored answer updates the estimates (`_ability_update`)
    and the confidence tally, weighing a repeat (`previous_answers` of the same question before) less; a
    self-rating (`score` None) is kept as self-assessment; an open answer waiting for its self-grade does nothing."""
    if score is None:
        if self_rating is not None:
            _self_rating_record(user_id, item.competency_id, self_rating, at)
        return
    _ability_update(user_id, profile, item, score, previous_answers, at)
    _confidence_tally_add(user_id, confidence, score)


def _ability_update(
    user_id: int, profile: RoleProfile, item: ItemFacts, score: float, previous_answers: int, at: datetime
) -> None:
    """Fold one scored answer into the candidate's estimates: the belief, every competency's ability, every stage's
    readiness, and the day's snapshot if this is the first answer of the day. A self-graded open answer is kept
    as self-assessment instead (see _open_answer_record)."""
    shape = profile_shape(profile)
    if item.competency_id not in shape.index:
        return  # self-rated competencies have no ability to estimate
    if item.kind == "open":
        _open_answer_record(user_id, item.competency_id, score)
        return
    row, _ = AbilityBelief.objects.select_for_update().get_or_create(
        user_id=user_id, defaults={"prior_id": lambda: current_prior_id(shape.profile_id)}
    )
    belief = shape.load(row)
    number = shape.index[item.competency_id]
    belief.observe(number, item.item(), score, irt.repeat_weight(previous_answers))
    first_answer_here = item.competency_id if previous_answers == 0 else None  # repeats add no count
    answers = _store_abilities(user_id, shape, belief, answered=first_answer_here, at=at)
    _store_stage_readiness(user_id, shape, belief, answers, at)
    if row.snapshot_on != at.date():
        snapshot_write(user_id=user_id, day=at.date())
    row.belief = shape.dump(belief)
    row.answers += 1
    row.snapshot_on = at.date()
    row.save()


def _open_answer_record(user_id: int, competency_id: int, score: float) -> None:
    """A self-graded open answer is self-assessment, not evidence: most open questions are the hardest of their
    competency, where a generous self-grader would gain most and the estimate has least to check it against
    (docs/readiness.md). It is added to the competency's running total beside the self-rating."""
    increments = {"open_answers": F("open_answers") + 1, "open_score_sum": F("open_score_sum") + score}
    rows = SelfAssessment.objects.filter(user_id=user_id, competency_id=competency_id)
    if not rows.update(**increments):
        SelfAssessment.objects.get_or_create(user_id=user_id, competency_id=competency_id)
        rows.update(**increments)


def _store_abilities(
    user_id: int, shape: ProfileShape, belief: irt.Belief, answered: int | None, at: datetime,
    counts: dict[int, int] | None = None,
) -> dict[int, int]:  # fmt: skip
    """Every competency's ability (the overall ability moves them all), counting the answer for `answered`; returns
    the answers per competency. A rebuild passes `counts` instead: the counts are set to them. The stored count is
    added to in place and returned by the same statement, so nothing is read first."""
    rows = []
    for competency_id, index in shape.index.items():
        theta, variance = belief.ability(index)
        count = counts.get(competency_id, 0) if counts is not None else int(competency_id == answered)
        rows.append((user_id, competency_id, theta, variance, count, at))
    answers = (
        "excluded.answers"
        if counts is not None
        else f"{_table(CompetencyAbility)}.answers + excluded.answers"
    )
    return dict(
        _upsert(
            CompetencyAbility,
            ("user_id", "competency_id", "theta", "variance", "answers", "updated_at"),
            rows,
            conflict=("user_id", "competency_id"),
            updates={"answers": answers},
            returning="competency_id, answers",
        )
    )


def _store_stage_readiness(
    user_id: int, shape: ProfileShape, belief: irt.Belief, answers: dict[int, int], at: datetime
) -> None:
    evidence = {
        stage_id: sum(answers.get(cid, 0) for cid in shape.stage_competencies[stage_id])
        for stage_id in shape.stages
    }
    # The stages ask about the same competencies: one set of draws from the belief serves them all.
    results = irt.readiness_of_stages(belief, shape.stages, evidence)
    rows = [
        (user_id, stage_id, r.expected, r.low, r.high, r.evidence, r.verdict, r.probability, at)
        for stage_id, r in results.items()
    ]
    _upsert(
        StageReadiness,
        (
            "user_id",
            "stage_id",
            "expected",
            "low",
            "high",
            "evidence",
            "verdict",
            "probability",
            "updated_at",
        ),
        rows,
        conflict=("user_id", "stage_id"),
    )


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _upsert(
    model, columns: tuple[str, ...], rows: list[tuple], *, conflict: tuple[str, ...],
    updates: dict[str, str] | None = None, returning: str = "",
) -> list[tuple]:  # fmt: skip
    """INSERT rows, or UPDATE the ones that exist (by the `conflict` columns), in one statement written out: the
    same SQL on PostgreSQL and SQLite. Each column not in `conflict` takes the new value, unless `updates` gives
    an expression for it. bulk_create(update_conflicts=True) says the same, but costs about 1 ms more in Python
    (measured on PostgreSQL: 1.35-1.9 ms against 0.36-0.4 ms), and two of these run on every answer."""
    if not rows:
        return []
    updates = updates or {}
    adapt = connection.ops.adapt_datetimefield_value
    params = [adapt(value) if isinstance(value, datetime) else value for row in rows for value in row]
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    assignments = ", ".join(
        f"{column} = {updates.get(column, f'excluded.{column}')}"
        for column in columns
        if column not in conflict
    )
    sql = (
        f"INSERT INTO {_table(model)} ({', '.join(columns)}) VALUES {placeholders} "
        f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {assignments}"
        + (f" RETURNING {returning}" if returning else "")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if returning else []


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


def _self_rating_record(user_id: int, competency_id: int, level: int, at: datetime) -> None:
    SelfAssessment.objects.update_or_create(
        user_id=user_id, competency_id=competency_id, defaults={"level": level, "rated_at": at}
    )


def _confidence_tally_add(user_id: int, confidence: str, score: float) -> None:
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


# --- the adaptive assessment: when to stop, and what to ask next ----------------------------------------------------


def assessment_may_stop(*, user_id: int, stage_id: int, answered: int) -> bool:
    """An adaptive assessment stops once the stage verdict is settled beyond doubt: at least irt.STOP_PROBABILITY
    likely under the candidate's posterior as the last answer left it (a higher bar than for showing a verdict as
    settled, because stopping at the first such moment picks moments that overstate it), after at least
    irt.ADAPTIVE_MIN_ANSWERS answers."""
    readiness = StageReadiness.objects.filter(user_id=user_id, stage_id=stage_id).first()
    settled = readiness is not None and readiness.settled and readiness.probability >= irt.STOP_PROBABILITY
    return settled and answered >= irt.ADAPTIVE_MIN_ANSWERS


def adaptive_targets(
    *, user_id: int, stage_id: int, administered: Mapping[int, int]
) -> dict[int, irt.Target]:
    """What the adaptive assessment aims at, per competency the stage requires: the candidate's current estimate,
    the requirement's weight and level, and how many questions on it were asked so far (`administered`)."""
    requirements = StageRequirement.objects.filter(stage_id=stage_id).values_list(
        "competency_id", "weight", "target_level"
    )
    abilities = {
        competency_id: (theta, variance)
        for competency_id, theta, variance in CompetencyAbility.objects.filter(user_id=user_id).values_list(
            "competency_id", "theta", "variance"
        )
    }
    prior = irt.prior_ability()
    return {
        competency_id: irt.Target(
            *abilities.get(competency_id, prior),
            weight=weight,
            threshold=irt.level_threshold(level),
            administered=administered.get(competency_id, 0),
        )
        for competency_id, weight, level in requirements
    }


def adaptive_choose(
    *, candidates: Iterable[tuple[object, ItemFacts]], targets: dict[int, irt.Target], rng: random.Random
) -> object | None:
    """The key of the most informative candidate (key, facts) at the targets' estimates (irt.choose_next)."""
    chosen = irt.choose_next(
        [irt.Candidate(key, facts.competency_id, facts.item()) for key, facts in candidates], targets, rng
    )
    return chosen.key if chosen else None


# --- offline: recalibrating items, learning the prior, rebuilding beliefs (manage.py recalibrate_items) -------------

FIT_SAMPLE = 1000  # candidates the prior is fitted on at most (a random sample of those with enough answers)


class AnswerHistory(Protocol):
    """The stored answers that enter the ability estimate (scored answers to choice questions), as their owner
    (attempts) hands them to readiness: plain values, read lazily, so that readiness never imports them."""

    def items(self, competency_ids: list[int]) -> dict[int, ItemFacts]:
        """question id -> its facts, for every choice question on these competencies."""

    def users_with(self, competency_ids: list[int], questions: int) -> list[int]:
        """Ids of the candidates who answered at least `questions` distinct questions on them, ascending."""

    def answers(self, competency_ids: list[int], user_ids: Iterable[int]) -> Iterable[tuple[int, int, float]]:
        """(user id, question id, score) of these candidates, candidate by candidate, each in the order given."""


def difficulties_recalibrate(
    *, first_answers: Mapping[object, tuple[ItemFacts, Mapping[int, float]]]
) -> dict[object, tuple[float, float]]:
    """Each question's difficulty from the first answer of each respondent (key -> (facts, {user id: score})),
    weighed by what the respondent's current estimate on the competency says of them (irt.calibrate_difficulty),
    then all of them shifted together to where their authors put them on average (irt.anchor_difficulties).
    Returns key -> (the difficulty before, the new one)."""
    estimates, authored, before = {}, {}, {}
    for key, (facts, scores) in first_answers.items():
        item = facts.item()
        authored[key] = irt.difficulty_to_b(facts.difficulty)
        estimates[key] = irt.calibrate_difficulty(
            _with_abilities(facts.competency_id, scores), item, prior_b=authored[key]
        )
        before[key] = item.b
    return {key: (before[key], new_b) for key, new_b in irt.anchor_difficulties(estimates, authored).items()}


def _with_abilities(competency_id: int, scores: Mapping[int, float]) -> list[tuple[float, float, float]]:
    """(the respondent's current ability estimate on the competency, its variance, score) for each respondent."""
    abilities = defaultdict(irt.prior_ability)
    abilities.update(
        (user_id, (theta, variance))
        for user_id, theta, variance in CompetencyAbility.objects.filter(
            competency_id=competency_id, user_id__in=list(scores)
        ).values_list("user_id", "theta", "variance")
    )
    return [(*abilities[user_id], score) for user_id, score in scores.items()]


def _items_of(shape: ProfileShape, history: AnswerHistory) -> dict[int, tuple[int, irt.Item, irt.Item]]:
    """question id -> (competency number in the belief, item, item for the fit), for every question that can enter
    the estimate."""
    return {
        question_id: (shape.index[facts.competency_id], facts.item(), facts.fit_item())
        for question_id, facts in history.items(list(shape.index)).items()
    }


def population_prior_learn(
    *, profile: RoleProfile, history: AnswerHistory, rng: random.Random | None = None
) -> PopulationPrior | None:
    """Learn the population prior from the candidates' first answers (empirical Bayes, irt.fit_prior) and store it;
    None while fewer than irt.MIN_PRIOR_CANDIDATES candidates have irt.MIN_PRIOR_ANSWERS answers or more.
    Minutes of work: run by `manage.py recalibrate_items`, never on a request."""
    shape = profile_shape(profile)
    eligible = history.users_with(list(shape.index), irt.MIN_PRIOR_ANSWERS)
    if len(eligible) < irt.MIN_PRIOR_CANDIDATES:
        return None
    sample = set((rng or random.Random(0)).sample(eligible, min(FIT_SAMPLE, len(eligible))))
    items = _items_of(shape, history)
    evidence: dict[int, irt.Evidence] = {}
    seen: set[tuple[int, int]] = set()
    for user_id, question_id, score in history.answers(list(shape.index), sorted(sample)):
        if (user_id, question_id) in seen:
            continue  # a repeat says more about memory than about ability: first answers only
        seen.add((user_id, question_id))
        number, _, fit_item = items[question_id]
        evidence.setdefault(user_id, irt.Evidence(list(shape.area_sizes))).add(number, fit_item, score >= 1)
    start = prior_of(current_prior_id(profile.pk))
    fit = irt.fit_prior(list(evidence.values()), start)
    return PopulationPrior.objects.create(
        profile=profile, **fit.prior.to_json(), candidates=fit.candidates, iterations=fit.iterations
    )


def beliefs_rebuild(*, profile: RoleProfile, history: AnswerHistory, at: datetime) -> int:
    """Rebuild every candidate's belief from their stored answers under the profile's current prior and items,
    with the abilities and stage readiness it gives; one transaction per candidate. Returns how many."""
    shape = profile_shape(profile)
    items = _items_of(shape, history)
    prior_id = current_prior_id(profile.pk)
    user_ids = list(AbilityBelief.objects.order_by("user_id").values_list("user_id", flat=True))
    for user_id in user_ids:
        answers = (
            (question_id, score) for _, question_id, score in history.answers(list(shape.index), [user_id])
        )
        _belief_rebuild(user_id, shape, items, answers, prior_id=prior_id, at=at)
    return len(user_ids)


@transaction.atomic
def _belief_rebuild(
    user_id: int,
    shape: ProfileShape,
    items: dict,
    answers: Iterable[tuple[int, float]],
    *,
    prior_id: int | None,
    at: datetime,
) -> None:
    """One candidate's belief replayed from their answers (question id, score), in the order given, as the answers
    made it (repeats weighed less); the day's snapshots stay as they were."""
    row = AbilityBelief.objects.select_for_update().get(user_id=user_id)
    belief = irt.Belief(list(shape.area_sizes), prior_of(prior_id))
    seen: dict[int, int] = defaultdict(int)
    counts: dict[int, int] = defaultdict(int)
    for question_id, score in answers:
        number, item, _ = items[question_id]
        belief.observe(number, item, float(score), irt.repeat_weight(seen[question_id]))
        counts[shape.competency_ids[number]] += seen[question_id] == 0
        seen[question_id] += 1
    stored = _store_abilities(user_id, shape, belief, answered=None, at=at, counts=counts)
    _store_stage_readiness(user_id, shape, belief, stored, at)
    row.prior_id, row.belief, row.answers = prior_id, shape.dump(belief), sum(seen.values())
    row.save(update_fields=["prior", "belief", "answers", "updated_at"])
