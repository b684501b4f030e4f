"""Every scored answer updates the stored estimates, inside its own transaction; pages only read them."""

import importlib
from datetime import timedelta

import pytest
from django.core.management import call_command

from apps.attempts.items import item_facts, item_facts_of
from apps.attempts.services import SessionSpec, Submission, answer_grade_open, answer_record, session_start
from apps.questions.models import Question
from apps.readiness import irt
from apps.readiness.models import (
    AbilityBelief,
    CompetencyAbility,
    ConfidenceTally,
    PopulationPrior,
    SelfAssessment,
    Snapshot,
    StageReadiness,
)
from apps.readiness.services import prior_of, profile_shape
from tests.factories import QuestionFactory, QuizSessionFactory
from tests.quiz import answer_question, options_at
from tests.readiness.test_irt import _dense_posterior


@pytest.fixture
def web_apis(role_profile):
    competency = role_profile.competencies.get(slug="web-apis")
    return [QuestionFactory(competency=competency, difficulty=3) for _ in range(12)]


def _answer(user, questions, *, right: bool, confidence="certain"):
    session = QuizSessionFactory(user=user, questions=questions)
    for position in range(1, len(questions) + 1):
        answer_question(session, position, pick=2 if right else 1, confidence=confidence)
    return session


@pytest.mark.django_db
def test_right_answers_raise_the_competency_and_its_area_neighbours(candidate, web_apis, clock):
    _answer(candidate, web_apis[:6], right=True)

    web = CompetencyAbility.objects.get(user=candidate, competency__slug="web-apis")
    neighbour = CompetencyAbility.objects.get(user=candidate, competency__slug="cloud-platforms")
    assert web.theta > neighbour.theta > 0
    assert (web.answers, neighbour.answers) == (6, 0)
    assert AbilityBelief.objects.get(user=candidate).answers == 6


@pytest.mark.django_db
def test_every_stage_gets_a_readiness_with_a_range(candidate, web_apis, clock):
    _answer(candidate, web_apis[:4], right=True)

    rows = StageReadiness.objects.filter(user=candidate)
    assert rows.count() == 4
    for row in rows:
        assert 0 <= row.low <= row.expected <= row.high <= 1
        assert row.evidence == 4
        assert row.verdict == "insufficient"  # four answers say little about a whole stage


@pytest.mark.django_db
def test_a_repeated_question_moves_the_estimate_less(candidate, web_apis, clock):
    _answer(candidate, web_apis[:1], right=True)
    after_first = CompetencyAbility.objects.get(user=candidate, competency__slug="web-apis").theta
    _answer(candidate, web_apis[1:2], right=True)
    after_fresh = (
        CompetencyAbility.objects.get(user=candidate, competency__slug="web-apis").theta - after_first
    )

    _answer(candidate, web_apis[1:2], right=True)  # the same question again
    after_repeat = CompetencyAbility.objects.get(user=candidate, competency__slug="web-apis")

    assert 0 < after_repeat.theta - after_first - after_fresh < after_fresh
    assert after_repeat.answers == 2  # distinct questions


@pytest.mark.django_db
def test_a_changed_requirement_counts_from_the_next_answer(candidate, web_apis, role_profile, clock):
    """The profile's shape is kept between answers; an edit (here as the admin saves it) makes the next answer use
    the new requirements."""
    _answer(candidate, web_apis[:3], right=True)
    stage = role_profile.stages.get(slug="backend-engineer")
    before = StageReadiness.objects.get(user=candidate, stage=stage).expected
    for requirement in stage.requirements.all():
        requirement.target_level = 5
        requirement.save()

    _answer(candidate, web_apis[3:4], right=True)

    assert StageReadiness.objects.get(user=candidate, stage=stage).expected < before / 2


@pytest.mark.django_db
def test_the_profiles_shape_is_read_once_until_the_profile_changes(role_profile, django_assert_num_queries):
    role_profile.refresh_from_db()
    shape = profile_shape(role_profile)
    with django_assert_num_queries(0):
        assert profile_shape(role_profile) is shape
    role_profile.areas.first().save()
    role_profile.refresh_from_db()
    with django_assert_num_queries(2):
        assert profile_shape(role_profile) is not shape


@pytest.mark.django_db
def test_the_first_answer_of_a_day_writes_that_days_snapshot(candidate, web_apis, clock):
    _answer(candidate, web_apis[:1], right=True)
    _answer(candidate, web_apis[1:2], right=True)
    clock.advance(days=1)
    _answer(candidate, web_apis[2:3], right=False)

    days = list(Snapshot.objects.filter(user=candidate).values_list("day", flat=True))
    assert days == [clock().date() - timedelta(days=1), clock().date()]
    first = Snapshot.objects.filter(user=candidate).first()
    assert "web-apis" in first.competencies
    assert set(first.stages) == {
        "backend-engineer",
        "ai-integration-engineer",
        "senior-ai-backend-engineer",
        "ai-engineering-lead",
    }


@pytest.mark.django_db
def test_self_ratings_and_confidence_are_kept(candidate, role_profile, web_apis, clock):
    rating = QuestionFactory(competency=web_apis[0].competency, kind="self_rating")
    session = QuizSessionFactory(user=candidate, questions=[rating])
    answer_record(session=session, slot=session.slots.get(), submission=Submission(self_rating=4))
    _answer(candidate, web_apis[:3], right=True, confidence="unsure")

    assert SelfAssessment.objects.get(user=candidate).level == 4
    tally = ConfidenceTally.objects.get(user=candidate, confidence="unsure")
    assert (tally.answers, tally.right) == (3, 3)


@pytest.mark.django_db
def test_an_adaptive_assessment_asks_one_question_at_a_time_and_stops_when_settled(
    candidate, role_profile, clock
):
    stage = role_profile.stages.get(slug="backend-engineer")
    for competency in role_profile.competencies.measured():
        for difficulty in (1, 2, 3, 4, 5):
            QuestionFactory(competency=competency, difficulty=difficulty)

    session = session_start(user=candidate, spec=SessionSpec("adaptive", "stage", stage=stage))
    assert session.slots.count() == 1
    asked = 0
    while not session.is_finished:
        slot = (
            session.slots.select_related("question__competency")
            .prefetch_related("question__choices")
            .get(position=asked + 1)
        )
        answer_record(
            session=session, slot=slot, submission=Submission(options_at(slot, 2), confidence="certain")
        )  # always right
        asked += 1
        session.refresh_from_db()

    assert session.ending == "settled"
    assert asked < session.question_count
    readiness = StageReadiness.objects.get(user=candidate, stage=stage)
    assert readiness.verdict == "ready"
    assert readiness.probability >= irt.STOP_PROBABILITY  # settled for showing (95%) is not enough to stop
    competencies = set(session.slots.values_list("question__competency", flat=True))
    assert len(competencies) >= min(asked, 8)  # spread over the stage, not stuck on one competency


@pytest.mark.django_db
def test_the_snapshot_command_writes_todays_picture_once(candidate, web_apis, clock, capsys):
    from django.core.management import call_command
    from django.utils import timezone

    _answer(candidate, web_apis[:1], right=True)
    Snapshot.objects.all().delete()

    call_command("snapshot_readiness")
    call_command("snapshot_readiness")

    assert list(Snapshot.objects.values_list("day", flat=True)) == [timezone.localdate()]
    assert "Wrote 0 snapshot(s)" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_self_graded_open_answer_is_kept_beside_the_estimate_not_in_it(candidate, web_apis, clock):
    _answer(candidate, web_apis[:2], right=True)
    before = list(
        CompetencyAbility.objects.filter(user=candidate).values_list("competency_id", "theta", "answers")
    )
    question = QuestionFactory(
        competency=web_apis[0].competency, kind="open", difficulty=5, key_points=["a", "b"]
    )
    session = QuizSessionFactory(user=candidate, questions=[question])
    recorded = answer_record(
        session=session, slot=session.slots.get(), submission=Submission(text="Everything.")
    )

    answer_grade_open(answer=recorded.answer, covered={0, 1})  # generous or not, nobody can check

    after = list(
        CompetencyAbility.objects.filter(user=candidate).values_list("competency_id", "theta", "answers")
    )
    assert after == before
    assessment = SelfAssessment.objects.get(user=candidate, competency=question.competency)
    assert (assessment.open_answers, assessment.open_share, assessment.level) == (1, 1.0, None)


@pytest.mark.django_db
def test_a_new_belief_takes_the_latest_learned_prior_and_keeps_it(candidate, web_apis, role_profile, clock):
    PopulationPrior.objects.create(
        profile=role_profile, overall=0.2, area=0.2, competency=0.2, mean=-2, candidates=1
    )
    latest = PopulationPrior.objects.create(
        profile=role_profile, overall=0.2, area=0.2, competency=0.2, mean=1.5, candidates=300
    )
    _answer(candidate, web_apis[:1], right=False)
    PopulationPrior.objects.create(
        profile=role_profile, overall=0.2, area=0.2, competency=0.2, mean=-2, candidates=1
    )
    _answer(candidate, web_apis[1:2], right=False)

    assert AbilityBelief.objects.get(user=candidate).prior == latest
    unanswered = CompetencyAbility.objects.get(user=candidate, competency__slug="empathy")
    assert unanswered.theta > 1.0  # the population's mean, barely moved by two answers elsewhere
    assert unanswered.variance < 0.6  # and its narrower spread


@pytest.mark.django_db
def test_a_stored_prior_is_read_once_per_process(role_profile, django_assert_num_queries):
    prior = PopulationPrior.objects.create(
        profile=role_profile, overall=0.3, area=0.2, competency=0.5, mean=0.1, candidates=300
    )
    with django_assert_num_queries(1):
        assert prior_of(prior.pk) == prior.as_prior()
    with django_assert_num_queries(0):
        assert prior_of(prior.pk) == irt.Prior(0.3, 0.2, 0.5, 0.1)
        assert prior_of(None) == irt.DEFAULT_PRIOR


@pytest.mark.django_db
def test_settled_means_the_verdict_is_at_least_95_percent_likely(candidate, role_profile):
    stage = role_profile.stages.first()
    row = StageReadiness(user=candidate, stage=stage, expected=0.9, low=0.85, high=0.95, evidence=40,
                         verdict="ready", probability=0.949)  # fmt: skip

    assert not row.settled
    row.probability = 0.95
    assert row.settled
    row.verdict = "insufficient"
    assert not row.settled


@pytest.mark.django_db
def test_recalibration_learns_the_prior_once_there_are_enough_candidates_and_rebuilds_every_estimate(
    candidate, other_candidate, web_apis, role_profile, clock, monkeypatch, capsys
):
    monkeypatch.setattr(irt, "MIN_PRIOR_ANSWERS", 3)
    monkeypatch.setattr(irt, "MIN_PRIOR_CANDIDATES", 3)
    _answer(candidate, web_apis[:6], right=True)
    _answer(other_candidate, web_apis[6:10], right=False)
    question = QuestionFactory(competency=web_apis[0].competency, kind="open", key_points=["a"])
    session = QuizSessionFactory(user=candidate, questions=[question])
    recorded = answer_record(
        session=session, slot=session.slots.get(), submission=Submission(text="All of it.")
    )
    answer_grade_open(answer=recorded.answer, covered={0})
    before = StageReadiness.objects.filter(user=candidate).values_list("expected", flat=True)
    before = list(before)

    call_command("recalibrate_items")  # two candidates: too few

    assert not PopulationPrior.objects.exists()
    assert "the default prior stands" in capsys.readouterr().out
    assert list(
        StageReadiness.objects.filter(user=candidate).values_list("expected", flat=True)
    ) == pytest.approx(before)  # rebuilt from the same answers under the same prior: the same estimates
    monkeypatch.setattr(irt, "MIN_PRIOR_CANDIDATES", 2)

    call_command("recalibrate_items")

    prior = PopulationPrior.objects.get()
    assert (prior.profile, prior.candidates) == (role_profile, 2)
    assert set(AbilityBelief.objects.values_list("prior", flat=True)) == {prior.pk}
    shape = profile_shape(role_profile)
    for user in (candidate, other_candidate):
        row = AbilityBelief.objects.get(user=user)
        belief = shape.load(row)
        stored = CompetencyAbility.objects.get(user=user, competency__slug="web-apis")
        assert (stored.theta, stored.variance) == pytest.approx(
            belief.ability(shape.index[stored.competency_id])
        )
    assert CompetencyAbility.objects.get(user=candidate, competency__slug="web-apis").answers == 6
    assert AbilityBelief.objects.get(user=candidate).answers == 6  # the open answer stays out


def test_a_belief_stored_before_the_learned_prior_converts_to_the_same_posterior():
    """Migration 0004 turns the old mean and covariance into per-competency observations."""
    migration = importlib.import_module("apps.readiness.migrations.0004_learned_prior")
    old_prior, areas = irt.Prior(1.0, 0.36, 0.25), [3, 2]
    belief = irt.Belief(areas, old_prior)
    for k, score in [(0, 1.0), (0, 1.0), (1, 0.0), (3, 1.0), (4, 0.5)]:
        belief.observe(k, irt.Item(1.0, 0.0, 0.25), score)
    mean, cov = _dense_posterior(areas, old_prior, belief.precision, belief.information)

    converted = migration.observations_of({"mean": mean, "cov": cov}, [10, 20], [1, 2, 3, 4, 5])

    stats = converted["competencies"]
    assert set(stats) == {"1", "2", "4", "5"}  # competency 3 had no answers
    for k, competency_id in enumerate([1, 2, 3, 4, 5]):
        precision, information = stats.get(str(competency_id), (0.0, 0.0))
        assert precision == pytest.approx(belief.precision[k], abs=1e-6)
        assert information == pytest.approx(belief.information[k], abs=1e-6)


@pytest.mark.django_db
def test_an_items_floor_is_what_a_blind_answer_scores_under_its_kinds_scoring(role_profile):
    competency = role_profile.competencies.get(slug="web-apis")
    judgement = QuestionFactory(competency=competency, kind="judgement")  # options scored 0.3, 1 and 0
    multiple = QuestionFactory(competency=competency, kind="multiple")  # two right options, two wrong
    single = QuestionFactory(competency=competency)  # three options

    # multiple: of the 16 sets of ticks, one right tick alone earns 1/2 (2 sets), both right 1 (1 set), both right
    # and one wrong 1/2 (2 sets): 3/16 on average
    assert [item_facts(q).item().c for q in (judgement, multiple, single)] == pytest.approx(
        [1.3 / 3, 3 / 16, 1 / 3]
    )


@pytest.mark.django_db
def test_many_questions_facts_read_as_values_are_those_of_each_question(role_profile):
    """The adaptive choice and the recalibration read item facts as plain values (item_facts_of); a question's
    facts must be the same as item_facts gives it, options in the author's order, in the queryset's order."""
    competency = role_profile.competencies.get(slug="web-apis")
    questions = [
        QuestionFactory(competency=competency, kind="judgement", difficulty=2),
        QuestionFactory(competency=competency, kind="multiple"),
        QuestionFactory(competency=competency, kind="true_false", difficulty=5),
        QuestionFactory(competency=competency, kind="open"),
        QuestionFactory(competency=competency),
    ]
    Question.objects.filter(pk=questions[4].pk).update(irt_a=1.7, irt_b=-0.4)
    queryset = Question.objects.filter(pk__in=[q.pk for q in questions])

    facts = item_facts_of(queryset)

    expected = {q.pk: item_facts(q) for q in queryset.prefetch_related("choices")}
    assert list(facts) == list(expected)
    assert facts == expected
