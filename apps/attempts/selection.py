"""Which questions a new session asks: drawn without repeats, balanced across the scope's competencies."""

import random
from collections import Counter, defaultdict
from collections.abc import Iterable

from apps.questions.models import Question
from apps.questions.options import options_attach
from apps.readiness.services import adaptive_choose, adaptive_targets

from .items import item_facts_of
from .models import Answer, Bookmark, ReviewCard


def draw_balanced(
    *, user, competency_ids: Iterable[int], count: int, rng: random.Random | None = None
) -> list[Question]:
    """Up to `count` scored questions, taking one competency after another in turn.

    Within a competency, questions the candidate has never answered come first, in random order; then the rest.
    The draw works on ids (a stage has about 900 questions) and reads only the questions drawn.
    """
    rng = rng or random.Random()
    competency_ids = list(competency_ids)
    candidates = list(
        Question.objects.published().scored().filter(competency_id__in=competency_ids)
        .order_by("pk").values_list("pk", "competency_id")
    )  # fmt: skip
    answered = set(  # by competency, not by a list of a stage's 900 question ids (8 ms on PostgreSQL)
        Answer.objects.filter(user=user, question__competency_id__in=competency_ids)
        .order_by()  # the default ordering would join sessions and slots into the DISTINCT
        .values_list("question_id", flat=True)
        .distinct()
    )
    by_competency: dict[int, list[int]] = defaultdict(list)
    for pk, competency_id in candidates:
        by_competency[competency_id].append(pk)
    queues = []
    for questions in by_competency.values():
        rng.shuffle(questions)
        # A stable sort: unseen first, and still shuffled within each group.
        queues.append(sorted(questions, key=lambda pk: pk in answered))
    rng.shuffle(queues)  # no competency always leads
    drawn: list[int] = []
    while len(drawn) < count and any(queues):
        for queue in queues:
            if queue and len(drawn) < count:
                drawn.append(queue.pop(0))
    questions = Question.objects.in_bulk(drawn)
    return [questions[pk] for pk in drawn]


def self_rating_to_ask(*, user, competency_id: int) -> Question | None:
    """The competency's self-rating question, if the candidate has never rated themselves on it."""
    question = (
        Question.objects.published()
        .filter(kind=Question.Kind.SELF_RATING, competency_id=competency_id)
        .first()
    )
    if question is None or Answer.objects.filter(user=user, question__competency_id=competency_id,
                                                   question__kind=Question.Kind.SELF_RATING).exists():  # fmt: skip
        return None
    return question


def draw_due(*, user, now, count: int) -> list[Question]:
    cards = ReviewCard.objects.filter(user=user, due__lte=now, question__status=Question.Status.PUBLISHED)
    return [card.question for card in cards.select_related("question").order_by("due")[:count]]


def draw_bookmarked(*, user, count: int, rng: random.Random | None = None) -> list[Question]:
    bookmarks = Bookmark.objects.filter(user=user, question__status=Question.Status.PUBLISHED).select_related(
        "question"
    )
    questions = [b.question for b in bookmarks if b.question.kind != Question.Kind.SELF_RATING]
    (rng or random.Random()).shuffle(questions)
    return questions[:count]


def next_adaptive(*, session, rng: random.Random | None = None) -> Question | None:
    """The most informative question at the candidate's current estimates for the stage, among those not yet
    asked in this assessment: readiness sets the targets and chooses (readiness.services.adaptive_targets,
    adaptive_choose). Open and self-rating questions are left out: they are not scored at once, so they cannot
    steer the next choice."""
    asked = list(session.slots.values_list("question_id", "question__competency_id"))
    administered = Counter(competency_id for _, competency_id in asked)
    targets = adaptive_targets(user_id=session.user_id, stage_id=session.stage_id, administered=administered)
    facts = item_facts_of(
        Question.objects.published()
        .scored()
        .exclude(kind=Question.Kind.OPEN)
        .filter(competency_id__in=targets)
        .exclude(pk__in=[question_id for question_id, _ in asked])
    )
    chosen = adaptive_choose(candidates=facts.items(), targets=targets, rng=rng or random.Random())
    if chosen is None:
        return None
    question = Question.objects.get(pk=chosen)
    options_attach([question])  # for the options' order, from the process's copy where it has one
    return question
