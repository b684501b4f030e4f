"""While a mock interview or an adaptive assessment is open, no page tells what was right: progress only."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.attempts.models import Answer, QuizSession
from apps.questions.models import Question
from tests.factories import QuestionFactory, QuizSessionFactory, StageRequirementFactory
from tests.quiz import option, post_answer

HTMX = {"HTTP_HX_REQUEST": "true"}
# What any of the pages below would show once the session has ended.
SECRETS = ["Explanation-secret", "Rationale-secret", "Model-answer-secret", "Key-point-secret", "tag-right",
           "verdict-right", "verdict-wrong", "expert score", "Score</dt>", "Confidence calibration"]  # fmt: skip


def _questions():
    single = QuestionFactory(explanation="Explanation-secret. It teaches.")
    single.choices.update(rationale="Rationale-secret")
    judgement = QuestionFactory(kind="judgement", explanation="Explanation-secret. Still.")
    open_ = QuestionFactory(
        kind="open", model_answer="Model-answer-secret", key_points=["Key-point-secret", "B"],
        explanation="Explanation-secret. Again.",
    )  # fmt: skip
    return [single, judgement, open_, QuestionFactory()]


@pytest.fixture(params=["mock", "adaptive"])
def test_session(request, candidate, clock):
    """A mock interview of four questions, or an adaptive assessment that has drawn its first of four."""
    questions = _questions()
    if request.param == "mock":
        deadline = clock() + timedelta(minutes=30)
        return QuizSessionFactory(
            user=candidate, mode="mock", scope="stage", deadline=deadline, questions=questions
        )
    competency = questions[0].competency
    # Enough questions left that it does not end for want of them.
    questions += [QuestionFactory() for _ in range(3)]
    Question.objects.filter(pk__in=[q.pk for q in questions]).update(competency=competency)
    stage = StageRequirementFactory(competency=competency).stage
    session = QuizSessionFactory(
        user=candidate, mode="adaptive", scope="stage", stage=stage, questions=questions[:1]
    )
    QuizSession.objects.filter(pk=session.pk).update(question_count=40)
    session.refresh_from_db()
    return session


def _answer_some(client, session):
    """The first question right, then the next ones as they come (an adaptive assessment draws as it goes)."""
    post_answer(client, session, 1, choice=option(session, 1, 2))
    for position in (2, 3):
        slot = session.slots.select_related("question").get(position=position)
        if slot.question.kind == "open":
            post_answer(client, session, position, text="My answer", confidence="unsure")
        else:
            post_answer(client, session, position, choice=option(session, position, 1), confidence="unsure")
    assert Answer.objects.filter(session=session).count() == 3


def _pages(client, session) -> dict[str, str]:
    summary = reverse("attempts:summary", args=[session.pk])
    question = reverse("attempts:question", args=[session.pk, 1])
    return {
        "summary": client.get(summary).content.decode(),
        "summary, htmx": client.get(summary, **HTMX).content.decode(),
        "answered question": client.get(question).content.decode(),
        "answered question, htmx": client.get(question, **HTMX).content.decode(),
    }


@pytest.mark.django_db
def test_an_open_test_shows_progress_and_nothing_of_the_answers(candidate_client, test_session):
    _answer_some(candidate_client, test_session)

    for name, html in _pages(candidate_client, test_session).items():
        leaked = [secret for secret in SECRETS if secret in html]
        assert not leaked, f"{name} shows {leaked}"
    summary = _pages(candidate_client, test_session)["summary"]
    assert f"<dt>Answered</dt><dd>3 of {test_session.question_count}</dd>" in summary


@pytest.mark.django_db
def test_once_the_test_ends_everything_is_shown(candidate_client, test_session):
    _answer_some(candidate_client, test_session)
    candidate_client.post(reverse("attempts:stop", args=[test_session.pk]))

    summary = _pages(candidate_client, test_session)["summary"]

    for secret in ("Explanation-secret", "tag-right", "Score</dt>", "Confidence calibration"):
        assert secret in summary


@pytest.mark.django_db
def test_an_open_answer_cannot_be_graded_before_the_end(candidate_client, candidate, clock):
    """(Adaptive assessments ask no open questions.)"""
    deadline = clock() + timedelta(minutes=30)
    session = QuizSessionFactory(
        user=candidate, mode="mock", scope="stage", deadline=deadline, questions=_questions()
    )
    _answer_some(candidate_client, session)

    response = candidate_client.post(reverse("attempts:grade", args=[session.pk, 3]), {"covered": [0, 1]})

    assert response.status_code == 409
    assert "Model-answer-secret" not in response.content.decode()
    assert Answer.objects.get(session=session, slot__position=3).score is None


@pytest.mark.django_db
def test_practice_keeps_its_feedback_after_each_answer(candidate_client, candidate):
    session = QuizSessionFactory(user=candidate, questions=_questions())
    _answer_some(candidate_client, session)

    html = _pages(candidate_client, session)["answered question"]

    assert "Explanation-secret" in html
    assert "Rationale-secret" in html
