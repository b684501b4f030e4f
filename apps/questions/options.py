"""A question's options, read once per process for each state of the question and kept.

A question page and its answer both need the options (to show them, to score the answer), and the bank is about a
thousand questions: reading them from the database on every request was one statement of each. Options change only
through the question's admin or an import, and either changes what the key below is made of: the version and the
content digest move with what candidates see, `updated_at` with any save of the question (the admin saves it with
its options, even when they come back the same). A question never recorded has no digest; its options are read.
"""

import functools
from collections.abc import Iterable

from django.db.models import prefetch_related_objects

from .models import Choice, Question

# A bank of about 1,000 questions, each kept once per state a process sees: room for every one of them twice.
KEPT = 2048


def options_attach(questions: Iterable[Question]) -> None:
    """Give each question its options as if prefetched: `question.choices.all()` then reads no row. Questions never
    recorded have theirs read, in one query."""
    questions = list(questions)
    prefetch_related_objects([q for q in questions if not q.content_digest], "choices")
    for question in questions:
        if question.content_digest:
            options = _options(question.pk, question.version, question.content_digest, question.updated_at)
            queryset = question.choices.all()
            queryset._result_cache = list(options)  # what prefetch_related leaves behind
            queryset._prefetch_done = True
            question._prefetched_objects_cache = {
                **getattr(question, "_prefetched_objects_cache", {}),
                "choices": queryset,
            }


@functools.lru_cache(maxsize=KEPT)
def _options(question_id: int, version: int, digest: str, updated_at) -> tuple[Choice, ...]:
    """The options in the author's order. Shared by every request of the process: read them, never change them."""
    return tuple(Choice.objects.filter(question_id=question_id))
