from collections import Counter

import pytest

from apps.attempts.models import QuizSession
from apps.attempts.services import QuizError, SessionSpec, session_start
from tests.factories import AnswerFactory, BookmarkFactory, QuestionFactory, ReviewCardFactory

Mode, Scope = QuizSession.Mode, QuizSession.Scope


def _questions(session):
    return [slot.question for slot in session.slots.order_by("position")]


@pytest.mark.django_db
def test_practice_on_a_competency_asks_for_a_self_rating_first(candidate, small_bank, clock):
    competency = small_bank["competencies"][0]

    session = session_start(
        user=candidate, spec=SessionSpec(Mode.PRACTICE, Scope.COMPETENCY, competency=competency)
    )

    questions = _questions(session)
    assert questions[0].kind == "self_rating"
    assert len(questions) == 6  # fewer than the default 10 exist
    assert {q.competency for q in questions} == {competency}
    assert session.started_at == clock()


@pytest.mark.django_db
def test_a_stage_session_is_balanced_across_competencies_and_never_repeats(candidate, small_bank):
    spec = SessionSpec(Mode.PRACTICE, Scope.STAGE, stage=small_bank["stage"], count=9)

    questions = _questions(session_start(user=candidate, spec=spec))

    assert len(set(questions)) == 9
    assert set(Counter(q.competency_id for q in questions).values()) == {3}
    assert all(q.kind != "self_rating" for q in questions)


@pytest.mark.django_db
def test_questions_never_answered_come_first(candidate, small_bank):
    competency = small_bank["competencies"][0]
    seen = competency.questions.get(kind="single")
    AnswerFactory(slot__session__user=candidate, slot__question=seen)

    # 4 of 5 per competency.
    spec = SessionSpec(Mode.PRACTICE, Scope.AREA, area=small_bank["area"], count=12)
    questions = _questions(session_start(user=candidate, spec=spec))

    assert len(questions) == 12
    assert seen not in questions


@pytest.mark.django_db
def test_drafts_are_never_drawn(candidate, small_bank):
    competency = small_bank["competencies"][0]
    competency.questions.update(status="draft")

    with pytest.raises(QuizError, match="no published questions in that scope"):
        session_start(
            user=candidate, spec=SessionSpec(Mode.PRACTICE, Scope.COMPETENCY, competency=competency)
        )


@pytest.mark.django_db
def test_a_mock_interview_is_timed(candidate, small_bank, clock):
    session = session_start(
        user=candidate, spec=SessionSpec(Mode.MOCK, Scope.STAGE, stage=small_bank["stage"])
    )

    assert session.question_count == 15  # all there are, of the default 20
    assert session.deadline - session.started_at == session.time_limit
    assert session.time_limit.total_seconds() == 30 * 60


@pytest.mark.django_db
def test_review_draws_only_what_is_due(candidate, small_bank, clock):
    due, later = small_bank["competencies"][0].questions.scored()[:2]
    ReviewCardFactory(user=candidate, question=due, due=clock())
    ReviewCardFactory(user=candidate, question=later, due=clock.current.replace(year=2027))

    session = session_start(user=candidate, spec=SessionSpec(Mode.REVIEW, Scope.DUE))

    assert _questions(session) == [due]


@pytest.mark.django_db
def test_review_with_nothing_due_says_so(candidate, clock):
    with pytest.raises(QuizError, match="Nothing is due for review"):
        session_start(user=candidate, spec=SessionSpec(Mode.REVIEW, Scope.DUE))


@pytest.mark.django_db
def test_bookmarks_make_a_session_of_their_own(candidate, other_candidate):
    mine = QuestionFactory()
    BookmarkFactory(user=candidate, question=mine)
    BookmarkFactory(user=other_candidate, question=QuestionFactory())

    session = session_start(user=candidate, spec=SessionSpec(Mode.PRACTICE, Scope.BOOKMARKS))

    assert _questions(session) == [mine]
