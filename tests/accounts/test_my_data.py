"""A candidate's own data: download all of it, or delete the account and all of it."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from apps.accounts.models import User
from apps.attempts.items import item_statistics_rebuild
from apps.attempts.models import Answer, ItemStatistics
from apps.mentoring.models import Mentorship
from apps.questions.models import ProblemReport
from apps.readiness.models import CompetencyAbility
from tests.factories import BookmarkFactory, ProblemReportFactory, QuestionFactory, QuizSessionFactory
from tests.quiz import answer_question, logged_in


@pytest.fixture
def history(candidate, mentorship, role_profile, clock):
    question = QuestionFactory(competency=role_profile.competencies.get(slug="web-apis"))
    session = QuizSessionFactory(user=candidate, questions=[question])
    answer_question(session)
    BookmarkFactory(user=candidate, question=question)
    ProblemReportFactory(question=question, reporter=candidate, text="Option C is also right.")
    return question


@pytest.mark.django_db
def test_download_everything_as_json(candidate_client, history):
    response = candidate_client.get(reverse("accounts:export"))

    assert response["Content-Disposition"] == 'attachment; filename="rungs-casey.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "casey@example.com"
    assert data["answers"][0]["question__slug"] == history.slug
    assert data["answers"][0]["confidence"] == "certain"
    assert len(data["sessions"]) == 1
    assert data["bookmarks"][0]["question__slug"] == history.slug
    assert (data["reviews"][0]["reviews"], data["reviews"][0]["right"]) == (1, 1)
    assert data["readiness"]["abilities"]
    assert data["mentoring"]["mentorships"][0]["mentor__username"] == "maya"
    assert data["problem_reports"][0]["text"] == "Option C is also right."


@pytest.mark.django_db
def test_deleting_the_account_removes_answers_and_mentorships_but_keeps_anonymous_counts(
    candidate_client, candidate, password, history
):
    item_statistics_rebuild()  # last night's run counted the answer
    response = candidate_client.post(reverse("accounts:delete"), {"password": password}, follow=True)

    assert "has been deleted" in response.content.decode()
    assert not User.objects.filter(username="casey").exists()
    assert not Answer.objects.exists()
    assert not Mentorship.objects.exists()
    assert not CompetencyAbility.objects.exists()
    assert ItemStatistics.objects.get(question=history).attempts == 1  # anonymous sums, until the next run
    assert ProblemReport.objects.get().reporter is None
    assert "_auth_user_id" not in candidate_client.session
    item_statistics_rebuild()
    assert not ItemStatistics.objects.filter(
        question=history
    ).exists()  # rebuilt from the answers that remain


@pytest.mark.django_db
def test_deleting_the_account_ends_all_its_sessions_at_once(
    candidate_client, candidate, other_candidate, password
):
    on_another_device, someone_else = logged_in(candidate), logged_in(other_candidate)

    candidate_client.post(reverse("accounts:delete"), {"password": password})

    assert not Session.objects.filter(session_key=on_another_device.session.session_key).exists()
    assert Session.objects.filter(session_key=someone_else.session.session_key).exists()


@pytest.mark.django_db
def test_a_wrong_password_deletes_nothing(candidate_client, history):
    response = candidate_client.post(reverse("accounts:delete"), {"password": "not-it"})

    assert response.status_code == 400
    assert "nothing was deleted" in response.content.decode()
    assert User.objects.filter(username="casey").exists()
    assert Answer.objects.exists()


@pytest.mark.django_db
def test_both_need_log_in(client):
    assert client.get(reverse("accounts:export")).status_code == 302
    assert client.post(reverse("accounts:delete"), {"password": "x"}).status_code == 302
