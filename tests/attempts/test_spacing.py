from datetime import UTC, datetime, timedelta
from decimal import Decimal

from fsrs import Rating

from apps.attempts.spacing import next_review, rating_for

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def test_wrong_answers_come_back_tomorrow_and_sure_right_ones_later():
    _, wrong_due = next_review(None, rating_for(Decimal(0), "certain"), NOW)
    _, guessed_due = next_review(None, rating_for(Decimal(1), "guessing"), NOW)
    _, sure_due = next_review(None, rating_for(Decimal(1), "certain"), NOW)

    assert wrong_due - NOW <= timedelta(days=1)
    assert wrong_due <= guessed_due < sure_due


def test_ratings_follow_score_and_confidence():
    assert rating_for(Decimal("0.2"), "certain") == Rating.Again
    assert rating_for(Decimal("0.7"), "certain") == Rating.Hard
    assert rating_for(Decimal(1), "unsure") == Rating.Hard
    assert rating_for(Decimal(1), "fairly_sure") == Rating.Good
    assert rating_for(Decimal(1), "certain") == Rating.Easy


def test_a_second_success_pushes_the_card_further_out():
    state, first_due = next_review(None, Rating.Good, NOW)

    _, second_due = next_review(state, Rating.Good, first_due)

    assert second_due - first_due > first_due - NOW
