"""`response_record()`: every answer passes through it, once, and only while the session is open."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from apps.attempts.models import QuizSession, Response, ReviewCard
from apps.attempts.services import (
    Answer,
    SessionClosed,
    SessionRequest,
    response_grade_open,
    response_record,
    session_close_if_expired,
    session_start,
    slot_mark_shown,
)
from tests.factories import QuestionFactory, QuizSessionFactory
from tests.quiz import options_at


def _slot(session, position=1):
    return session.slots.select_related("question").get(position=position)


@pytest.fixture
def single_session(candidate):
    return QuizSessionFactory(user=candidate, questions=[QuestionFactory(), QuestionFactory()])


@pytest.mark.django_db
def test_an_answer_is_stored_scored_and_timed_by_the_server(single_session, clock):
    slot = _slot(single_session)
    slot_mark_shown(slot=slot)
    clock.advance(seconds=42)

    recorded = response_record(
        session=single_session, slot=slot, answer=Answer(options_at(slot, 2), confidence="certain")
    )

    response = recorded.response
    assert recorded.created
    assert (response.score, response.confidence, response.selected) == (
        1,
        "certain",
        sorted(options_at(slot, 2)),
    )
    assert response.time_taken == timedelta(seconds=42)
    assert response.question_version == slot.question.version
    single_session.refresh_from_db()
    assert (single_session.answered_count, single_session.score_total) == (1, Decimal(1))


@pytest.mark.django_db
def test_the_same_answer_sent_twice_is_stored_and_counted_once(single_session, clock):
    slot = _slot(single_session)
    response_record(
        session=single_session, slot=slot, answer=Answer(options_at(slot, 2), confidence="certain")
    )

    again = response_record(
        session=single_session, slot=slot, answer=Answer(options_at(slot, 1), confidence="guessing")
    )

    assert not again.created
    assert again.response.selected == sorted(options_at(slot, 2))
    assert Response.objects.count() == 1
    single_session.refresh_from_db()
    assert single_session.answered_count == 1
    assert ReviewCard.objects.get().reviews == 1


@pytest.mark.django_db
def test_the_last_answer_completes_the_session(single_session, clock):
    for position in (1, 2):
        response_record(
            session=single_session,
            slot=_slot(single_session, position),
            answer=Answer(options_at(_slot(single_session, position), 2), confidence="unsure"),
        )

    single_session.refresh_from_db()
    assert single_session.ending == QuizSession.Ending.COMPLETED
    assert single_session.finished_at == clock()


@pytest.mark.django_db
def test_a_finished_session_refuses_answers_and_changes_nothing(single_session, clock):
    single_session.finished_at = clock()
    single_session.save()

    with pytest.raises(SessionClosed, match="This session is finished"):
        response_record(
            session=single_session,
            slot=_slot(single_session),
            answer=Answer(options_at(_slot(single_session), 2), confidence="certain"),
        )

    assert not Response.objects.exists()
    assert not ReviewCard.objects.exists()


@pytest.mark.django_db
def test_a_mock_interview_refuses_late_answers_and_closes_itself(candidate, clock):
    session = QuizSessionFactory(
        user=candidate,
        mode="mock",
        scope="stage",
        deadline=clock() + timedelta(minutes=30),
        questions=[QuestionFactory()],
    )
    clock.advance(minutes=31)

    with pytest.raises(SessionClosed, match="Time is up"):
        response_record(
            session=session,
            slot=_slot(session),
            answer=Answer(options_at(_slot(session), 2), confidence="certain"),
        )
    assert session_close_if_expired(session=session)

    session.refresh_from_db()
    assert session.ending == QuizSession.Ending.TIMED_OUT
    assert session.finished_at == session.deadline
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_wrong_answer_is_due_again_tomorrow(single_session, clock):
    response_record(
        session=single_session,
        slot=_slot(single_session),
        answer=Answer(options_at(_slot(single_session), 1), confidence="certain"),
    )

    card = ReviewCard.objects.get()
    assert card.due == clock() + timedelta(days=1)


@pytest.mark.django_db
def test_an_open_answer_is_scored_when_self_graded_and_only_once(candidate, clock):
    question = QuestionFactory(kind="open", model_answer="A, B, C, D.", key_points=["A", "B", "C", "D"])
    session = QuizSessionFactory(user=candidate, questions=[question])
    response = response_record(
        session=session, slot=_slot(session), answer=Answer(text="A and C", confidence="unsure")
    ).response
    assert response.score is None
    assert not ReviewCard.objects.exists()

    graded = response_grade_open(response=response, covered={0, 2})

    assert graded.score == Decimal("0.5")
    session.refresh_from_db()
    assert session.score_total == Decimal("0.5")
    assert ReviewCard.objects.filter(question=question).exists()
    with pytest.raises(SessionClosed, match="graded this answer already"):
        response_grade_open(response=response, covered={0, 1, 2, 3})


@pytest.mark.django_db
def test_a_self_rating_is_kept_but_not_scored(candidate, clock):
    session = QuizSessionFactory(user=candidate, questions=[QuestionFactory(kind="self_rating")])

    response = response_record(session=session, slot=_slot(session), answer=Answer(self_rating=4)).response

    assert (response.self_rating, response.score) == (4, None)
    assert not ReviewCard.objects.exists()


@pytest.mark.django_db
def test_a_review_session_reschedules_the_card(candidate, small_bank, clock):
    practice = QuizSessionFactory(
        user=candidate, questions=[small_bank["competencies"][0].questions.get(kind="single")]
    )
    response_record(
        session=practice,
        slot=_slot(practice),
        answer=Answer(options_at(_slot(practice), 1), confidence="certain"),
    )
    clock.advance(days=1)

    review = session_start(user=candidate, request=SessionRequest("review", "due"))
    response_record(
        session=review, slot=_slot(review), answer=Answer(options_at(_slot(review), 2), confidence="certain")
    )

    card = ReviewCard.objects.get()
    assert card.reviews == 2
    assert card.due > clock() + timedelta(days=1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks; CI runs this on PostgreSQL")
def test_two_concurrent_submits_store_one_answer(candidate):
    session = QuizSessionFactory(user=candidate, questions=[QuestionFactory()])
    slot = _slot(session)
    barrier = threading.Barrier(4)
    outcomes = []

    def submit():
        barrier.wait()
        try:
            outcomes.append(
                response_record(
                    session=session, slot=slot, answer=Answer(options_at(slot, 2), confidence="certain")
                ).created
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [False, False, False, True]
    assert Response.objects.count() == 1
    session.refresh_from_db()
    assert session.answered_count == 1
