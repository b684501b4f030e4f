"""Inviting, accepting, declining, ending, sharing: each change recorded with who and when."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.mentoring.models import InvitationLink, Mentorship, MentorshipEvent
from tests.factories import InvitationLinkFactory, MentorshipFactory, UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["maya", "MAYA@example.com"])
def test_a_candidate_invites_by_username_or_email(candidate_client, candidate, mentor, who):
    response = candidate_client.post(reverse("mentoring:invite"), {"who": who}, follow=True)

    mentorship = Mentorship.objects.get()
    assert (mentorship.candidate, mentorship.mentor, mentorship.status) == (candidate, mentor, "invited")
    assert "Invitation sent to maya" in response.content.decode()
    assert mentorship.events.get().kind == "invited"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "message"),
    [("nobody", "Nobody on Rungs has that username"), ("casey", "You cannot be your own mentor")],
)
def test_bad_invitations_say_why_and_create_nothing(candidate_client, who, message):
    response = candidate_client.post(reverse("mentoring:invite"), {"who": who}, follow=True)

    assert message in response.content.decode()
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_a_second_invitation_to_the_same_mentor_is_refused(candidate_client, mentorship):
    response = candidate_client.post(reverse("mentoring:invite"), {"who": "maya"}, follow=True)

    assert "already your mentor" in response.content.decode()
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


@pytest.mark.django_db
def test_the_history_is_kept(mentorship):
    MentorshipEvent.objects.create(mentorship=mentorship, actor=mentorship.candidate, kind="ended")

    assert str(mentorship.events.get()).startswith("casey ended at")
