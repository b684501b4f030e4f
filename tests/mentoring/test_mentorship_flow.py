"""Inviting, accepting, declining, ending, sharing: each change recorded with who and when."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.mentoring.models import InvitationLink, Mentorship
from tests.factories import InvitationLinkFactory, MentorshipFactory, UserFactory


def _invite(client, who: str):
    return client.post(reverse("mentoring:invite"), {"who": who}, follow=True)


def _answer(response, who: str) -> tuple:
    """What the candidate is shown after inviting `who`, without their own input and the per-request CSRF tokens and
    CSP nonces: equal answers mean the page tells nothing about the account."""
    html = re.sub(r'(nonce=|value=|"X-CSRFToken": )"[\w-]{20,}"', r"\1", response.content.decode())
    messages = [str(m) for m in response.context["messages"]]
    return response.redirect_chain, html.replace(who, "WHO"), [m.replace(who, "WHO") for m in messages]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["maya", "MAYA@example.com"])
def test_a_candidate_invites_by_username_or_email(candidate_client, candidate, mentor, who):
    response = _invite(candidate_client, who)

    mentorship = Mentorship.objects.get()
    assert (mentorship.candidate, mentorship.mentor, mentorship.status) == (candidate, mentor, "invited")
    assert f"Invitation sent to {who} if they are on Rungs" in response.content.decode()
    assert mentorship.events.get().kind == "invited"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("existing", "unknown"), [("maya", "mayb"), ("maya@example.com", "mayb@example.com")]
)
def test_the_answer_to_an_invitation_does_not_tell_whether_the_account_exists(
    candidate_client, mentor, existing, unknown
):
    assert mentor.email == "maya@example.com"

    to_nobody = _answer(_invite(candidate_client, unknown), unknown)
    to_someone = _answer(_invite(candidate_client, existing), existing)

    assert to_someone == to_nobody  # same redirect, same page, same message
    assert Mentorship.objects.get().mentor == mentor  # only the real account is invited


@pytest.mark.django_db
def test_inviting_by_email_never_shows_whose_address_it_is(candidate_client, mentor, mentorship):
    """Neither the answer nor the list of mentors names the account behind an e-mail address before its owner
    accepts: not for a new invitation, not for one they declined."""
    invitee = UserFactory(username="secret-sam", email="sam@example.com")

    first = _invite(candidate_client, "sam@example.com").content.decode()
    Mentorship.objects.filter(mentor=invitee).update(status="declined")
    later = candidate_client.get(reverse("mentoring:home")).content.decode()

    assert Mentorship.objects.filter(mentor=invitee).exists()
    assert "secret-sam" not in first
    assert "secret-sam" not in later
    assert "maya" in later  # an accepted mentor is listed


@pytest.mark.django_db
def test_a_candidate_cannot_invite_themselves(candidate_client):
    response = _invite(candidate_client, "casey")

    assert "You cannot be your own mentor" in response.content.decode()
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_a_second_invitation_to_the_same_mentor_gets_the_same_answer_and_creates_nothing(
    candidate_client, mentorship
):
    response = _invite(candidate_client, "maya")

    assert "Invitation sent to maya if they are on Rungs" in response.content.decode()
    assert Mentorship.objects.count() == 1


@pytest.mark.django_db
def test_the_mentor_accepts_or_declines(client, candidate, mentor):
    accepted = MentorshipFactory(candidate=candidate, mentor=mentor, status="invited")
    declined = MentorshipFactory(mentor=mentor, status="invited")
    client.force_login(mentor)

    client.post(reverse("mentoring:accept", args=[accepted.pk]))
    client.post(reverse("mentoring:decline", args=[declined.pk]))

    accepted.refresh_from_db()
    declined.refresh_from_db()
    assert (accepted.status, declined.status) == ("active", "declined")
    assert accepted.started_at is not None
    assert accepted.events.get().actor == mentor


@pytest.mark.django_db
def test_accepting_twice_changes_nothing(client, mentor, mentorship):
    client.force_login(mentor)

    response = client.post(reverse("mentoring:accept", args=[mentorship.pk]), follow=True)

    assert "This invitation is no longer open." in response.content.decode()
    assert not mentorship.events.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("side", ["candidate", "mentor"])
def test_either_side_ends_it(client, mentorship, side):
    client.force_login(getattr(mentorship, side))

    client.post(reverse("mentoring:end", args=[mentorship.pk]))

    mentorship.refresh_from_db()
    assert mentorship.status == "ended"
    assert mentorship.events.get().actor == getattr(mentorship, side)


@pytest.mark.django_db
def test_the_candidate_chooses_to_share_open_answers(candidate_client, mentorship):
    candidate_client.post(reverse("mentoring:sharing", args=[mentorship.pk]), {"share_open_answers": "on"})
    mentorship.refresh_from_db()
    assert mentorship.share_open_answers

    candidate_client.post(reverse("mentoring:sharing", args=[mentorship.pk]), {})
    mentorship.refresh_from_db()
    assert not mentorship.share_open_answers
    assert list(mentorship.events.values_list("detail", flat=True)) == [
        "open answers private",
        "open answers shared",
    ]


@pytest.mark.django_db
def test_an_invitation_link_works_once(client, candidate_client, candidate, mentor):
    candidate_client.post(reverse("mentoring:link_create"))
    link = InvitationLink.objects.get()
    someone = UserFactory()
    client.force_login(mentor)

    first = client.post(reverse("mentoring:join", args=[link.token]))
    client.force_login(someone)
    second = client.post(reverse("mentoring:join", args=[link.token]))

    assert first.status_code == 302
    assert Mentorship.objects.get().mentor == mentor
    assert second.status_code == 410
    assert "used already" in second.content.decode()


@pytest.mark.django_db
def test_an_expired_link_says_so(client, mentor):
    link = InvitationLinkFactory(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(mentor)

    response = client.post(reverse("mentoring:join", args=[link.token]))

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_your_own_link_cannot_make_you_your_own_mentor(candidate_client, candidate):
    link = InvitationLinkFactory(candidate=candidate)

    response = candidate_client.post(reverse("mentoring:join", args=[link.token]))

    assert response.status_code == 410
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_an_unknown_link_is_a_404(candidate_client):
    assert candidate_client.get(reverse("mentoring:join", args=["not-a-token"])).status_code == 404
    assert candidate_client.get(reverse("mentoring:join", args=["x" * 32])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "token",
    ["\x00", "a\x00" * 16, "\x00" + "a" * 40, "x" * 65, "a b" * 11, "é" * 32, "..%2f" * 8, "a'; --" * 6],
    ids=["nul", "nul-inside", "nul-first", "too-long", "space", "non-ascii", "dots", "quote"],
)
def test_a_malformed_link_is_a_404_that_never_reaches_the_database(candidate_client, method, token):
    """A NUL byte makes PostgreSQL raise a server error: the token's shape is checked before any query."""
    InvitationLinkFactory()  # a real link, which the malformed token must not use either

    with CaptureQueriesContext(connection) as queries:
        response = getattr(candidate_client, method)(reverse("mentoring:join", args=[token]))

    assert response.status_code == 404
    assert not [q["sql"] for q in queries if "mentoring_invitationlink" in q["sql"]]
    assert not Mentorship.objects.exists()
    assert InvitationLink.objects.get().used_at is None


@pytest.mark.django_db
def test_ending_a_mentorship_keeps_it_and_records_who_ended_it(client, mentorship):
    client.force_login(mentorship.candidate)

    client.post(reverse("mentoring:end", args=[mentorship.pk]))

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ENDED
    assert [(event.kind, event.actor) for event in mentorship.events.all()] == [
        ("ended", mentorship.candidate)
    ]
