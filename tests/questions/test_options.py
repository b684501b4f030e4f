"""A question's options are read once per process for each state of the question, and read again as soon as an
author changes them (apps/questions/options.py)."""

import pytest

from apps.questions.models import Choice, Question
from apps.questions.options import options_attach
from apps.questions.services import question_record_revision, question_replace_choices
from tests.factories import QuestionFactory


def _options(question: Question) -> list[tuple[int, str]]:
    fresh = Question.objects.get(pk=question.pk)  # as the next request loads it
    options_attach([fresh])
    return [(choice.pk, choice.text) for choice in fresh.choices.all()]


@pytest.fixture
def recorded(db):
    question = QuestionFactory()
    question_record_revision(question=question)
    return question


@pytest.mark.django_db
def test_a_recorded_questions_options_are_read_once(recorded, django_assert_num_queries):
    first = _options(recorded)

    with django_assert_num_queries(1):  # the question itself; its options are the process's copy
        again = _options(recorded)

    assert again == first == list(recorded.choices.values_list("pk", "text"))


@pytest.mark.django_db
def test_an_edited_option_is_read_again(recorded):
    _options(recorded)
    data = [
        {
            "text": "Edited" if c.position == 1 else c.text,
            "correct": c.is_correct,
            "score": c.score,
            "rationale": c.rationale,
        }
        for c in recorded.choices.all()
    ]
    question_replace_choices(question=recorded, choices=data)
    question_record_revision(question=recorded)

    assert _options(recorded)[0][1] == "Edited"


@pytest.mark.django_db
def test_options_deleted_and_added_back_alike_are_read_again(recorded):
    _options(recorded)
    old = recorded.choices.get(position=1)
    old.delete()
    Choice.objects.create(
        question=recorded, position=1, text=old.text, is_correct=old.is_correct, rationale=old.rationale
    )
    recorded.save()  # the admin saves the question with its options: the digest is the same, the save is not

    assert _options(recorded) == list(recorded.choices.values_list("pk", "text"))


@pytest.mark.django_db
def test_a_question_never_recorded_has_its_options_read_each_time(django_assert_num_queries):
    question = QuestionFactory()
    _options(question)

    with django_assert_num_queries(2):
        _options(question)


@pytest.mark.django_db
def test_the_options_of_a_new_sessions_questions_are_read_in_one_query(django_assert_num_queries):
    questions = [QuestionFactory() for _ in range(3)]
    for question in questions:
        question_record_revision(question=question)
    fresh = list(Question.objects.filter(pk__in=[q.pk for q in questions]))

    with django_assert_num_queries(1):
        options_attach(fresh)

    assert [len(q.choices.all()) for q in fresh] == [q.choices.count() for q in questions]
