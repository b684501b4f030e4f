"""Questions and answers as readiness sees them: plain values (`ItemFacts`, an `AnswerHistory`), so that readiness,
a floor below, never reads a question or an answer itself."""

from collections.abc import Iterable, Iterator

from django.db.models import Count

from apps.questions.models import Question
from apps.readiness.services import ItemFacts

from .models import Answer


def item_facts(question: Question) -> ItemFacts:
    """What readiness needs to know of `question` (its options prefetched on the answer path; open questions and
    self-ratings are no items, and their options are not read)."""
    options = question.choices.all() if question.has_choices else ()
    return ItemFacts(
        competency_id=question.competency_id,
        kind=question.kind,
        difficulty=question.difficulty,
        options=tuple((c.is_correct, None if c.score is None else float(c.score)) for c in options),
        a=question.irt_a,
        b=question.irt_b,
    )


def first_answers(question: Question) -> dict[int, float]:
    """user id -> the score of their first scored answer to `question`, in the order they answered."""
    first: dict[int, float] = {}
    answers = Answer.objects.filter(question=question, score__isnull=False).order_by("answered_at")
    for user_id, score in answers.values_list("user_id", "score"):
        first.setdefault(user_id, float(score))
    return first


class StoredAnswers:
    """The stored answers that enter the ability estimate, for the nightly recalibration (readiness.services
    .AnswerHistory): scored answers to choice questions."""

    def items(self, competency_ids: list[int]) -> dict[int, ItemFacts]:
        questions = Question.objects.filter(competency_id__in=competency_ids, kind__in=Question.CHOICE_KINDS)
        return {question.pk: item_facts(question) for question in questions.prefetch_related("choices")}

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
