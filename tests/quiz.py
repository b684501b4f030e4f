"""Answering questions and signing in, in tests, the way the app does it: one place for each."""

from django.test import Client
from django.urls import reverse

from apps.attempts.forms import option_token
from apps.attempts.models import QuizSession, SessionQuestion
from apps.attempts.services import Recorded, Submission, answer_record


def logged_in(user) -> Client:
    """A test client signed in as `user` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def option(session: QuizSession, position: int, canonical: int) -> str:
    """What the answer form sends for the option the author put at `canonical` (1-based), in the session's
    question at `position`: the form names options by a token of that question in that session."""
    slot = session.slots.select_related("question").get(position=position)
    return option_token(slot, slot.question.choices.get(position=canonical))


def options_at(slot: SessionQuestion, *canonical: int) -> set[int]:
    """The ids of the options the author put at `canonical` (1-based) positions: what `Submission.selected` holds."""
    return set(slot.question.choices.filter(position__in=canonical).values_list("pk", flat=True))


def answer_question(
    session: QuizSession, position: int = 1, *, pick: int = 2, text: str = "", confidence: str = "certain"
) -> Recorded:
    """Answer the session's question at `position` through the service the answer view calls: the option the
    author put at `pick` (the factories' questions have the right one second), or `text` for an open question."""
    slot = (
        session.slots.select_related("question__competency__profile")
        .prefetch_related("question__choices")
        .get(position=position)
    )
    chosen = (
        Submission(text=text, confidence=confidence)
        if text
        else Submission(options_at(slot, pick), confidence=confidence)
    )
    return answer_record(session=session, slot=slot, submission=chosen)


def post_answer(client: Client, session: QuizSession, position: int = 1, *, choice=None, text: str = "",
                confidence: str = "certain"):  # fmt: skip
    """Answer through the answer view, as the question page's form does: `choice` is what the form sends for an
    option (see option(); a list for several), `text` an open answer. Returns the HTTP response."""
    data = {"confidence": confidence}
    if choice is not None:
        data["choice"] = choice
    if text:
        data["text"] = text
    return client.post(reverse("attempts:answer", args=[session.pk, position]), data)
