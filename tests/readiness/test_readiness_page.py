"""The readiness page: stages with ranges and verdicts, charts with tables, calibration, practise next."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.attempts.services import Submission, answer_record
from apps.readiness import irt
from apps.readiness.models import SelfAssessment, Snapshot, StageReadiness
from tests.factories import QuestionFactory, QuizSessionFactory, TargetStageFactory
from tests.quiz import answer_question, logged_in

PAGE = reverse("readiness:page")


def _practise(user, competency, count, *, right=True, confidence="fairly_sure"):
    session = QuizSessionFactory(
        user=user, questions=[QuestionFactory(competency=competency) for _ in range(count)]
    )
    for position in range(1, count + 1):
        answer_question(session, position, pick=2 if right else 1, confidence=confidence)


@pytest.fixture
def target(candidate, role_profile):
    return TargetStageFactory(user=candidate, stage=role_profile.stages.get(slug="backend-engineer")).stage


@pytest.mark.django_db
def test_a_new_candidate_sees_not_enough_evidence(candidate_client, target):
    html = candidate_client.get(PAGE).content.decode()

    assert html.count("Not enough evidence") >= 4
    assert "Practise next" in html


@pytest.mark.django_db
def test_stages_show_percentage_range_and_verdict(candidate_client, candidate, target, role_profile, clock):
    _practise(candidate, role_profile.competencies.get(slug="web-apis"), 12)

    response = candidate_client.get(PAGE)

    row = next(r for r in response.context["stages"] if r["stage"] == target)
    readiness = row["readiness"]
    html = response.content.decode()
    assert f"range {round(100 * readiness.low)}%\u2013{round(100 * readiness.high)}%" in html
    assert "From 12 answers on this stage" in html


def _stored_readiness(user, stage, probability):
    """Readiness whose range lies well inside "ready": settled or not by the verdict's probability alone."""
    return StageReadiness.objects.update_or_create(
        user=user, stage=stage,
        defaults={"expected": 0.9, "low": 0.85, "high": 0.95, "evidence": 40, "verdict": "ready", "probability": probability},
    )[0]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("probability", "shown"), [(0.97, "Settled: this verdict is 97% likely"), (0.9, "Not settled")]
)
def test_a_verdict_is_settled_only_when_it_is_95_percent_likely(
    candidate_client, candidate, target, probability, shown
):
    _stored_readiness(candidate, target, probability)

    html = candidate_client.get(PAGE).content.decode()

    assert shown in html
    assert "holds the true figure 8 times out of 10" in html


@pytest.mark.django_db
def test_the_mentor_sees_the_same_verdict_and_what_the_range_means(candidate, mentor, mentorship, target):
    _stored_readiness(candidate, target, 0.9)

    html = logged_in(mentor).get(reverse("mentoring:mentee", args=[mentorship.pk])).content.decode()

    assert "Not settled: this verdict is 90% likely" in html
    assert "Settled:" not in html
    assert "holds the true figure 8 times out of 10" in html


@pytest.mark.django_db
def test_self_graded_open_answers_are_shown_beside_the_estimate(
    candidate_client, candidate, target, role_profile
):
    competency = role_profile.competencies.get(slug="web-apis")
    SelfAssessment.objects.create(user=candidate, competency=competency, open_answers=2, open_score_sum=1.5)

    response = candidate_client.get(PAGE)

    row = response.context["self_calibration"][0]
    assert (row["open_answers"], row["open_share"], row["verdict"]) == (2, 0.75, "not rated yet")
    assert "75% of key points in 2" in response.content.decode()


@pytest.mark.django_db
def test_the_profile_chart_has_a_table_as_its_text_alternative(
    candidate_client, candidate, target, role_profile, clock
):
    _practise(candidate, role_profile.competencies.get(slug="web-apis"), 5)

    html = candidate_client.get(PAGE).content.decode()

    assert '<svg viewBox="0 0 640' in html
    assert 'role="img" aria-labelledby="profile-title profile-desc"' in html
    assert "The same as a table" in html
    assert '<th scope="row">Web APIs</th>' in html
    assert "style=" not in html


@pytest.mark.django_db
def test_practise_next_puts_the_biggest_weighted_gap_first(
    candidate_client, candidate, target, role_profile, clock
):
    strong = role_profile.competencies.get(slug="web-apis")
    _practise(candidate, strong, 10, right=True)

    rows = candidate_client.get(PAGE).context["next"]

    assert strong not in [row["competency"] for row in rows]
    assert rows == sorted(rows, key=lambda row: row["priority"], reverse=True)


@pytest.mark.django_db
def test_the_history_chart_draws_one_line_per_stage_from_snapshots(
    candidate_client, candidate, target, clock
):
    for offset, value in enumerate([0.2, 0.35, 0.5]):
        Snapshot.objects.create(
            user=candidate,
            day=date(2026, 11, 20) + timedelta(days=offset),
            stages={"backend-engineer": [value, value - 0.1, value + 0.1, "not_yet"]},
            competencies={},
        )

    response = candidate_client.get(PAGE)

    chart = response.context["history"]["chart"]
    assert len(chart.lines) == 4
    assert chart.lines[0].points.count(",") == 3
    html = response.content.decode()
    assert "<polyline" in html
    # The table gives the same figures, a row a day: the first stage's column, then the others' (no figures).
    assert '<tr><th scope="row">22 Nov 2026</th><td class="num">50%</td><td class="num">\u2013</td>' in html


@pytest.mark.django_db
def test_calibration_compares_self_ratings_and_confidence_with_results(
    candidate_client, candidate, target, role_profile, clock
):
    competency = role_profile.competencies.get(slug="web-apis")
    rating = QuestionFactory(competency=competency, kind="self_rating")
    session = QuizSessionFactory(user=candidate, questions=[rating])
    answer_record(session=session, slot=session.slots.get(), submission=Submission(self_rating=5))
    _practise(candidate, competency, 10, right=False, confidence="certain")

    response = candidate_client.get(PAGE)

    assert response.context["self_calibration"][0]["verdict"] == "over-confident"
    certain = next(r for r in response.context["confidence"] if r["label"] == "Certain")
    assert (certain["answers"], certain["percent_right"]) == (10, 0)


@pytest.mark.django_db
def test_the_page_reads_the_same_queries_after_1_and_after_180_answers(
    candidate_client, candidate, target, role_profile, clock
):
    """180 answers over 30 days touch every competency and write 30 snapshots; more would only slow the suite
    (on PostgreSQL each answer is a transaction of about 20 statements)."""
    competencies = list(role_profile.competencies.measured())
    _practise(candidate, competencies[0], 1)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert candidate_client.get(PAGE).status_code == 200
        return len(queries)

    candidate_client.get(PAGE)  # the process reads the profile's layout (competencies.layout)
    after_one = count()
    for index in range(30):
        _practise(candidate, competencies[index % len(competencies)], 6, right=index % 3 != 0)
        clock.advance(days=1)

    # session, user, profile, target, stage readiness, abilities, snapshots, self-assessments, confidence tallies
    # (the stages and the target's requirements come from the profile's layout):
    assert count() == after_one == 9


@pytest.mark.django_db
def test_the_page_needs_log_in_and_is_read_only(candidate_client, target):
    assert Client().get(PAGE).status_code == 302
    assert candidate_client.post(PAGE).status_code == 405


@pytest.mark.django_db
def test_the_page_states_the_rules_the_estimates_apply(candidate_client, target, monkeypatch):
    """The verdict bands and thresholds in the page's words come from the constants, so they cannot drift."""
    for name, value in {
        "READY": 0.85,
        "ALMOST": 0.55,
        "SETTLED_PROBABILITY": 0.9,
        "MIN_EVIDENCE": 12,
    }.items():
        monkeypatch.setattr(irt, name, value)

    html = candidate_client.get(PAGE).content.decode()

    assert "Ready: at least 85% of the stage's weighted requirements met. Almost: 55-85%." in html
    assert "fewer than 12 answers" in html
    assert "at least 90% likely" in html
