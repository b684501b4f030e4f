"""Pinned query counts: a page reads the same number of queries however long the candidate's history is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.competencies.models import Competency
from apps.questions.models import Question
from apps.questions.options import options_attach
from apps.questions.services import question_record_revision
from tests.factories import (
    AnswerFactory,
    CareerStageFactory,
    QuestionFactory,
    QuizSessionFactory,
    StageRequirementFactory,
)
from tests.quiz import option


def _count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code in (200, 302)
    return len(queries)


def _grow_history(user, sessions: int) -> None:
    """Past sessions of two answered questions each, drawn from a pool of 20 questions on the competencies that
    exist already (a new competency would change the profile, which is not what this grows)."""
    competencies = list(Competency.objects.all())
    pool = [QuestionFactory(competency=competencies[n % len(competencies)]) for n in range(20)]
    for n in range(sessions):
        past = QuizSessionFactory(user=user, questions=[pool[n % 20], pool[(n + 1) % 20]])
        for slot in past.slots.all():
            AnswerFactory(slot=slot)


@pytest.fixture
def session(candidate):
    """Five questions on competencies that a stage requires, so that each answer also writes stage readiness;
    recorded as the bank's are, and their options already read by this process (a process reads a question's
    options once for each state of the question: questions.options)."""
    questions = [QuestionFactory(kind="multiple") for _ in range(5)]
    stage = CareerStageFactory(profile=questions[0].competency.profile)
    for question in questions:
        StageRequirementFactory(stage=stage, competency=question.competency)
        question_record_revision(question=question)
        options_attach([Question.objects.get(pk=question.pk)])
    return QuizSessionFactory(user=candidate, questions=questions)


@pytest.mark.django_db
def test_question_page_and_answer_are_constant(candidate_client, candidate, session):
    def show(position):
        return lambda: candidate_client.get(reverse("attempts:question", args=[session.pk, position]))

    def answer(position):
        url = reverse("attempts:answer", args=[session.pk, position])
        data = {"choice": [option(session, position, 1)], "confidence": "certain"}  # read before counting
        return lambda: candidate_client.post(url, data)

    _count(show(1)), _count(answer(1))  # the day's first answer also writes the day's snapshot
    first_show, first_answer = _count(show(2)), _count(answer(2))
    _grow_history(candidate, 250)  # 500 more answers

    assert _count(show(3)) == first_show
    assert _count(answer(3)) == first_answer
    assert (first_show, first_answer) == (QUESTION_PAGE, ANSWER)


@pytest.mark.django_db
def test_summary_is_constant_in_history_and_in_session_length(candidate_client, candidate):
    short = QuizSessionFactory(user=candidate, questions=[QuestionFactory() for _ in range(2)])
    long = QuizSessionFactory(user=candidate, questions=[QuestionFactory() for _ in range(12)])
    for slot in [*short.slots.all(), *long.slots.all()]:
        AnswerFactory(slot=slot)

    short_count = _count(lambda: candidate_client.get(reverse("attempts:summary", args=[short.pk])))
    _grow_history(candidate, 20)
    long_count = _count(lambda: candidate_client.get(reverse("attempts:summary", args=[long.pk])))

    assert short_count == long_count == SUMMARY


# Django session, user, the session's slot with its question, competency, profile and answer, marking it shown (the
# options are the process's copy; the bookmark check waits for the feedback, where its button is):
QUESTION_PAGE = 4
# Django session, user, the session's slot (as above), then in one transaction (with the test's
# savepoint around it): the session locked, the answer inserted (in a savepoint: a racing double submit fails
# there), progress, the review card read and written, the belief locked, the abilities written (one statement that
# also returns the answer counts), the stages' readiness written, the belief written, the confidence tally updated.
# Item statistics are not on the answer path: recalibrate_items rebuilds them nightly.
ANSWER = 17
# Django session, user, the quiz session, slots with questions, competencies and answers, their options, mentors'
# comments on the answers:
SUMMARY = 6
