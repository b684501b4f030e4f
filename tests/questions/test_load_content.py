"""`manage.py load_content`, which `make run` calls every time: the first run loads, later runs change nothing."""

import copy
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.competencies.models import Competency
from apps.questions.models import Question
from apps.questions.services import question_bank_sync
from tests.factories import QuestionFactory


def _bank() -> dict:
    return json.loads((settings.BASE_DIR / "fixtures" / "questions.json").read_text())


@pytest.mark.django_db
def test_the_first_run_loads_profile_and_bank(capsys):
    call_command("load_content")

    assert Competency.objects.count() == 31
    questions = _bank()["questions"]
    assert Question.objects.count() == len(questions)
    # Items still under review are loaded as drafts: candidates never get them.
    assert Question.objects.published().count() == sum(q["status"] == "published" for q in questions)
    assert "questions: " in capsys.readouterr().out


@pytest.mark.django_db
def test_the_second_run_is_a_no_op(capsys):
    call_command("load_content")
    capsys.readouterr()
    history = Question.history.count()

    with CaptureQueriesContext(connection) as queries:
        call_command("load_content")

    output = capsys.readouterr().out
    writes = [
        q["sql"]
        for q in queries
        if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))
    ]
    assert writes == []
    assert "created" not in output
    assert "updated" not in output
    assert Question.history.count() == history
    assert set(Question.objects.values_list("version", flat=True)) == {1}


@pytest.mark.django_db
def test_a_changed_question_gets_a_new_version_and_keeps_its_history(role_profile):
    bank = _bank()
    question_bank_sync(data=bank, source_name="test")
    changed = copy.deepcopy(bank)
    changed["questions"][0]["stem"] += "\n\nAssume PostgreSQL 17."

    report = question_bank_sync(data=changed, source_name="test")

    question = Question.objects.get(slug=bank["questions"][0]["id"])
    assert report[("questions", "updated")] == 1
    assert question.version == 2
    assert question.stem.endswith("Assume PostgreSQL 17.")
    assert question.history.first().history_change_reason == "Loaded from test"


@pytest.mark.django_db
def test_an_admin_edit_survives_reloading_an_unchanged_source(role_profile):
    bank = _bank()
    question_bank_sync(data=bank, source_name="test")
    Question.objects.filter(slug=bank["questions"][0]["id"]).update(stem="Edited by an author")

    question_bank_sync(data=bank, source_name="test")

    assert Question.objects.get(slug=bank["questions"][0]["id"]).stem == "Edited by an author"


@pytest.mark.django_db
def test_dropped_options_are_removed(role_profile):
    bank = _bank()
    question_bank_sync(data=bank, source_name="test")
    changed = copy.deepcopy(bank)
    single = next(q for q in changed["questions"] if q["kind"] == "single" and len(q["choices"]) > 3)
    wrong = next(i for i, c in enumerate(single["choices"]) if not c["correct"])
    del single["choices"][wrong]

    question_bank_sync(data=changed, source_name="test")

    assert Question.objects.get(slug=single["id"]).choices.count() == len(single["choices"])


@pytest.mark.django_db
def test_missing_fixtures_say_how_to_build_them(tmp_path):
    with pytest.raises(CommandError, match=r"run `manage\.py build_fixtures` first"):
        call_command("load_content", fixtures_dir=tmp_path)


@pytest.mark.django_db
def test_a_question_dropped_from_the_source_goes_back_to_draft(role_profile):
    bank = _bank()
    question_bank_sync(data=bank, source_name="test")
    admin_made = QuestionFactory(competency=Competency.objects.get(slug="web-apis"))
    dropped = bank["questions"].pop(0)

    report = question_bank_sync(data=bank, source_name="test")

    assert Question.objects.get(slug=dropped["id"]).status == "draft"
    assert Question.objects.get(pk=admin_made.pk).status == "published"  # not from the source: left alone
    assert report[("questions", "retired")] == 1
