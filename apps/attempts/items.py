"""Questions and answers as readiness sees them: plain values (`ItemFacts`, an `AnswerHistory`), so that readiness,
a floor below, never reads a question or an answer itself."""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import Count, QuerySet

from apps.questions.models import Choice, Question
from apps.readiness.selectors import current_abilities
from apps.readiness.services import ItemFacts

from .models import Answer, ItemStatistics


def item_facts(question: Question) -> ItemFacts:
    """What readiness needs to know of `question` (its options prefetched on the answer path; open questions and
    self-ratings are no items, and their options are not read)."""
    options = question.choices.all() if question.has_choices else ()
    return _facts(
        question.competency_id, question.kind, question.difficulty, question.irt_a, question.irt_b,
        [(c.is_correct, c.score) for c in options],
    )  # fmt: skip


def item_facts_of(questions: QuerySet[Question]) -> dict[int, ItemFacts]:
    """item_facts of each of `questions`, by id and in their order, read as plain values in two queries: an adaptive
    assessment weighs every question of the stage for each answer (about 900, with 3,500 options), and making model
    instances of them took about 200 ms (PostgreSQL, measured)."""
    with_choices = questions.filter(kind__in=Question.CHOICE_KINDS).order_by().values("pk")
    options: dict[int, list] = defaultdict(list)
    for question_id, is_correct, score in (
        Choice.objects.filter(question__in=with_choices)
        .order_by("question_id", "position")  # the options' order, as question.choices.all() gives it
        .values_list("question_id", "is_correct", "score")
    ):
        options[question_id].append((is_correct, score))
    fields = ("pk", "competency_id", "kind", "difficulty", "irt_a", "irt_b")
    return {pk: _facts(*facts, options[pk]) for pk, *facts in questions.values_list(*fields)}


def _facts(competency_id: int, kind: str, difficulty: int, a, b, options: list) -> ItemFacts:
    return ItemFacts(
        competency_id=competency_id,
        kind=kind,
        difficulty=difficulty,
        options=tuple((is_correct, None if score is None else float(score)) for is_correct, score in options),
        a=a,
        b=b,
    )


def first_answers(question: Question) -> dict[int, float]:
    """user id -> the score of their first scored answer to `question`, in the order they answered."""
    first: dict[int, float] = {}
    answers = Answer.objects.filter(question=question, score__isnull=False).order_by("answered_at")
    for user_id, score in answers.values_list("user_id", "score"):
        first.setdefault(user_id, float(score))
    return first


STATISTICS_FIELDS = [
    field.name
    for field in ItemStatistics._meta.concrete_fields
    if field.name not in ("id", "question", "updated_at")
] + ["updated_at"]


def item_statistics_rebuild() -> int:
    """Every question's statistics (ItemStatistics) from its first scored answers, in one pass over the answers and
    one statement; returns how many questions have some. Nightly, in `recalibrate_items`: the answer path does not
    lock and write a row every candidate answering the same question would wait for.

    The ability a score is correlated with (discrimination) is the respondent's current estimate for the question's
    competency, the item-total correlation of classical item analysis, which includes the answer itself."""
    abilities = current_abilities()
    statistics: dict[int, ItemStatistics] = {}
    seen: set[tuple[int, int]] = set()
    answers = (
        Answer.objects.filter(score__isnull=False)
        .order_by("answered_at", "pk")
        .values_list("user_id", "question_id", "question__competency_id", "score", "time_taken")
    )
    for user_id, question_id, competency_id, score, time_taken in answers.iterator(chunk_size=10_000):
        if (user_id, question_id) in seen:
            continue  # a repeat says more about memory than about the item
        seen.add((user_id, question_id))
        row = statistics.setdefault(question_id, ItemStatistics(question_id=question_id))
        ability = abilities.get((user_id, competency_id), 0.0)
        row.add(score=float(score), ability=ability, seconds=time_taken.total_seconds())
    with transaction.atomic():
        ItemStatistics.objects.exclude(question_id__in=list(statistics)).delete()
        ItemStatistics.objects.bulk_create(
            statistics.values(),
            batch_size=500,
            update_conflicts=True,
            unique_fields=["question"],
            update_fields=STATISTICS_FIELDS,
        )
    return len(statistics)


class StoredAnswers:
    """The stored answers that enter the ability estimate, for the nightly recalibration (readiness.services
    .AnswerHistory): scored answers to choice questions."""

    def items(self, competency_ids: list[int]) -> dict[int, ItemFacts]:
        return item_facts_of(
            Question.objects.filter(competency_id__in=competency_ids, kind__in=Question.CHOICE_KINDS)
        )

    def users_with(self, competency_ids: list[int], questions: int) -> list[int]:
        return list(
            self._estimated(competency_ids).values("user_id").annotate(questions=Count("question_id", distinct=True))
            .filter(questions__gte=questions).order_by("user_id").values_list("user_id", flat=True)
        )  # fmt: skip

    def answers(self, competency_ids: list[int], user_ids: Iterable[int]) -> Iterator[tuple[int, int, float]]:
        answers = self._estimated(competency_ids).filter(user_id__in=list(user_ids))
        rows = answers.order_by("user_id", "answered_at", "pk").values_list("user_id", "question_id", "score")
        return ((user_id, question_id, float(score)) for user_id, question_id, score in rows.iterator())

    @staticmethod
    def _estimated(competency_ids: list[int]):
        return Answer.objects.filter(
            score__isnull=False,
            question__competency_id__in=competency_ids,
            question__kind__in=Question.CHOICE_KINDS,
        )
