"""Answering questions in tests the way the answer form does."""

from apps.attempts.forms import option_token
from apps.attempts.models import QuizSession, SessionQuestion


def option(session: QuizSession, position: int, canonical: int) -> str:
    """What the answer form sends for the option the author put at `canonical` (1-based), in the session's
    question at `position`: the form names options by a token of that question in that session."""
    slot = session.slots.select_related("question").get(position=position)
    return option_token(slot, slot.question.choices.get(position=canonical))


def options_at(slot: SessionQuestion, *canonical: int) -> set[int]:
    """The ids of the options the author put at `canonical` (1-based) positions: what `Answer.selected` holds."""
    return set(slot.question.choices.filter(position__in=canonical).values_list("pk", flat=True))
