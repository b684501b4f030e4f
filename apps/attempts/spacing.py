"""Spaced repetition with FSRS (the `fsrs` package): when each question should come back to a candidate.

Interview practice works in days, not minutes, so the scheduler has no intra-day learning steps: a wrong answer
comes back the next day, a right one after an interval that grows with each success. Fuzzing is off so that the
same history always gives the same schedule.
"""

from datetime import UTC, datetime
from decimal import Decimal

from fsrs import Card, Rating, Scheduler

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
PASS_MARK = Decimal("0.5")
UNSURE = {"guessing", "unsure"}


def rating_for(score: Decimal, confidence: str) -> Rating:
    """Wrong is Again; right but unsure or only partly right is Hard; right and fairly sure is Good; certain is Easy.

    A lucky guess is not knowledge, so it comes back sooner than a confident right answer."""
    if score < PASS_MARK:
        return Rating.Again
    if score < 1 or confidence in UNSURE:
        return Rating.Hard
    return Rating.Easy if confidence == "certain" else Rating.Good


def next_review(state: dict | None, rating: Rating, at: datetime) -> tuple[dict, datetime]:
    """Review a card (new when `state` is None) at `at`; the new state and when it is due next."""
    card = Card.from_dict(state) if state else _new_card(at)
    card, _ = SCHEDULER.review_card(card, rating, review_datetime=at.astimezone(UTC))
    return card.to_dict(), card.due


def _new_card(at: datetime) -> Card:
    """A card made now. Its id is given: without one, fsrs stamps the clock and sleeps a millisecond so that two cards
    made in a row differ, a millisecond of every first answer; nothing here reads the id."""
    return Card(card_id=int(at.timestamp() * 1000), due=at.astimezone(UTC))
