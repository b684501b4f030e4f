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


@register.simple_tag
def comments_by_answer(session) -> dict:
    """{response id: [comments]} for a session's answers, in one query."""
    threads: dict[int, list] = {}
    for comment in Comment.objects.filter(response__session=session).select_related("author"):
        threads.setdefault(comment.response_id, []).append(comment)
    return threads


@register.filter
def thread_of(threads: dict, response) -> list:
    return threads.get(getattr(response, "pk", None), []) if threads else []
