import pytest
from django.db import IntegrityError

from apps.questions.models import Question
from tests.factories import ChoiceFactory, QuestionFactory


@pytest.mark.django_db
@pytest.mark.parametrize("difficulty", [0, 6])
def test_difficulty_runs_from_one_to_five(difficulty):
    with pytest.raises(IntegrityError):
        QuestionFactory(difficulty=difficulty)


@pytest.mark.django_db
def test_a_published_question_without_explanation_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        QuestionFactory(explanation="", status=Question.Status.PUBLISHED)


@pytest.mark.django_db
def test_a_draft_may_lack_an_explanation():
    assert QuestionFactory(explanation="", status=Question.Status.DRAFT).pk


@pytest.mark.django_db
def test_two_options_cannot_share_a_position():
    question = QuestionFactory()

    with pytest.raises(IntegrityError):
        ChoiceFactory(question=question, position=1)


@pytest.mark.django_db
@pytest.mark.parametrize("score", ["-0.10", "1.50"])
def test_judgement_scores_run_from_zero_to_one(score):
    with pytest.raises(IntegrityError):
        ChoiceFactory(score=score)


@pytest.mark.django_db
def test_published_filters_out_drafts():
    published = QuestionFactory()
    QuestionFactory(status=Question.Status.DRAFT)

    assert list(Question.objects.published()) == [published]
