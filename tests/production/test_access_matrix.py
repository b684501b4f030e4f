"""The access-control matrix: every URL pattern of the project, tried by every persona.

Personas: anonymous; the owner (a candidate whose session, answers and mentorships the URLs point at); another
candidate; the owner's active mentor; an ex-mentor of the owner; a mentor of someone else (the other candidate's
mentor); a mentor of the owner whose sharing was revoked (the owner stopped sharing open answers with them); a staff
user. A URL added to the project without a row here fails `test_every_url_pattern_is_in_the_matrix`; a row named
"<url name> post" tries a second method on the same URL.

The thread URLs (an answer's comments, a session summary that shows them) point, for the mentor of someone else and
for the revoked mentor, at their own mentorship with the owner's answer or session: the way in they would try.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from apps.mentoring.models import Mentorship
from tests.factories import (
    AnswerFactory,
    CohortFactory,
    CommentFactory,
    InvitationLinkFactory,
    MentorshipFactory,
    PracticePlanFactory,
    QuestionFactory,
    QuizSessionFactory,
    UserFactory,
)
from tests.quiz import logged_in

# The order requests are made in: those who must be refused first, so that a permitted state change comes last.
PERSONAS = ("anonymous", "other", "ex_mentor", "other_mentor", "revoked", "staff", "mentor", "owner")
LOGIN = 302  # to the log-in page


@dataclass(frozen=True)
class Row:
    method: str
    url: Callable[[dict], str]
    expected: dict  # persona -> status code
    data: Callable[[dict], dict] = lambda world: {}


def everyone(code: int, *, anonymous: int = LOGIN) -> dict:
    return {persona: code for persona in PERSONAS} | {"anonymous": anonymous}


def only(codes: dict, *, others: int = 404, anonymous: int = LOGIN) -> dict:
    return everyone(others, anonymous=anonymous) | codes


def url(name: str, *keys: str) -> Callable[[dict], str]:
    return lambda world: reverse(name, args=[world[key] for key in keys])


MATRIX: dict[str, Row] = {
    "home": Row("get", url("home"), everyone(302, anonymous=200)),
    "healthz": Row("get", url("healthz"), everyone(200, anonymous=200)),
    # accounts
    "accounts:signup": Row("get", url("accounts:signup"), everyone(302, anonymous=200)),
    "accounts:login": Row("get", url("accounts:login"), everyone(302, anonymous=200)),
    "accounts:logout": Row("get", url("accounts:logout"), everyone(405, anonymous=405)),
    "accounts:account": Row("get", url("accounts:account"), everyone(200)),
    "accounts:export": Row("get", url("accounts:export"), everyone(200)),
    "accounts:delete": Row("get", url("accounts:delete"), everyone(200)),
    "accounts:password_change": Row("get", url("accounts:password_change"), everyone(200)),
    "accounts:password_change_done": Row("get", url("accounts:password_change_done"), everyone(200)),
    "accounts:password_reset": Row("get", url("accounts:password_reset"), everyone(200, anonymous=200)),
    "accounts:password_reset_done": Row(
        "get", url("accounts:password_reset_done"), everyone(200, anonymous=200)
    ),
    "accounts:password_reset_confirm": Row(
        "get",
        lambda w: reverse("accounts:password_reset_confirm", args=["MQ", "forged-token"]),
        everyone(200, anonymous=200),
    ),
    "accounts:password_reset_complete": Row(
        "get", url("accounts:password_reset_complete"), everyone(200, anonymous=200)
    ),
    # the role profile
    "competencies:profile": Row("get", url("competencies:profile"), everyone(200)),
    "competencies:competency": Row("get", url("competencies:competency", "competency_slug"), everyone(200)),
    # practice: pages about one's own things
    "attempts:dashboard": Row("get", url("attempts:dashboard"), everyone(200)),
    "attempts:set_target": Row("post", url("attempts:set_target"), everyone(302)),
    "attempts:start": Row("post", url("attempts:start"), everyone(400)),
    "attempts:bookmarks": Row("get", url("attempts:bookmarks"), everyone(200)),
    "readiness:page": Row("get", url("readiness:page"), everyone(200)),
    # practice: the owner's session, answers and questions
    "attempts:resume": Row("get", url("attempts:resume", "open_session"), only({"owner": 302})),
    "attempts:question": Row(
        "get", lambda w: reverse("attempts:question", args=[w["open_session"], 1]), only({"owner": 200})
    ),
    "attempts:answer": Row(
        "post", lambda w: reverse("attempts:answer", args=[w["open_session"], 1]), only({"owner": 400})
    ),
    "attempts:grade": Row(
        "post", lambda w: reverse("attempts:grade", args=[w["finished_session"], 1]), only({"owner": 302})
    ),
    "attempts:stop": Row("post", url("attempts:stop", "open_session"), only({"owner": 302})),
    "attempts:summary": Row("get", url("attempts:summary", "finished_session"), only({"owner": 200})),
    "attempts:bookmark": Row("post", url("attempts:bookmark", "question"), only({"owner": 302})),
    "attempts:report": Row("get", url("attempts:report", "question"), only({"owner": 200})),
    # mentoring: the candidate's side
    "mentoring:home": Row("get", url("mentoring:home"), everyone(200)),
    "mentoring:invite": Row("post", url("mentoring:invite"), everyone(302)),
    "mentoring:link_create": Row("post", url("mentoring:link_create"), everyone(302)),
    "mentoring:join": Row("get", url("mentoring:join", "link"), everyone(200)),
    "mentoring:sharing": Row("post", url("mentoring:sharing", "mentorship"), only({"owner": 302})),
    "mentoring:end": Row("post", url("mentoring:end", "mentorship"), only({"owner": 302, "mentor": 302})),
    "mentoring:my_answer": Row("get", url("mentoring:my_answer", "open_answer"), only({"owner": 200})),
    "mentoring:my_answer post": Row(
        "post",
        url("mentoring:my_answer", "open_answer"),
        only({"owner": 302}),
        data=lambda w: {"text": "A reply", "mentorship": w["mentorship"]},
    ),
    "mentoring:plan_start": Row("post", url("mentoring:plan_start", "plan"), only({"owner": 302})),
    # mentoring: answering an invitation (the mentor persona is invited by `other`)
    "mentoring:accept": Row("post", url("mentoring:accept", "invitation"), only({"mentor": 302})),
    "mentoring:decline": Row("post", url("mentoring:decline", "invitation"), only({"mentor": 302})),
    # mentoring: the mentor's side
    "mentoring:dashboard": Row("get", url("mentoring:dashboard"), everyone(200)),
    "mentoring:export": Row("get", url("mentoring:export"), everyone(200)),
    "mentoring:cohort_create": Row("post", url("mentoring:cohort_create"), everyone(302)),
    "mentoring:mentee": Row("get", url("mentoring:mentee", "mentorship"), only({"mentor": 200})),
    # sessions stay visible without sharing (their open answers and threads do not: tests/mentoring/test_threads.py)
    "mentoring:mentee_session": Row(
        "get",
        url("mentoring:mentee_session", "thread_mentorship", "finished_session"),
        only({"mentor": 200, "revoked": 200}),
    ),
    "mentoring:mentee_answer": Row(
        "get", url("mentoring:mentee_answer", "thread_mentorship", "open_answer"), only({"mentor": 200})
    ),
    "mentoring:mentee_answer post": Row(
        "post",
        url("mentoring:mentee_answer", "thread_mentorship", "open_answer"),
        only({"mentor": 302}),
        data=lambda w: {"text": "A comment"},
    ),
    # no data: the mentor gets the form back with its errors
    "mentoring:plan_create": Row("post", url("mentoring:plan_create", "mentorship"), only({"mentor": 400})),
    "mentoring:cohort_assign": Row(
        "post",
        url("mentoring:cohort_assign", "mentorship"),
        only({"mentor": 302}),
        data=lambda w: {"cohort": w["cohort"]},
    ),
}

# Django's admin is one row per kind of page: staff only; everyone else is sent to the admin log-in.
ADMIN_PAGES = [
    ("admin:index", []),
    ("admin:questions_question_changelist", []),
    ("admin:questions_question_change", ["question"]),
    ("admin:questions_question_preview", ["question"]),
    ("admin:questions_question_history", ["question"]),
    ("admin:questions_question_import", []),
    ("admin:questions_question_export", []),
    ("admin:questions_problemreport_changelist", []),
    ("admin:competencies_competency_changelist", []),
    ("admin:attempts_quizsession_changelist", []),
    ("admin:accounts_user_changelist", []),
]


def _project_url_names() -> set[str]:
    names = set()

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # covered by ADMIN_PAGES
                walk(pattern, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            else:
                names.add(namespace + pattern.name)

    walk(get_resolver())
    return names


def test_every_url_pattern_is_in_the_matrix():
    assert _project_url_names() == {name.split()[0] for name in MATRIX}


@pytest.fixture
def world(db):
    owner, other, mentor, ex_mentor, other_mentor, revoked = (
        UserFactory(username=n) for n in ("owner", "other", "mentor", "ex_mentor", "other_mentor", "revoked")
    )
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True)
    question = QuestionFactory()
    open_question = QuestionFactory(kind="open", model_answer="A", key_points=["A"])
    open_session = QuizSessionFactory(user=owner, questions=[question])
    finished = QuizSessionFactory(user=owner, questions=[open_question], finished_at="2026-11-27T10:00:00Z")
    open_answer = AnswerFactory(slot=finished.slots.get(), text="An answer", selected=[], score=None)
    mentorship = MentorshipFactory(candidate=owner, mentor=mentor, share_open_answers=True)
    MentorshipFactory(candidate=owner, mentor=ex_mentor, status=Mentorship.Status.ENDED)
    invitation = MentorshipFactory(candidate=other, mentor=mentor, status=Mentorship.Status.INVITED)
    of_someone_else = MentorshipFactory(candidate=other, mentor=other_mentor, share_open_answers=True)
    # Each mentor of the owner has a thread on the open answer; the revoked one's from while it was shared.
    no_longer_shared = MentorshipFactory(candidate=owner, mentor=revoked, share_open_answers=False)
    for thread in (mentorship, no_longer_shared):
        CommentFactory(mentorship=thread, answer=open_answer)
    users = {"owner": owner, "other": other, "mentor": mentor, "ex_mentor": ex_mentor, "staff": staff,
             "other_mentor": other_mentor, "revoked": revoked}  # fmt: skip
    return {
        "users": users,
        "question": question.pk,
        "competency_slug": question.competency.slug,
        "open_session": open_session.pk,
        "finished_session": finished.pk,
        "open_answer": open_answer.pk,
        "mentorship": mentorship.pk,
        "thread_mentorship": mentorship.pk,
        "own_mentorship": {"other_mentor": of_someone_else.pk, "revoked": no_longer_shared.pk},
        "invitation": invitation.pk,
        "plan": PracticePlanFactory(mentorship=mentorship, competencies=[question.competency]).pk,
        "cohort": CohortFactory(mentor=mentor).pk,
        "link": InvitationLinkFactory(candidate=owner).token,
    }


def _client(world: dict, persona: str) -> Client:
    return logged_in(None if persona == "anonymous" else world["users"][persona])


def _as_seen_by(world: dict, persona: str) -> dict:
    """The world with the thread URLs pointing at the persona's own mentorship, if they are a mentor of someone else
    or the revoked mentor."""
    own = world["own_mentorship"].get(persona)
    return world | {"thread_mentorship": own} if own else world


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(world, name):
    row = MATRIX[name]
    answers = {}
    for persona in PERSONAS:
        seen_by = _as_seen_by(world, persona)
        response = getattr(_client(world, persona), row.method)(row.url(seen_by), row.data(seen_by))
        answers[persona] = response.status_code

    assert answers == row.expected


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "keys"), ADMIN_PAGES)
def test_admin_pages_are_for_staff_only(world, name, keys):
    address = reverse(name, args=[world[key] for key in keys])
    for persona in PERSONAS:
        response = _client(world, persona).get(address)
        if persona == "staff":
            assert response.status_code == 200, (persona, address)
        else:
            assert response.status_code == 302, (persona, address)
            assert reverse("admin:login") in response.url
