"""The mentor dashboard, the mentee page, comments, practice plans and the weekly digest."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.attempts.models import QuizSession
from apps.mentoring.models import Comment, PracticePlan
from apps.readiness.models import StageReadiness
from tests.factories import (
    AnswerFactory,
    CohortFactory,
    CommentFactory,
    MentorshipFactory,
    PracticePlanFactory,
    QuestionFactory,
    QuizSessionFactory,
    TargetStageFactory,
    UserFactory,
)
from tests.quiz import answer_question, logged_in

DASHBOARD = reverse("mentoring:dashboard")


def _practise(user, competency, count=3):
    session = QuizSessionFactory(
        user=user, questions=[QuestionFactory(competency=competency) for _ in range(count)]
    )
    for position in range(1, count + 1):
        answer_question(session, position)


def _mentee(mentor, role_profile, n):
    candidate = UserFactory(username=f"mentee{n:02d}")
    TargetStageFactory(user=candidate, stage=role_profile.stages.get(slug="backend-engineer"))
    mentorship = MentorshipFactory(candidate=candidate, mentor=mentor)
    competency = role_profile.competencies.get(slug="web-apis")
    _practise(candidate, competency, 2)
    PracticePlanFactory(mentorship=mentorship, competencies=[competency])
    return mentorship


@pytest.mark.django_db
def test_the_dashboard_shows_each_mentee_in_one_table(mentor, role_profile, clock):
    mentorship = _mentee(mentor, role_profile, 1)

    response = logged_in(mentor).get(DASHBOARD)

    row = response.context["rows"][0]
    assert row["candidate"] == mentorship.candidate
    assert row["readiness"].stage.slug == "backend-engineer"
    assert row["answers_this_week"] == 2
    assert [name for name, _ in row["weakest"]] == ["Web APIs"]  # only competencies with answers of their own
    assert len(row["open_plans"]) == 1
    assert "mentee01" in response.content.decode()


@pytest.mark.django_db
def test_the_dashboard_says_which_verdicts_are_settled_and_what_a_range_means(mentor, role_profile, clock):
    settled, open_question = _mentee(mentor, role_profile, 1), _mentee(mentor, role_profile, 2)
    StageReadiness.objects.filter(user=settled.candidate).update(verdict="ready", probability=0.97)
    StageReadiness.objects.filter(user=open_question.candidate).update(verdict="ready", probability=0.90)

    html = " ".join(logged_in(mentor).get(DASHBOARD).content.decode().split())

    assert "Ready, settled (97% likely)" in html
    assert "Ready, not settled (90% likely)" in html
    assert "holds the true figure 8 times out of 10" in html


@pytest.mark.django_db
def test_the_dashboard_runs_the_same_queries_for_1_and_for_50_mentees(mentor, role_profile, clock):
    client = logged_in(mentor)
    _mentee(mentor, role_profile, 0)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD).status_code == 200
        return len(captured)

    one = queries()
    for n in range(1, 50):
        _mentee(mentor, role_profile, n)

    # session, user, cohorts, mentorships with candidates and targets, their cohorts, activity, readiness,
    # snapshots, abilities, plans with progress, the plans' competencies:
    assert queries() == one == 11


@pytest.mark.django_db
def test_sorting_cohorts_and_csv(mentor, role_profile, clock):
    first, second = _mentee(mentor, role_profile, 1), _mentee(mentor, role_profile, 2)
    _practise(second.candidate, role_profile.competencies.get(slug="web-apis"), 4)
    cohort = CohortFactory(mentor=mentor, name="Spring bootcamp")
    client = logged_in(mentor)
    client.post(reverse("mentoring:cohort_assign", args=[first.pk]), {"cohort": cohort.pk})

    by_answers = client.get(DASHBOARD, {"sort": "answers"}).context["rows"]
    in_cohort = client.get(DASHBOARD, {"cohort": cohort.pk}).context["rows"]
    exported = client.get(reverse("mentoring:export"))

    assert [r["candidate"].username for r in by_answers] == ["mentee02", "mentee01"]
    assert [r["candidate"].username for r in in_cohort] == ["mentee01"]
    assert exported["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(exported.content.decode())))
    assert table[0][:3] == ["candidate", "target stage", "readiness %"]
    assert [row[0] for row in table[1:]] == ["mentee01", "mentee02"]


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_the_csv_never_hands_a_spreadsheet_a_formula(mentor, role_profile, clock, start):
    """OWASP's CSV injection advice: a text cell a spreadsheet would run gets a leading apostrophe."""
    mentee = UserFactory(username=f"{start}HYPERLINK(evil)")
    MentorshipFactory(candidate=mentee, mentor=mentor)
    competency = role_profile.competencies.get(slug="web-apis")
    competency.name = f"{start}1+1"
    competency.save()
    _practise(mentee, competency, 1)

    exported = logged_in(mentor).get(reverse("mentoring:export"))

    row = list(csv.reader(io.StringIO(exported.content.decode())))[1]
    assert row[0] == f"'{start}HYPERLINK(evil)"
    assert row[8] == f"'{start}1+1"
    assert row[7] == "1"  # numbers stay numbers


@pytest.mark.django_db
def test_the_mentee_page_shows_what_the_candidate_shares(mentor, mentorship, candidate, role_profile, clock):
    TargetStageFactory(user=candidate, stage=role_profile.stages.get(slug="backend-engineer"))
    _practise(candidate, role_profile.competencies.get(slug="web-apis"), 3)

    html = logged_in(mentor).get(reverse("mentoring:mentee", args=[mentorship.pk])).content.decode()

    assert "How ready casey is" in html
    assert "Competency profile" in html
    assert "Open answers are private." in html
    assert "Take an adaptive assessment" not in html  # read-only: nothing that acts for the candidate


@pytest.mark.django_db
def test_a_mentor_comments_on_a_shared_answer_and_the_candidate_replies(
    mentor, mentorship, candidate, candidate_client
):
    mentorship.share_open_answers = True
    mentorship.save()
    session = QuizSessionFactory(
        user=candidate, questions=[QuestionFactory(kind="open", model_answer="A", key_points=["A"])]
    )
    answer = AnswerFactory(slot=session.slots.get(), text="Use a queue.", score=None, selected=[])
    mentor_client = logged_in(mentor)

    mentor_client.post(
        reverse("mentoring:mentee_answer", args=[mentorship.pk, answer.pk]), {"text": "Which queue?"}
    )
    dashboard = candidate_client.get(reverse("attempts:dashboard")).content.decode()
    summary = candidate_client.get(reverse("attempts:summary", args=[session.pk])).content.decode()
    candidate_client.post(
        reverse("mentoring:my_answer", args=[answer.pk]),
        {"text": "SQS, with a dead-letter queue.", "mentorship": mentorship.pk},
        follow=True,  # back to the thread, which is reading it
    )

    assert "New comments" in dashboard
    assert "maya on" in dashboard
    assert "Which queue?" in summary
    assert list(Comment.objects.values_list("author__username", "text")) == [
        ("maya", "Which queue?"),
        ("casey", "SQS, with a dead-letter queue."),
    ]
    assert Comment.objects.get(author=mentor).read_at is not None
    assert "New comments" not in candidate_client.get(reverse("attempts:dashboard")).content.decode()


@pytest.mark.django_db
def test_an_empty_comment_is_refused(mentor, mentorship, candidate):
    mentorship.share_open_answers = True
    mentorship.save()
    answer = AnswerFactory(slot__session__user=candidate, slot__question__kind="open", text="x", score=None)

    reply = logged_in(mentor).post(
        reverse("mentoring:mentee_answer", args=[mentorship.pk, answer.pk]), {"text": ""}
    )

    assert reply.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_a_plan_counts_progress_marks_overdue_and_starts_in_one_click(
    mentor, mentorship, candidate, candidate_client, role_profile, clock
):
    competency = role_profile.competencies.get(slug="web-apis")
    for _ in range(8):
        QuestionFactory(competency=competency)
    logged_in(mentor).post(
        reverse("mentoring:plan_create", args=[mentorship.pk]),
        {
            "competencies": ["web-apis"],
            "question_count": 5,
            "due_on": "2026-11-29",  # the clock says 28 November
            "note": "Focus on idempotency",
        },
    )
    plan = PracticePlan.objects.get()
    plan.created_at = clock() - timedelta(hours=1)
    plan.save()
    clock.advance(days=2)
    _practise(candidate, competency, 2)

    dashboard = candidate_client.get(reverse("attempts:dashboard")).content.decode()
    started = candidate_client.post(reverse("mentoring:plan_start", args=[plan.pk]))

    assert "2 of 5 questions" in dashboard
    assert "overdue" in dashboard
    assert "Focus on idempotency" in dashboard
    session = QuizSession.objects.get(user=candidate, scope="plan")
    assert started.url == reverse("attempts:question", args=[session.pk, 1])
    assert session.scope == "plan"
    assert session.question_count == 3  # what is left of the plan
    assert {slot.question.competency_id for slot in session.slots.all()} == {competency.pk}


@pytest.mark.django_db
def test_an_invalid_plan_says_why(mentor, mentorship):
    response = logged_in(mentor).post(
        reverse("mentoring:plan_create", args=[mentorship.pk]),
        {"competencies": [], "question_count": 0},
        follow=True,
    )

    assert response.status_code == 400
    assert "The plan was not saved" in response.content.decode()
    assert not PracticePlan.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("due_on", "saved"), [("2026-11-27", False), ("1970-01-01", False), ("2026-11-28", True)]
)
def test_a_plan_cannot_be_due_in_the_past(mentor, mentorship, role_profile, clock, due_on, saved):
    response = logged_in(mentor).post(
        reverse("mentoring:plan_create", args=[mentorship.pk]),
        {"competencies": ["web-apis"], "question_count": 5, "due_on": due_on},
    )

    assert PracticePlan.objects.exists() == saved
    if not saved:
        assert response.status_code == 400
        assert response.context["plan_form"].errors == {"due_on": ["The due date cannot be in the past."]}
        assert "The due date cannot be in the past." in response.content.decode()
        assert not mentorship.events.exists()


@pytest.mark.django_db
def test_the_weekly_digest_is_sent_once_a_week(mentor, mentorship, role_profile, clock, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    CommentFactory(mentorship=mentorship)  # any activity

    call_command("send_mentor_digests")
    call_command("send_mentor_digests")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [mentor.email]
    assert "casey" in mail.outbox[0].body
    assert timezone.localdate().strftime("%G-W%V") in mail.outbox[0].subject
