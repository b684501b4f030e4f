"""The quiz pages through the test client: plain posts (no JavaScript) and htmx requests."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from apps.attempts.models import Answer, QuizSession
from tests.factories import QuestionFactory, QuizSessionFactory
from tests.quiz import option

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, session, position=None):
    args = [session.pk] if position is None else [session.pk, position]
    return reverse(f"attempts:{name}", args=args)


@pytest.fixture
def session(candidate):
    questions = [
        QuestionFactory(stem="Which status code means **created**?", options=[
            ("200 OK", False, None), ("201 Created", True, None), ("204 No Content", False, None)]),
        QuestionFactory(kind="judgement"),
        QuestionFactory(kind="open", model_answer="Say A and B.", key_points=["A", "B"]),
    ]  # fmt: skip
    for question in questions:
        question.choices.update(rationale=f"Rationale-secret-{question.slug}")
    return QuizSessionFactory(user=candidate, questions=questions)


@pytest.fixture
def mock_session(candidate, clock):
    """A 30-minute mock interview of two questions, started at the frozen clock's now."""
    return QuizSessionFactory(
        user=candidate, mode="mock", scope="stage", deadline=clock() + timedelta(minutes=30),
        questions=[QuestionFactory(), QuestionFactory()],
    )  # fmt: skip


@pytest.mark.django_db
def test_an_unanswered_question_reveals_nothing_about_the_answer(candidate_client, session):
    html = candidate_client.get(_url("question", session, 1)).content.decode()

    assert "201 Created" in html
    assert "Rationale-secret" not in html
    assert "correct" not in html.lower()
    assert "explanation" not in html.lower()
    # Options are sent as opaque tokens: neither the author's position nor an id, which grows in that order.
    values = re.findall(r'name="choice"\s+id="option-\d"\s+value="([^"]+)"', html)
    assert len(values) == 3
    assert all(re.fullmatch(r"[0-9a-f]{16}", value) for value in values)


@pytest.mark.django_db
def test_without_javascript_an_answer_posts_and_redirects_to_its_feedback(candidate_client, session):
    response = candidate_client.post(
        _url("answer", session, 1), {"choice": option(session, 1, 2), "confidence": "certain"}
    )

    assert response.status_code == 302
    assert response.url == _url("question", session, 1)
    html = candidate_client.get(response.url).content.decode()
    assert "Right." in html
    assert "Rationale-secret" in html
    assert "Next question" in html


@pytest.mark.django_db
def test_with_htmx_the_feedback_and_progress_come_back_as_partials(candidate_client, session):
    response = candidate_client.post(
        _url("answer", session, 1), {"choice": option(session, 1, 1), "confidence": "unsure"}, **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="question-card"' in html
    assert "Not right." in html
    assert 'id="progress" class="quiz-progress" hx-swap-oob="true"' in html
    assert "1 answered" in html


@pytest.mark.django_db
def test_next_with_htmx_loads_only_the_quiz(candidate_client, session):
    response = candidate_client.get(_url("question", session, 2), **HTMX)

    assert response.content.decode().lstrip().startswith('<div id="quiz"')
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"confidence": "certain"}, "Pick an option."),
        ({"choice": "2"}, "Say how sure you are"),
        ({"choice": "9", "confidence": "certain"}, "Select a valid choice."),
        ({"choice": "2", "confidence": "cocky"}, "Select a valid choice."),
    ],
)
def test_a_malformed_answer_says_what_is_wrong_and_stores_nothing(candidate_client, session, data, message):
    response = candidate_client.post(_url("answer", session, 1), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_a_malformed_htmx_answer_replaces_only_the_card(candidate_client, session):
    response = candidate_client.post(_url("answer", session, 1), {"confidence": "certain"}, **HTMX)

    assert response.status_code == 400
    assert response["HX-Retarget"] == "#question-card"
    assert "Pick an option." in response.content.decode()


@pytest.mark.django_db
def test_a_double_submit_keeps_the_first_answer(candidate_client, session):
    candidate_client.post(
        _url("answer", session, 1), {"choice": option(session, 1, 2), "confidence": "certain"}
    )

    response = candidate_client.post(
        _url("answer", session, 1), {"choice": option(session, 1, 1), "confidence": "certain"}, follow=True
    )

    assert Answer.objects.get().selected == [
        session.slots.get(position=1).question.choices.get(position=2).pk
    ]
    assert "your first answer counts" in response.content.decode()
    session.refresh_from_db()
    assert session.answered_count == 1


@pytest.mark.django_db
def test_another_users_session_is_a_404_and_changes_nothing(client, other_candidate, session):
    client.force_login(other_candidate)

    assert client.get(_url("question", session, 1)).status_code == 404
    assert (
        client.post(
            _url("answer", session, 1), {"choice": option(session, 1, 2), "confidence": "certain"}
        ).status_code
        == 404
    )
    assert client.get(_url("summary", session)).status_code == 404
    assert client.post(_url("stop", session)).status_code == 404
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_a_question_outside_the_session_is_a_404(candidate_client, session):
    assert candidate_client.get(_url("question", session, 4)).status_code == 404
    assert (
        candidate_client.post(
            _url("answer", session, 0), {"choice": option(session, 1, 1), "confidence": "certain"}
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_a_finished_session_refuses_answers_with_409(candidate_client, session):
    candidate_client.post(_url("stop", session))

    response = candidate_client.post(
        _url("answer", session, 1), {"choice": option(session, 1, 2), "confidence": "certain"}
    )

    assert response.status_code == 409
    assert "This session is finished" in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_answering_needs_post(candidate_client, session):
    assert candidate_client.get(_url("answer", session, 1)).status_code == 405
    assert candidate_client.get(_url("stop", session)).status_code == 405


@pytest.mark.django_db
def test_log_in_is_required(client, session):
    response = client.get(_url("question", session, 1))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_an_open_answer_is_self_graded_after_the_model_answer(candidate_client, session):
    candidate_client.post(_url("answer", session, 3), {"text": "I would say A.", "confidence": "fairly_sure"})
    html = candidate_client.get(_url("question", session, 3)).content.decode()
    assert "Say A and B." in html
    assert "Which key points did your answer cover?" in html

    candidate_client.post(_url("grade", session, 3), {"covered": ["0"]})

    assert str(Answer.objects.get().score) == "0.500"
    again = candidate_client.post(_url("grade", session, 3), {"covered": ["0", "1"]})
    assert again.status_code == 409
    assert str(Answer.objects.get().score) == "0.500"


@pytest.mark.django_db
def test_grading_needs_an_open_answer(candidate_client, session):
    assert candidate_client.post(_url("grade", session, 3), {"covered": ["0"]}).status_code == 404
    candidate_client.post(
        _url("answer", session, 1), {"choice": option(session, 1, 2), "confidence": "certain"}
    )
    assert candidate_client.post(_url("grade", session, 1), {"covered": ["0"]}).status_code == 404


@pytest.mark.django_db
def test_the_last_answer_leads_to_a_summary_with_every_question(candidate_client, session):
    candidate_client.post(
        _url("answer", session, 1), {"choice": option(session, 1, 2), "confidence": "certain"}
    )
    candidate_client.post(
        _url("answer", session, 2), {"choice": option(session, 2, 2), "confidence": "certain"}
    )
    candidate_client.post(_url("answer", session, 3), {"text": "A", "confidence": "certain"})

    html = candidate_client.get(_url("summary", session)).content.decode()

    session.refresh_from_db()
    assert session.ending == QuizSession.Ending.COMPLETED
    assert "Confidence calibration" in html
    assert "2 (100%)" in html  # two certain answers scored so far, both right
    assert "Which status code means <strong>created</strong>?" in html
    assert "Which key points did your answer cover?" in html  # the open answer can still be graded here


@pytest.mark.django_db
def test_a_mock_interview_gives_no_feedback_until_the_end(candidate_client, mock_session, clock):
    session = mock_session

    response = candidate_client.post(
        _url("answer", session, 1), {"choice": option(session, 1, 1), "confidence": "certain"}, **HTMX
    )

    html = response.content.decode()
    assert response["HX-Push-Url"] == _url("question", session, 2)
    assert "question 2 of 2" in html
    assert "Not right." not in html
    assert "Time left" in html
    assert (
        "Feedback comes in the summary" in candidate_client.get(_url("question", session, 1)).content.decode()
    )


@pytest.mark.django_db
def test_a_mock_interview_past_its_deadline_refuses_and_shows_the_summary(
    candidate_client, mock_session, clock
):
    session = mock_session
    clock.advance(minutes=30, seconds=1)

    late = candidate_client.post(
        _url("answer", session, 1), {"choice": option(session, 1, 2), "confidence": "certain"}
    )
    page = candidate_client.get(_url("question", session, 1), follow=True)

    assert late.status_code == 409
    assert "Time is up for this mock interview" in late.content.decode()
    assert page.redirect_chain[-1][0] == _url("summary", session)
    assert "Time ran out" in page.content.decode()
    assert not Answer.objects.exists()
