"""Every scored answer updates the stored estimates, inside its own transaction; pages only read them."""

from datetime import timedelta

import pytest

from apps.attempts.services import Answer, SessionRequest, response_record, session_start
from apps.readiness.models import (
    AbilityBelief,
    CompetencyAbility,
    ConfidenceTally,
    SelfAssessment,
    Snapshot,
    StageReadiness,
)
from apps.readiness.services import profile_shape
from tests.factories import QuestionFactory, QuizSessionFactory
from tests.quiz import options_at


@pytest.fixture
def web_apis(role_profile):
    competency = role_profile.competencies.get(slug="web-apis")
    return [QuestionFactory(competency=competency, difficulty=3) for _ in range(12)]


def _answer(user, questions, *, right: bool, confidence="certain"):
    session = QuizSessionFactory(user=user, questions=questions)
    for slot in session.slots.select_related("question__competency").prefetch_related("question__choices"):
        response_record(
            session=session,
            slot=slot,
            answer=Answer(options_at(slot, 2 if right else 1), confidence=confidence),
        )
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
    response_record(session=session, slot=session.slots.get(), answer=Answer(self_rating=4))
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

    session = session_start(user=candidate, request=SessionRequest("adaptive", "stage", stage=stage))
    assert session.slots.count() == 1
    asked = 0
    while not session.is_finished:
        slot = (
            session.slots.select_related("question__competency")
            .prefetch_related("question__choices")
            .get(position=asked + 1)
        )
        response_record(
            session=session, slot=slot, answer=Answer(options_at(slot, 2), confidence="certain")
        )  # always right
        asked += 1
        session.refresh_from_db()

    assert session.ending == "settled"
    assert asked < session.question_count
    readiness = StageReadiness.objects.get(user=candidate, stage=stage)
    assert readiness.verdict == "ready"
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
