"""What mentoring shows on the practice pages, plugged in through apps.attempts.plugins (registered in
MentoringConfig.ready): the attempts app never imports mentoring nor names its URLs."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from . import selectors
from .models import Comment, Mentorship


def candidate_panel(request: HttpRequest) -> SafeString:
    """On the candidate's dashboard: plans from mentors, unread comments, invitations to answer (three queries)."""
    return render_to_string(
        "mentoring/_candidate_panel.html", selectors.candidate_panel(request.user), request=request
    )


def summary_threads(*, session, reader) -> dict[int, SafeString]:
    """The comment threads on a session's answers, as its reader may see them, in one query (two for a mentor).

    The candidate sees every mentor's thread; a mentor only their own mentorship's, and only while the candidate
    shares open answers with them, so that a summary never shows a thread, or a "Reply" link, its reader may not
    open."""
    comments = Comment.objects.filter(answer__session=session, mentorship__candidate_id=session.user_id)
    if reader.pk == session.user_id:
        reply = lambda answer_id: reverse("mentoring:my_answer", args=[answer_id])  # noqa: E731
    else:
        mentorship = Mentorship.objects.active().filter(mentor=reader, candidate_id=session.user_id).first()
        if mentorship is None or not mentorship.sees_open_answers:
            return {}
        comments = comments.filter(mentorship=mentorship)
        reply = lambda answer_id: reverse("mentoring:mentee_answer", args=[mentorship.pk, answer_id])  # noqa: E731
    threads: dict[int, list[Comment]] = {}
    for comment in comments.select_related("author").order_by("mentorship_id", "created_at"):
        threads.setdefault(comment.answer_id, []).append(comment)
    return {
        answer_id: render_to_string(
            "mentoring/_summary_thread.html", {"thread": thread, "reply_url": reply(answer_id)}
        )
        for answer_id, thread in threads.items()
    }
