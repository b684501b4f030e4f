"""Every mentoring URL, tried by people who must not get through: a stranger, an ex-mentor, a mentor of someone
else, and the mentee trying a mentor's action. They get a 404 (never a hint that the object exists) and nothing
changes."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.mentoring.models import Comment, Mentorship, PracticePlan
from tests.factories import (
    AnswerFactory,
    MentorshipFactory,
    QuestionFactory,
    QuizSessionFactory,
    UserFactory,
)
from tests.quiz import logged_in


@pytest.fixture
def world(candidate, mentor, ex_mentor):
    mentorship = MentorshipFactory(candidate=candidate, mentor=mentor, share_open_answers=True)
    ended = Mentorship.objects.get(mentor=ex_mentor)
    session = QuizSessionFactory(user=candidate, questions=[QuestionFactory(kind="open", model_answer="A", key_points=["A"])],
                                 finished_at="2026-11-27T10:00:00Z")  # fmt: skip
    answer = AnswerFactory(slot=session.slots.get(), selected=[], text="My answer", score=None)
    other_mentor = MentorshipFactory(mentor=UserFactory(username="otto")).mentor
    return {"mentorship": mentorship, "ended": ended, "session": session, "answer": answer,
            "stranger": UserFactory(username="stan"), "ex_mentor": ex_mentor, "other_mentor": other_mentor,
            "candidate": candidate}  # fmt: skip


def _mentor_urls(world, mentorship) -> list[tuple[str, str]]:
    m = mentorship.pk
    return [
        ("get", reverse("mentoring:mentee", args=[m])),
        ("get", reverse("mentoring:mentee_session", args=[m, world["session"].pk])),
        ("get", reverse("mentoring:mentee_answer", args=[m, world["answer"].pk])),
        ("post", reverse("mentoring:mentee_answer", args=[m, world["answer"].pk])),
        ("post", reverse("mentoring:plan_create", args=[m])),
        ("post", reverse("mentoring:cohort_assign", args=[m])),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stranger", "ex_mentor", "other_mentor", "candidate"])
def test_mentor_pages_of_a_mentorship_are_404_for_anyone_but_its_active_mentor(world, who):
    client = logged_in(world[who])
    targets = _mentor_urls(world, world["mentorship"])
    if who == "ex_mentor":
        targets = _mentor_urls(world, world["ended"])  # their own, ended mentorship

    for method, url in targets:
        response = getattr(client, method)(url, {"text": "sneaky", "question_count": 5})
        assert response.status_code == 404, (who, method, url)
    assert not Comment.objects.exists()
    assert not PracticePlan.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stranger", "ex_mentor", "other_mentor"])
def test_candidate_actions_are_404_for_others(world, who):
    client = logged_in(world[who])
    m = world["mentorship"].pk

    assert client.post(reverse("mentoring:sharing", args=[m]), {"share_open_answers": ""}).status_code == 404
    assert client.post(reverse("mentoring:end", args=[m])).status_code == 404
    assert client.get(reverse("mentoring:my_answer", args=[world["answer"].pk])).status_code == 404
    world["mentorship"].refresh_from_db()
    assert world["mentorship"].share_open_answers
    assert world["mentorship"].status == "active"


@pytest.mark.django_db
def test_the_mentee_cannot_accept_on_the_mentors_behalf(world, candidate):
    invited = MentorshipFactory(candidate=candidate, status="invited")

    response = logged_in(candidate).post(reverse("mentoring:accept", args=[invited.pk]))

    assert response.status_code == 404
    invited.refresh_from_db()
    assert invited.status == "invited"


@pytest.mark.django_db
def test_open_answers_are_404_until_shared(world, mentor):
    world["mentorship"].share_open_answers = False
    world["mentorship"].save()

    response = logged_in(mentor).get(
        reverse("mentoring:mentee_answer", args=[world["mentorship"].pk, world["answer"].pk])
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_after_the_end_the_mentor_sees_nothing(world, mentor):
    client = logged_in(mentor)
    assert client.get(reverse("mentoring:mentee", args=[world["mentorship"].pk])).status_code == 200

    logged_in(world["candidate"]).post(reverse("mentoring:end", args=[world["mentorship"].pk]))

    for method, url in _mentor_urls(world, world["mentorship"]):
        assert getattr(client, method)(url).status_code == 404, url
    assert "casey" not in client.get(reverse("mentoring:dashboard")).content.decode()


@pytest.mark.django_db
def test_everything_needs_log_in():
    for name, args in [("home", []), ("dashboard", []), ("export", []), ("mentee", [1]), ("join", ["x"])]:
        response = Client().get(reverse(f"mentoring:{name}", args=args))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_state_changing_urls_refuse_get(world, mentor):
    client = logged_in(mentor)
    m = world["mentorship"].pk
    for name, args in [("invite", []), ("link_create", []), ("accept", [m]), ("decline", [m]), ("end", [m]),
                       ("sharing", [m]), ("plan_create", [m]), ("cohort_create", []), ("cohort_assign", [m])]:  # fmt: skip
        assert client.get(reverse(f"mentoring:{name}", args=args)).status_code == 405, name
