"""`answer_record()`: every answer passes through it, once, and only while the session is open."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from apps.attempts.models import Answer, QuizSession, ReviewCard
from apps.attempts.services import (
    SessionClosed,
    SessionSpec,
    Submission,
    answer_grade_open,
    answer_record,
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

    recorded = answer_record(
        session=single_session, slot=slot, submission=Submission(options_at(slot, 2), confidence="certain")
    )

    answer = recorded.answer
    assert recorded.created
    assert (answer.score, answer.confidence, answer.selected) == (
        1,
        "certain",
        sorted(options_at(slot, 2)),
    )
    assert answer.time_taken == timedelta(seconds=42)
    assert answer.question_version == slot.question.version
    single_session.refresh_from_db()
    assert (single_session.answered_count, single_session.score_total) == (1, Decimal(1))


@pytest.mark.django_db
def test_the_same_answer_sent_twice_is_stored_and_counted_once(single_session, clock):
    slot = _slot(single_session)
    answer_record(
        session=single_session, slot=slot, submission=Submission(options_at(slot, 2), confidence="certain")
    )

    again = answer_record(
        session=single_session, slot=slot, submission=Submission(options_at(slot, 1), confidence="guessing")
    )

    assert not again.created
    assert again.answer.selected == sorted(options_at(slot, 2))
    assert Answer.objects.count() == 1
    single_session.refresh_from_db()
    assert single_session.answered_count == 1
    assert ReviewCard.objects.get().reviews == 1


@pytest.mark.django_db
def test_the_last_answer_completes_the_session(single_session, clock):
    for position in (1, 2):
        answer_record(
            session=single_session,
            slot=_slot(single_session, position),
            submission=Submission(options_at(_slot(single_session, position), 2), confidence="unsure"),
        )

    single_session.refresh_from_db()
    assert single_session.ending == QuizSession.Ending.COMPLETED
    assert single_session.finished_at == clock()


@pytest.mark.django_db
def test_a_finished_session_refuses_answers_and_changes_nothing(single_session, clock):
    single_session.finished_at = clock()
    single_session.save()

    with pytest.raises(SessionClosed, match="This session is finished"):
        answer_record(
            session=single_session,
            slot=_slot(single_session),
            submission=Submission(options_at(_slot(single_session), 2), confidence="certain"),
        )

    assert not Answer.objects.exists()
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
        answer_record(
            session=session,
            slot=_slot(session),
            submission=Submission(options_at(_slot(session), 2), confidence="certain"),
        )
    assert session_close_if_expired(session=session)

    session.refresh_from_db()
    assert session.ending == QuizSession.Ending.TIMED_OUT
    assert session.finished_at == session.deadline
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_a_wrong_answer_is_due_again_tomorrow(single_session, clock):
    answer_record(
        session=single_session,
        slot=_slot(single_session),
        submission=Submission(options_at(_slot(single_session), 1), confidence="certain"),
    )

    card = ReviewCard.objects.get()
    assert card.due == clock() + timedelta(days=1)


@pytest.mark.django_db
def test_an_open_answer_is_scored_when_self_graded_and_only_once(candidate, clock):
    question = QuestionFactory(kind="open", model_answer="A, B, C, D.", key_points=["A", "B", "C", "D"])
    session = QuizSessionFactory(user=candidate, questions=[question])
    answer = answer_record(
        session=session, slot=_slot(session), submission=Submission(text="A and C", confidence="unsure")
    ).answer
    assert answer.score is None
    assert not ReviewCard.objects.exists()

    graded = answer_grade_open(answer=answer, covered={0, 2})

    assert graded.score == Decimal("0.5")
    session.refresh_from_db()
    assert session.score_total == Decimal("0.5")
    assert ReviewCard.objects.filter(question=question).exists()
    with pytest.raises(SessionClosed, match="graded this answer already"):
        answer_grade_open(answer=answer, covered={0, 1, 2, 3})


@pytest.mark.django_db
def test_a_self_rating_is_kept_but_not_scored(candidate, clock):
    session = QuizSessionFactory(user=candidate, questions=[QuestionFactory(kind="self_rating")])

    answer = answer_record(session=session, slot=_slot(session), submission=Submission(self_rating=4)).answer

    assert (answer.self_rating, answer.score) == (4, None)
    assert not ReviewCard.objects.exists()


@pytest.mark.django_db
def test_a_review_session_reschedules_the_card(candidate, small_bank, clock):
    practice = QuizSessionFactory(
        user=candidate, questions=[small_bank["competencies"][0].questions.get(kind="single")]
    )
    answer_record(
        session=practice,
        slot=_slot(practice),
        submission=Submission(options_at(_slot(practice), 1), confidence="certain"),
    )
    clock.advance(days=1)

    review = session_start(user=candidate, spec=SessionSpec("review", "due"))
    answer_record(
        session=review,
        slot=_slot(review),
        submission=Submission(options_at(_slot(review), 2), confidence="certain"),
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
                answer_record(
                    session=session,
                    slot=slot,
                    submission=Submission(options_at(slot, 2), confidence="certain"),
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
    assert Answer.objects.count() == 1
    session.refresh_from_db()
    assert session.answered_count == 1
