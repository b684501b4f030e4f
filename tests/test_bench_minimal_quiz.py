"""The yardstick of `make bench` is a correct quiz: log-in required, options checked, one row per answer."""

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings

from tests.factories import QuestionFactory


@pytest.fixture
def minimal_quiz(settings, transactional_db):
    """The bench's app and URLs on top of the test settings, its table there for this test only (a table cannot
    be created inside the test's transaction on SQLite, hence a transactional test)."""
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "bench.minimal_quiz"]
    with override_settings(ROOT_URLCONF="bench.urls"):
        model = apps.get_model("minimal_quiz", "MinimalAnswer")
        with connection.schema_editor() as editor:
            editor.create_model(model)
        yield model
        with connection.schema_editor() as editor:
            editor.delete_model(model)


def test_an_answer_is_stored_once_and_leads_to_the_next_question(candidate_client, candidate, minimal_quiz):
    first, second = QuestionFactory(), QuestionFactory()
    chosen = first.choices.get(position=2)

    page = candidate_client.get(f"/minimal/{first.pk}/").content.decode()
    answered = candidate_client.post(f"/minimal/{first.pk}/answer/", {"choice": chosen.pk})

    assert f'value="{chosen.pk}"' in page
    assert answered.status_code == 302
    assert answered["Location"] == f"/minimal/{second.pk}/"
    assert list(minimal_quiz.objects.values_list("user", "choice")) == [(candidate.pk, chosen.pk)]


def test_an_option_of_another_question_is_refused(candidate_client, minimal_quiz):
    first, other = QuestionFactory(), QuestionFactory()

    answered = candidate_client.post(f"/minimal/{first.pk}/answer/", {"choice": other.choices.first().pk})

    assert answered.status_code == 400
    assert not minimal_quiz.objects.exists()


def test_it_needs_a_log_in(client, minimal_quiz):
    question = QuestionFactory()

    assert client.get(f"/minimal/{question.pk}/").status_code == 302


def test_it_starts_at_its_first_question(candidate_client, minimal_quiz):
    first, _ = QuestionFactory(), QuestionFactory()

    assert candidate_client.get("/minimal/")["Location"] == f"/minimal/{first.pk}/"


def test_candidates_may_start_elsewhere(candidate_client, minimal_quiz):
    first, second = QuestionFactory(), QuestionFactory()

    assert candidate_client.get("/minimal/?at=1")["Location"] == f"/minimal/{second.pk}/"
    assert candidate_client.get("/minimal/?at=2")["Location"] == f"/minimal/{first.pk}/"
