"""Pinned query counts: a page reads the same number of queries however long the candidate's history is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import QuestionFactory, QuizSessionFactory, ResponseFactory


def _count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code in (200, 302)
    return len(queries)


def _grow_history(user, sessions: int) -> None:
    """Past sessions of two answered questions each, drawn from a pool of 20 questions."""
    pool = [QuestionFactory() for _ in range(20)]
    for n in range(sessions):
        past = QuizSessionFactory(user=user, questions=[pool[n % 20], pool[(n + 1) % 20]])
        for slot in past.slots.all():
            ResponseFactory(slot=slot)


@pytest.fixture
def session(candidate):
    return QuizSessionFactory(user=candidate, questions=[QuestionFactory(kind="multiple") for _ in range(5)])


@pytest.mark.django_db
def test_question_page_and_answer_are_constant(candidate_client, candidate, session):
    def show(position):
        return lambda: candidate_client.get(reverse("attempts:question", args=[session.pk, position]))

    def answer(position):
        url = reverse("attempts:answer", args=[session.pk, position])
        return lambda: candidate_client.post(url, {"choice": ["1"], "confidence": "certain"})

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
        ResponseFactory(slot=slot)

    short_count = _count(lambda: candidate_client.get(reverse("attempts:summary", args=[short.pk])))
    _grow_history(candidate, 20)
    long_count = _count(lambda: candidate_client.get(reverse("attempts:summary", args=[long.pk])))

    assert short_count == long_count == SUMMARY


# Django session, user, the quiz session, the slot with question, competency and answer, its options, marking it
# shown, the bookmark check:
QUESTION_PAGE = 7
# Django session, user, the quiz session, the slot, its options, then in one transaction (with its savepoints):
# the session locked, any earlier answer, the answer inserted, progress, the review card read and written,
# the profile's shape (2), the belief fetched, locked and written, the abilities read and written, the stages'
# readiness written, today's snapshot checked, the confidence tally read and updated, the item's statistics
# created (get_or_create: a read, and an insert in a savepoint), locked and written:
ANSWER = 33
# Django session, user, the quiz session, slots with questions, competencies and answers, their options, mentors'
# comments on the answers:
SUMMARY = 6
