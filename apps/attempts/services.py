"""Writes for practice sessions. Every answer passes through `answer_record()`, one transaction each."""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F

from apps.competencies.models import Area, CareerStage, Competency
from apps.questions.models import Question
from apps.questions.options import options_attach
from apps.readiness import irt
from apps.readiness.services import assessment_may_stop, readiness_update_after_answer

from . import clock, selection, spacing
from .items import item_facts
from .models import Answer, Bookmark, QuizSession, ReviewCard, SessionQuestion
from .scoring import Option, score_choices, score_open

DEFAULT_COUNT = {
    QuizSession.Mode.PRACTICE: 10,
    QuizSession.Mode.MOCK: 20,
    QuizSession.Mode.REVIEW: 20,
    QuizSession.Mode.ADAPTIVE: irt.ADAPTIVE_MAX_ANSWERS,  # it usually stops well before
}
DEFAULT_MOCK_MINUTES = 30
MAX_COUNT = 60
SHUFFLED_KINDS = frozenset({Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.JUDGEMENT})
# Unpredictable, so that nobody can work out another candidate's order; tests put a seeded Random in its place.
option_shuffler: random.Random = random.SystemRandom()


class QuizError(Exception):
    """Something the candidate asked for that cannot be done; the message is shown to them as it is."""

    status = 400


class SessionClosed(QuizError):
    status = 409


# --- starting ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSpec:
    mode: str
    scope: str
    competency: Competency | None = None
    area: Area | None = None
    stage: CareerStage | None = None
    count: int | None = None
    minutes: int | None = None
    competency_ids: tuple[int, ...] | list[int] = ()  # a practice plan's competencies


@transaction.atomic
def session_start(*, user, spec: SessionSpec) -> QuizSession:
    """Draw the questions for a new session and store them in order, so refresh and back find them again."""
    count = spec.count or DEFAULT_COUNT[spec.mode]
    questions = [] if spec.mode == QuizSession.Mode.ADAPTIVE else _draw(user, spec, count)
    if not questions and spec.mode != QuizSession.Mode.ADAPTIVE:
        raise QuizError(_nothing_to_ask(spec))
    started = clock.now()
    minutes = (spec.minutes or DEFAULT_MOCK_MINUTES) if spec.mode == QuizSession.Mode.MOCK else None
    session = QuizSession.objects.create(
        user=user,
        mode=spec.mode,
        scope=spec.scope,
        competency=spec.competency,
        area=spec.area,
        stage=spec.stage,
        question_count=count if spec.mode == QuizSession.Mode.ADAPTIVE else len(questions),
        time_limit=timedelta(minutes=minutes) if minutes else None,
        started_at=started,
        deadline=started + timedelta(minutes=minutes) if minutes else None,
    )
    options_attach(questions)  # for the options' order
    SessionQuestion.objects.bulk_create(
        SessionQuestion(
            session=session, position=position, question=question, choice_order=_choice_order(question)
        )
        for position, question in enumerate(questions, 1)
    )
    if session.is_adaptive and not _ask_next_adaptive(session, position=1):
        raise QuizError(_nothing_to_ask(spec))
    return session


def _ask_next_adaptive(session: QuizSession, *, position: int) -> bool:
    """Choose the adaptive assessment's next question now, so that showing it is a plain read."""
    question = selection.next_adaptive(session=session)
    if question is None:
        return False
    SessionQuestion.objects.create(
        session=session, position=position, question=question, choice_order=_choice_order(question)
    )
    return True


def _choice_order(question: Question) -> list[int]:
    """A fresh order of the options for one candidate (prefetched options). True/false keeps True before False,
    and self-ratings and open answers have no options to shuffle."""
    if question.kind not in SHUFFLED_KINDS:
        return []
    order = [choice.pk for choice in question.choices.all()]
    option_shuffler.shuffle(order)
    return order


def _draw(user, spec: SessionSpec, count: int) -> list[Question]:
    Scope = QuizSession.Scope
    if spec.mode == QuizSession.Mode.REVIEW:
        return selection.draw_due(user=user, now=clock.now(), count=count)
    if spec.scope == Scope.BOOKMARKS:
        return selection.draw_bookmarked(user=user, count=count)
    competency_ids = _scope_competency_ids(spec)
    first = []
    if spec.mode == QuizSession.Mode.PRACTICE and spec.scope == Scope.COMPETENCY:
        rating = selection.self_rating_to_ask(user=user, competency_id=spec.competency.pk)
        first = [rating] if rating else []
    return first + selection.draw_balanced(user=user, competency_ids=competency_ids, count=count - len(first))


def _scope_competency_ids(spec: SessionSpec) -> list[int]:
    match spec.scope:
        case QuizSession.Scope.COMPETENCY:
            return [spec.competency.pk]
        case QuizSession.Scope.AREA:
            return list(spec.area.competencies.measured().values_list("pk", flat=True))
        case QuizSession.Scope.STAGE:
            return list(spec.stage.requirements.values_list("competency_id", flat=True))
        case QuizSession.Scope.PLAN:
            return list(spec.competency_ids)
    raise QuizError("Choose what to practise: a competency, an area or your target stage.")


def _nothing_to_ask(spec: SessionSpec) -> str:
    if spec.mode == QuizSession.Mode.REVIEW:
        return "Nothing is due for review right now. Come back later, or practise something new."
    if spec.scope == QuizSession.Scope.BOOKMARKS:
        return "You have no bookmarked questions yet. Bookmark a question from its feedback to find it here."
    return "There are no published questions in that scope yet."


# --- showing and answering ----------------------------------------------------------------------------------------


def slot_mark_shown(*, slot: SessionQuestion) -> None:
    """Remember when the server first showed a question, and which version; time taken counts from here."""
    if slot.shown_at is None:
        shown_at = clock.now()
        updated = SessionQuestion.objects.filter(pk=slot.pk, shown_at__isnull=True).update(
            shown_at=shown_at, shown_version=slot.question.version
        )
        if updated:
            slot.shown_at, slot.shown_version = shown_at, slot.question.version


def session_close_if_expired(*, session: QuizSession) -> bool:
    """A mock interview past its deadline closes itself; returns whether it is (now) closed for that reason."""
    if session.deadline is None or session.is_finished or clock.now() < session.deadline:
        return session.ending == QuizSession.Ending.TIMED_OUT
    updated = QuizSession.objects.filter(pk=session.pk, finished_at__isnull=True).update(
        finished_at=session.deadline, ending=QuizSession.Ending.TIMED_OUT
    )
    session.refresh_from_db()
    return bool(updated) or session.ending == QuizSession.Ending.TIMED_OUT


@transaction.atomic
def session_stop(*, session: QuizSession) -> None:
    QuizSession.objects.filter(pk=session.pk, finished_at__isnull=True).update(
        finished_at=clock.now(), ending=QuizSession.Ending.STOPPED
    )
    session.refresh_from_db()


@dataclass(frozen=True)
class Submission:
    """What the candidate sent, already checked against the question by the answer form."""

    selected: set[int] = field(default_factory=set)  # ids of the options chosen
    text: str = ""
    self_rating: int | None = None
    confidence: str = ""


@dataclass(frozen=True)
class Recorded:
    answer: Answer
    created: bool  # False when the same question had been answered already (a double submit)


@transaction.atomic
def answer_record(*, session: QuizSession, slot: SessionQuestion, submission: Submission) -> Recorded:
    """Store one answer, score it, schedule its review, and advance the session: all or nothing.

    The session row is locked first, so concurrent submits of one session queue up; the unique constraint on
    (session, question) is the last guard, so an answer is stored and counted once whatever the client does.
    """
    session = QuizSession.objects.select_for_update().get(pk=session.pk)
    # Answered before this request began? (A submit that raced this one is caught by the constraint below.)
    if hasattr(slot, "answer"):
        return Recorded(slot.answer, created=False)
    _refuse_if_closed(session)
    now = clock.now()
    question = slot.question
    answer = Answer(
        session=session,
        slot=slot,
        user_id=session.user_id,
        question=question,
        question_version=slot.shown_version or question.version,
        selected=sorted(submission.selected),
        text=submission.text,
        self_rating=submission.self_rating,
        confidence=submission.confidence,
        score=_score(question, submission),
        time_taken=now - (slot.shown_at or session.started_at),
        answered_at=now,
    )
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        return Recorded(Answer.objects.get(slot=slot), created=False)
    _advance(session, answer.score, now)
    if answer.score is not None:
        _after_scoring(answer, question, now)
    elif question.kind == Question.Kind.SELF_RATING:
        _update_readiness(answer, question, now)
    if session.is_adaptive:
        _continue_adaptive(session, slot.position, now)
    return Recorded(answer, created=True)


def _continue_adaptive(session: QuizSession, position: int, now) -> None:
    """Stop once readiness says the stage verdict is settled (readiness.services.assessment_may_stop); else ask
    the next question."""
    session.refresh_from_db(fields=["answered_count", "finished_at"])
    if session.is_finished:
        return
    if assessment_may_stop(
        user_id=session.user_id, stage_id=session.stage_id, answered=session.answered_count
    ):
        _finish(session, now, QuizSession.Ending.SETTLED)
    elif not _ask_next_adaptive(session, position=position + 1):
        _finish(session, now, QuizSession.Ending.COMPLETED)


def _finish(session: QuizSession, now, ending: str) -> None:
    QuizSession.objects.filter(pk=session.pk, finished_at__isnull=True).update(finished_at=now, ending=ending)


def _refuse_if_closed(session: QuizSession) -> None:
    timed_out = session.ending == QuizSession.Ending.TIMED_OUT
    if timed_out or (session.deadline and not session.is_finished and clock.now() >= session.deadline):
        raise SessionClosed("Time is up for this mock interview: answers after the deadline do not count.")
    if session.is_finished:
        raise SessionClosed("This session is finished; answers can no longer change. See its summary.")


def _score(question: Question, submission: Submission) -> Decimal | None:
    if question.kind == Question.Kind.SELF_RATING or question.kind == Question.Kind.OPEN:
        return None  # self-assessment is not scored; an open answer waits for its self-grade
    options = [Option(c.pk, c.is_correct, c.score) for c in question.choices.all()]
    return score_choices(question.kind, options, submission.selected)


def _advance(session: QuizSession, score: Decimal | None, now) -> None:
    finished = session.answered_count + 1 >= session.question_count
    QuizSession.objects.filter(pk=session.pk).update(
        answered_count=F("answered_count") + 1,
        score_total=F("score_total") + (score or 0),
        **({"finished_at": now, "ending": QuizSession.Ending.COMPLETED} if finished else {}),
    )


def _after_scoring(answer: Answer, question: Question, now) -> None:
    """A scored answer reschedules its review and updates readiness, which weighs repeats less. (Item statistics
    are folded from the answers nightly: items.item_statistics_rebuild.)"""
    card = ReviewCard.objects.select_for_update().filter(user_id=answer.user_id, question=question).first()
    previous_answers = card.reviews if card else 0
    _schedule_review(card, answer, now)
    _update_readiness(answer, question, now, previous_answers=previous_answers)


def _update_readiness(answer: Answer, question: Question, now, *, previous_answers: int = 0) -> None:
    """The one door into readiness, with plain values: the item, the score, the confidence, the self-rating."""
    readiness_update_after_answer(
        user_id=answer.user_id,
        profile=question.competency.profile,
        item=item_facts(question),
        score=None if answer.score is None else float(answer.score),
        confidence=answer.confidence,
        self_rating=answer.self_rating,
        previous_answers=previous_answers,
        at=now,
    )


def _schedule_review(card: ReviewCard | None, answer: Answer, now) -> None:
    state, due = spacing.next_review(
        card.fsrs_state if card else None, spacing.rating_for(answer.score, answer.confidence), now
    )
    right = int(answer.score >= 1)
    if card is None:
        ReviewCard.objects.create(
            user_id=answer.user_id,
            question_id=answer.question_id,
            due=due,
            fsrs_state=state,
            reviews=1,
            right=right,
            last_reviewed_at=now,
        )
    else:
        ReviewCard.objects.filter(pk=card.pk).update(
            due=due,
            fsrs_state=state,
            reviews=F("reviews") + 1,
            right=F("right") + right,
            last_reviewed_at=now,
        )


@transaction.atomic
def answer_grade_open(*, answer: Answer, covered: set[int]) -> Answer:
    """The candidate ticks the key points their open answer covered; that share is its score. Once only."""
    answer = (
        Answer.objects.select_for_update()
        .select_related("question__competency")
        .prefetch_related("question__choices")
        .get(pk=answer.pk)
    )
    if answer.covered_points is not None:
        raise SessionClosed("You have graded this answer already.")
    answer.covered_points = sorted(covered)
    answer.score = score_open(covered, len(answer.question.key_points))
    answer.save(update_fields=["covered_points", "score"])
    QuizSession.objects.filter(pk=answer.session_id).update(score_total=F("score_total") + answer.score)
    _after_scoring(answer, answer.question, clock.now())
    return answer


@transaction.atomic
def bookmark_toggle(*, user, question: Question) -> bool:
    """Bookmark `question`, or remove the bookmark; returns whether it is bookmarked now."""
    removed, _ = Bookmark.objects.filter(user=user, question=question).delete()
    if removed:
        return False
    Bookmark.objects.get_or_create(user=user, question=question)
    return True
