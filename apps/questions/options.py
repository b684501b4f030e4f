"""A question's options, read once per process for each state of the question and kept.

A question page and its answer both need the options (to show them, to score the answer), and the bank is about a
thousand questions: reading them from the database on every request was one statement of each. Options change only
through the question's admin or an import, and either changes what the key below is made of: the version and the
content digest move with what candidates see, `updated_at` with any save of the question (the admin saves it with
its options, even when they come back the same). A question never recorded has no digest; its options are read.
"""

import threading
from collections import OrderedDict
from collections.abc import Iterable

from django.db.models import prefetch_related_objects

from .models import Choice, Question

# A bank of about 1,000 questions, each kept once per state a process sees: room for every one of them twice.
KEPT = 2048


def options_attach(questions: Iterable[Question]) -> None:
    """Give each question its options as if prefetched: `question.choices.all()` then reads no row. What the
    process has not kept yet is read in one query, and so are the options of questions never recorded."""
    questions = list(questions)
    prefetch_related_objects([q for q in questions if not q.content_digest], "choices")
    recorded = [q for q in questions if q.content_digest]
    options = _kept_options([_key(q) for q in recorded])
    for question in recorded:
        queryset = question.choices.all()
        queryset._result_cache = list(options[_key(question)])  # what prefetch_related leaves behind
        queryset._prefetch_done = True
        question._prefetched_objects_cache = {
            **getattr(question, "_prefetched_objects_cache", {}),
            "choices": queryset,
        }


# (question id, version, content digest, last save) -> its options in the author's order, least recently used first.
# Shared by every request of the process (and its threads, hence the lock): read them, never change them.
_kept: OrderedDict[tuple, tuple[Choice, ...]] = OrderedDict()
_lock = threading.Lock()


def _key(question: Question) -> tuple:
    return (question.pk, question.version, question.content_digest, question.updated_at)


def _kept_options(keys: list[tuple]) -> dict[tuple, tuple[Choice, ...]]:
    with _lock:
        found = {key: _kept[key] for key in keys if key in _kept}
    missing = [key for key in keys if key not in found]
    if missing:
        read: dict[int, list[Choice]] = {}
        for choice in Choice.objects.filter(question_id__in=[key[0] for key in missing]):
            read.setdefault(choice.question_id, []).append(choice)
        found |= {key: tuple(read.get(key[0], ())) for key in missing}
    with _lock:
        for key in keys:
            _kept[key] = found[key]  # kept, or kept again as the most recently used
            _kept.move_to_end(key)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return found
