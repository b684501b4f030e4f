"""Comment threads: the comments of one mentorship on one answer. Two mentors of the same candidate never see each
other's threads; a mentor sees none once the candidate stops sharing open answers or the mentorship ends; reading
one thread marks nothing read in another."""

import pytest
from django.urls import reverse

from apps.mentoring.models import Comment
from tests.factories import (
    AnswerFactory,
    CommentFactory,
    MentorshipFactory,
    QuestionFactory,
    QuizSessionFactory,
    UserFactory,
)
from tests.quiz import logged_in


@pytest.fixture
def two_threads(candidate, mentor):
    """Casey's open answer with a thread for each of two mentors, maya and bruno, both still unread."""
    maya = MentorshipFactory(candidate=candidate, mentor=mentor, share_open_answers=True)
    bruno = MentorshipFactory(
        candidate=candidate, mentor=UserFactory(username="bruno"), share_open_answers=True
    )
    session = QuizSessionFactory(
        user=candidate,
        questions=[QuestionFactory(kind="open", model_answer="A", key_points=["A"])],
        finished_at="2026-11-27T10:00:00Z",
    )
    answer = AnswerFactory(slot=session.slots.get(), text="Use a queue.", selected=[], score=None)
    comments = {
        "maya asks": CommentFactory(mentorship=maya, answer=answer, text="maya asks: which queue?"),
        "reply to maya": CommentFactory(
            mentorship=maya, answer=answer, author=candidate, text="reply to maya: SQS"
        ),
        "bruno asks": CommentFactory(mentorship=bruno, answer=answer, text="bruno asks: why a queue?"),
        "reply to bruno": CommentFactory(
            mentorship=bruno, answer=answer, author=candidate, text="reply to bruno: decoupling"
        ),
    }
    return {"maya": maya, "bruno": bruno, "session": session, "answer": answer, "comments": comments}


def _thread_url(mentorship, answer) -> str:
    return reverse("mentoring:mentee_answer", args=[mentorship.pk, answer.pk])


def _summary_url(mentorship, session) -> str:
    return reverse("mentoring:mentee_session", args=[mentorship.pk, session.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reader", "theirs", "not_theirs"), [("maya", "maya", "bruno"), ("bruno", "bruno", "maya")]
)
@pytest.mark.parametrize(
    "page", [_thread_url, lambda m, a: _summary_url(m, a.session)], ids=["thread", "summary"]
)
def test_a_mentor_sees_only_their_own_thread(two_threads, reader, theirs, not_theirs, page):
    mentorship = two_threads[reader]

    html = logged_in(mentorship.mentor).get(page(mentorship, two_threads["answer"])).content.decode()

    assert f"{theirs} asks" in html
    assert f"reply to {theirs}" in html
    assert f"{not_theirs} asks" not in html
    assert f"reply to {not_theirs}" not in html


@pytest.mark.django_db
def test_a_mentor_reading_their_thread_marks_nothing_read_in_another(two_threads, candidate_client):
    bruno = two_threads["bruno"]

    logged_in(bruno.mentor).get(_thread_url(bruno, two_threads["answer"]))

    unread = set(Comment.objects.filter(read_at__isnull=True).values_list("text", flat=True))
    assert unread == {"maya asks: which queue?", "reply to maya: SQS", "bruno asks: why a queue?"}
    # maya's comment is still new for casey:
    assert "maya on" in candidate_client.get(reverse("attempts:dashboard")).content.decode()


@pytest.mark.django_db
def test_a_mentor_posting_marks_nothing_read_in_another_thread(two_threads):
    maya = two_threads["maya"]

    logged_in(maya.mentor).post(
        _thread_url(maya, two_threads["answer"]), {"text": "And the retries?"}, follow=True
    )

    assert Comment.objects.get(text="And the retries?").mentorship == maya
    assert Comment.objects.get(text="reply to maya: SQS").read_at is not None
    assert Comment.objects.get(text="reply to bruno: decoupling").read_at is None


@pytest.mark.django_db
def test_the_candidate_sees_each_mentors_thread_apart(two_threads, candidate_client):
    response = candidate_client.get(reverse("mentoring:my_answer", args=[two_threads["answer"].pk]))

    threads = [
        (t["mentorship"].mentor.username, [c.text.split(":")[0] for c in t["comments"]])
        for t in response.context["threads"]
    ]
    assert threads == [("maya", ["maya asks", "reply to maya"]), ("bruno", ["bruno asks", "reply to bruno"])]
    html = response.content.decode()
    assert "Thread with maya" in html
    assert "Thread with bruno" in html
    assert not Comment.objects.exclude(author__username="casey").filter(read_at__isnull=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("to", ["maya", "bruno"])
def test_the_candidates_reply_goes_into_the_chosen_thread_only(two_threads, candidate_client, to):
    other = "bruno" if to == "maya" else "maya"

    reply = candidate_client.post(
        reverse("mentoring:my_answer", args=[two_threads["answer"].pk]),
        {"text": "One more thing", "mentorship": two_threads[to].pk},
    )

    assert reply.status_code == 302
    assert Comment.objects.get(text="One more thing").mentorship == two_threads[to]
    seen_by_other = logged_in(two_threads[other].mentor).get(
        _thread_url(two_threads[other], two_threads["answer"])
    )
    assert "One more thing" not in seen_by_other.content.decode()


@pytest.mark.django_db
def test_the_candidate_cannot_reply_into_someone_elses_thread(two_threads, candidate_client):
    foreign = MentorshipFactory(share_open_answers=True)  # another candidate's mentorship
    url = reverse("mentoring:my_answer", args=[two_threads["answer"].pk])

    for target in [foreign.pk, "", "x", 0]:
        response = candidate_client.post(url, {"text": "Hello?", "mentorship": target})
        assert response.status_code == 404, target
    assert not Comment.objects.filter(text="Hello?").exists()


def _stop_sharing(candidate_client, mentorship) -> None:
    candidate_client.post(reverse("mentoring:sharing", args=[mentorship.pk]), {})


def _end(candidate_client, mentorship) -> None:
    candidate_client.post(reverse("mentoring:end", args=[mentorship.pk]))


@pytest.mark.django_db
@pytest.mark.parametrize("stop", [_stop_sharing, _end], ids=["sharing-stopped", "ended"])
def test_once_the_candidate_stops_sharing_or_ends_the_mentor_sees_no_thread(
    two_threads, candidate_client, stop
):
    maya, answer = two_threads["maya"], two_threads["answer"]
    mentor = logged_in(maya.mentor)
    assert mentor.get(_thread_url(maya, answer)).status_code == 200

    stop(candidate_client, maya)

    assert mentor.get(_thread_url(maya, answer)).status_code == 404
    assert mentor.post(_thread_url(maya, answer), {"text": "Still there?"}).status_code == 404
    summary = mentor.get(_summary_url(maya, two_threads["session"]))
    if summary.status_code == 200:  # sharing stopped: the summary is still theirs, the thread is not
        html = summary.content.decode()
        assert "maya asks" not in html
        assert "reply to maya" not in html
        assert _thread_url(maya, answer) not in html  # no "Reply" link that leads to a 404
    else:
        assert summary.status_code == 404
    assert not Comment.objects.filter(text="Still there?").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("stop", [_stop_sharing, _end], ids=["sharing-stopped", "ended"])
def test_a_closed_thread_takes_no_reply_from_the_candidate(two_threads, candidate_client, stop):
    maya, answer = two_threads["maya"], two_threads["answer"]
    stop(candidate_client, maya)
    url = reverse("mentoring:my_answer", args=[answer.pk])

    page = candidate_client.get(url)
    reply = candidate_client.post(url, {"text": "Are you there?", "mentorship": maya.pk})

    forms = {t["mentorship"].mentor.username: "form" in t for t in page.context["threads"]}
    assert forms == {"maya": False, "bruno": True}  # the history stays the candidate's; the reply form goes
    assert "maya no longer sees this answer" in page.content.decode()
    assert reply.status_code == 404
    assert not Comment.objects.filter(text="Are you there?").exists()


@pytest.mark.django_db
def test_a_refused_reply_marks_nothing_read(two_threads, candidate_client):
    maya = two_threads["maya"]

    refused = logged_in(maya.mentor).post(_thread_url(maya, two_threads["answer"]), {"text": ""})

    assert refused.status_code == 400
    assert Comment.objects.get(text="reply to maya: SQS").read_at is None


@pytest.mark.django_db
def test_the_candidates_own_summary_shows_every_thread(two_threads, candidate_client):
    html = candidate_client.get(
        reverse("attempts:summary", args=[two_threads["session"].pk])
    ).content.decode()

    for text in two_threads["comments"]:
        assert text in html
