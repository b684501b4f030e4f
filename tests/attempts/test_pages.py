"""Dashboard, target, starting sessions, bookmarks and problem reports."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.attempts.models import Bookmark, QuizSession
from apps.questions.models import ProblemReport
from apps.readiness.models import TargetStage
from tests.factories import (
    AnswerFactory,
    BookmarkFactory,
    MentorshipFactory,
    PracticePlanFactory,
    QuestionFactory,
    QuizSessionFactory,
    ReviewCardFactory,
    TargetStageFactory,
)
from tests.quiz import logged_in, option

DASHBOARD = reverse("attempts:dashboard")
START = reverse("attempts:start")


@pytest.mark.django_db
def test_the_dashboard_shows_target_progress_due_reviews_and_unfinished_work(
    candidate_client, candidate, role_profile, clock
):
    stage = role_profile.stages.get(slug="senior-ai-backend-engineer")
    TargetStageFactory(user=candidate, stage=stage)
    question = QuestionFactory(competency=role_profile.competencies.get(slug="web-apis"))
    AnswerFactory(slot__session__user=candidate, slot__question=question, score=1)
    ReviewCardFactory(user=candidate, question=question, due=clock())
    ReviewCardFactory(user=candidate, due=clock() + timedelta(seconds=1))  # not due yet
    ReviewCardFactory(question=question, due=clock())  # another candidate's
    BookmarkFactory(user=candidate, question=question)
    BookmarkFactory(question=question)  # another candidate's
    unfinished = QuizSessionFactory(user=candidate, questions=[question])

    response = candidate_client.get(DASHBOARD)

    html = response.content.decode()
    assert '<option value="senior-ai-backend-engineer" selected>' in html
    assert "1 question due for review." in html
    assert "Bookmarks (1)" in html
    assert reverse("attempts:resume", args=[unfinished.pk]) in html
    web_apis = next(
        r for g in response.context["areas"] for r in g["rows"] if r["competency"].slug == "web-apis"
    )
    assert (web_apis["answered"], web_apis["correct"], web_apis["target_level"]) == (1, 1, 4)


@pytest.mark.django_db
def test_the_dashboard_counts_every_scored_answer_and_the_right_ones(
    candidate_client, candidate, role_profile
):
    """Answered through the quiz: a right answer, a wrong one, and the first question again (right): 3 and 2."""
    web_apis = role_profile.competencies.get(slug="web-apis")
    first, second = QuestionFactory(competency=web_apis), QuestionFactory(competency=web_apis)
    for questions, choices in (([first, second], ["2", "1"]), ([first], ["2"])):
        session = QuizSessionFactory(user=candidate, questions=questions)
        for position, choice in enumerate(choices, 1):
            url = reverse("attempts:answer", args=[session.pk, position])
            data = {"choice": option(session, position, int(choice)), "confidence": "certain"}
            assert candidate_client.post(url, data).status_code == 302

    response = candidate_client.get(DASHBOARD)

    row = next(r for g in response.context["areas"] for r in g["rows"] if r["competency"] == web_apis)
    assert (row["answered"], row["correct"]) == (3, 2)


@pytest.mark.parametrize(
    ("mentored", "queries"),
    [
        # session, user, profile, target, per-competency counts, unfinished session, due reviews and bookmarks (one
        # statement), recent sessions, and for the readiness card: abilities, the target's readiness, and for the mentoring panel:
        # the user's mentorships. The stages, areas, competencies and requirements come from the profile's
        # layout, read once per process (competencies.layout).
        (False, 11),
        # ... and with a mentor who set a plan: the plan, its progress and its competencies (unread comments too,
        # when the mentorships say there are some).
        (True, 14),
    ],
)
@pytest.mark.django_db
def test_the_dashboard_reads_the_same_number_of_queries_for_a_long_history(
    candidate_client, candidate, role_profile, django_assert_num_queries, mentored, queries
):
    TargetStageFactory(user=candidate, stage=role_profile.stages.first())
    competency = role_profile.competencies.get(slug="web-apis")
    if mentored:
        plan = PracticePlanFactory(mentorship=MentorshipFactory(candidate=candidate))
        plan.competencies.add(competency)

    def dashboard_queries() -> int:
        with django_assert_num_queries(queries) as captured:
            candidate_client.get(DASHBOARD)
        return len(captured)

    candidate_client.get(DASHBOARD)  # the process reads the profile's layout
    few = dashboard_queries()
    for _ in range(30):
        AnswerFactory(slot__session__user=candidate, slot__question=QuestionFactory(competency=competency))
    assert dashboard_queries() == few


@pytest.mark.django_db
def test_choosing_a_target(candidate_client, candidate, role_profile):
    candidate_client.post(reverse("attempts:set_target"), {"stage": "ai-engineering-lead"})

    assert TargetStage.objects.get(user=candidate).stage.slug == "ai-engineering-lead"


@pytest.mark.django_db
def test_a_tampered_target_changes_nothing(candidate_client, candidate, role_profile):
    response = candidate_client.post(reverse("attempts:set_target"), {"stage": "ceo"}, follow=True)

    assert "your target is unchanged" in response.content.decode()
    assert not TargetStage.objects.exists()


@pytest.fixture
def web_apis_questions(role_profile):
    competency = role_profile.competencies.get(slug="web-apis")
    return [QuestionFactory(competency=competency) for _ in range(12)]


@pytest.mark.django_db
def test_starting_practice_on_a_competency(candidate_client, candidate, web_apis_questions):
    response = candidate_client.post(
        START, {"mode": "practice", "scope": "competency", "competency": "web-apis"}
    )

    session = QuizSession.objects.get(user=candidate)
    assert response.url == reverse("attempts:question", args=[session.pk, 1])
    assert session.question_count == 10


@pytest.mark.django_db
def test_a_stage_needs_a_target_first(candidate_client, role_profile):
    response = candidate_client.post(START, {"mode": "mock"})

    assert response.status_code == 400
    assert "Choose your target career stage first" in response.content.decode()
    assert not QuizSession.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "practice", "scope": "competency"}, "Choose the competency to practise."),
        ({"mode": "practice", "scope": "competency", "competency": "juggling"}, "Select a valid choice."),
        ({"mode": "practice", "scope": "area", "area": "x"}, "Select a valid choice."),
        (
            {"mode": "practice", "scope": "competency", "competency": "web-apis", "count": "0"},
            "greater than or equal to 1",
        ),
        ({"mode": "jam"}, "Select a valid choice."),
        ({"mode": "review"}, "Nothing is due for review right now."),
    ],
)
def test_a_bad_start_request_says_why_and_starts_nothing(candidate_client, web_apis_questions, data, message):
    response = candidate_client.post(START, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not QuizSession.objects.exists()


@pytest.mark.django_db
def test_the_start_page_prefills_from_the_link(candidate_client, role_profile):
    html = candidate_client.get(START + "?mode=mock").content.decode()

    assert '<option value="mock" selected>' in html


@pytest.mark.django_db
def test_resume_goes_to_the_first_unanswered_question(candidate_client, candidate):
    session = QuizSessionFactory(user=candidate, questions=[QuestionFactory(), QuestionFactory()])
    AnswerFactory(slot=session.slots.get(position=1))

    response = candidate_client.get(reverse("attempts:resume", args=[session.pk]))

    assert response.url == reverse("attempts:question", args=[session.pk, 2])


@pytest.mark.django_db
def test_bookmarking_toggles_and_lists(candidate_client, candidate):
    question = QuestionFactory(stem="A question worth keeping")
    QuizSessionFactory(user=candidate, questions=[question])
    url = reverse("attempts:bookmark", args=[question.pk])

    candidate_client.post(url, {"next": "https://evil.example.com/"})
    html = candidate_client.get(reverse("attempts:bookmarks")).content.decode()
    assert "A question worth keeping" in html
    assert "Practise these 1" in html

    response = candidate_client.post(url, **{"HTTP_HX_REQUEST": "true"})
    assert "Bookmark" in response.content.decode()
    assert not Bookmark.objects.exists()


@pytest.mark.django_db
def test_a_bookmark_redirect_stays_on_this_site(candidate_client, candidate):
    question = QuestionFactory()
    QuizSessionFactory(user=candidate, questions=[question])

    response = candidate_client.post(
        reverse("attempts:bookmark", args=[question.pk]), {"next": "https://evil.example.com/"}
    )

    assert response.url == reverse("attempts:bookmarks")


@pytest.mark.django_db
def test_only_questions_you_were_asked_can_be_bookmarked_or_reported(candidate_client):
    unseen = QuestionFactory(status="draft")

    assert candidate_client.post(reverse("attempts:bookmark", args=[unseen.pk])).status_code == 404
    assert candidate_client.get(reverse("attempts:report", args=[unseen.pk])).status_code == 404
    assert (
        candidate_client.post(reverse("attempts:report", args=[unseen.pk]), {"text": "x" * 20}).status_code
        == 404
    )


@pytest.mark.django_db
def test_a_bookmarked_session_starts_from_the_bookmarks(candidate_client, candidate):
    question = QuestionFactory()
    BookmarkFactory(user=candidate, question=question)

    candidate_client.post(START, {"mode": "practice", "scope": "bookmarks"})

    assert QuizSession.objects.get().slots.get().question == question


@pytest.mark.django_db
def test_a_report_lands_in_the_admin_with_the_question_and_its_version(candidate_client, candidate, staff):
    question = QuestionFactory(version=3)
    QuizSessionFactory(user=candidate, questions=[question])

    candidate_client.post(
        reverse("attempts:report", args=[question.pk]),
        {"text": "Option A is also right under HTTP/2.", "next": "/"},
    )

    report = ProblemReport.objects.get()
    assert (report.question, report.question_version, report.reporter) == (question, 3, candidate)
    admin_list = logged_in(staff).get(reverse("admin:questions_problemreport_changelist")).content.decode()
    assert "Option A is also right under HTTP/2." in admin_list
    assert question.slug in admin_list


@pytest.mark.django_db
def test_an_empty_report_is_refused(candidate_client, candidate):
    question = QuestionFactory()
    QuizSessionFactory(user=candidate, questions=[question])

    response = candidate_client.post(reverse("attempts:report", args=[question.pk]), {"text": "bad"})

    assert response.status_code == 400
    assert not ProblemReport.objects.exists()
