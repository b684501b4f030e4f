"""Mentoring pieces that other apps' pages show (the candidate's dashboard, a session summary) without those apps
importing mentoring: the templates load these tags."""

from django import template

from apps.mentoring import reading
from apps.mentoring.models import Comment

register = template.Library()


@register.inclusion_tag("mentoring/_candidate_panel.html", takes_context=True)
def mentoring_panel(context) -> dict:
    """Plans from mentors, unread comments, invitations to answer: three queries."""
    return {**reading.candidate_panel(context["request"].user), "csrf_token": context.get("csrf_token")}


@register.simple_tag(takes_context=True)
def comments_by_answer(context, session) -> dict:
    """{response id: [comments]} for a session's answers, in one query. The candidate sees every mentor's thread; a
    mentor only their own mentorship's, and only while the candidate shares open answers with them, so that a summary
    never shows a thread, or a "Reply" link to one, that its reader may not open."""
    user = getattr(context.get("request"), "user", None)
    comments = Comment.objects.filter(response__session=session, mentorship__candidate_id=session.user_id)
    if user is None or user.pk != session.user_id:
        mentorship = context.get("mentorship")
        if not (
            mentorship and mentorship.mentor_id == getattr(user, "pk", None) and mentorship.sees_open_answers
        ):
            return {}
        comments = comments.filter(mentorship=mentorship)
    threads: dict[int, list] = {}
    for comment in comments.select_related("author").order_by("mentorship_id", "created_at"):
        threads.setdefault(comment.response_id, []).append(comment)
    return threads


@register.filter
def thread_of(threads: dict, response) -> list:
    return threads.get(getattr(response, "pk", None), []) if threads else []
