"""Export questions from the admin, empty the bank, import the file back: nothing may be lost or changed."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.questions.models import Question
from tests.factories import CareerStageFactory, CompetencyFactory, QuestionFactory

FORMATS = {"csv": 0, "json": 1, "yaml": 2}


def _snapshot() -> dict:
    return {
        q.slug: (
            q.competency.slug,
            q.kind,
            q.difficulty,
            q.stage.slug if q.stage else None,
            q.status,
            q.stem,
            q.explanation,
            q.model_answer,
            q.key_points,
            q.references,
            [(c.position, c.text, c.is_correct, c.score, c.rationale) for c in q.choices.all()],
        )
        for q in Question.objects.select_related("competency", "stage").prefetch_related("choices")
    }


def _form_data(form) -> dict:
    """What a browser would post back for `form` as the page showed it."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is True:
            data[name] = "on"
        elif value not in (None, False, ""):
            data[name] = value
    return data


def _export(client, file_format: str) -> bytes:
    url = reverse("admin:questions_question_export")
    data = _form_data(client.get(url).context["form"]) | {"format": FORMATS[file_format]}
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def _import(client, file_format: str, content: bytes):
    upload = SimpleUploadedFile(f"questions.{file_format}", content)
    response = client.post(
        reverse("admin:questions_question_import"),
        {"import_file": upload, "format": FORMATS[file_format], "resource": 0},
    )
    assert response.status_code == 200
    result = response.context["result"]
    if result.has_errors() or result.has_validation_errors():
        return response
    confirm = _form_data(response.context["confirm_form"])
    return client.post(reverse("admin:questions_question_process_import"), confirm, follow=True)


@pytest.fixture
def varied_bank(db):
    """One question of every kind, with Markdown, unicode and commas that a CSV must survive."""
    competency = CompetencyFactory(slug="web-apis")
    stage = CareerStageFactory(slug="backend-engineer", profile=competency.profile)
    QuestionFactory(
        slug="q-single", competency=competency, stage=stage, stem="Pick one, then **explain** — café"
    )
    QuestionFactory(slug="q-multiple", competency=competency, kind="multiple", status="draft")
    QuestionFactory(slug="q-true-false", competency=competency, kind="true_false")
    QuestionFactory(slug="q-judgement", competency=competency, kind="judgement", difficulty=5)
    QuestionFactory(slug="q-self", competency=competency, kind="self_rating", references=[])
    QuestionFactory(
        slug="q-open",
        competency=competency,
        kind="open",
        model_answer='Use "idempotency keys":\n\n```python\nkey = request.headers["Idempotency-Key"]\n```',
        key_points=["Store the first response", "Replay it on retry, with the same status"],
    )
    return _snapshot()


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", FORMATS)
def test_export_then_import_into_an_empty_bank_loses_nothing(staff_client, varied_bank, file_format):
    exported = _export(staff_client, file_format)
    Question.objects.all().delete()

    _import(staff_client, file_format, exported)

    assert _snapshot() == varied_bank
    assert Question.objects.get(slug="q-judgement").choices.get(position=2).score == Decimal("1.00")


@pytest.mark.django_db
def test_reimporting_an_unchanged_export_keeps_every_version(staff_client, varied_bank):
    from apps.questions.services import question_record_revision

    for question in Question.objects.all():
        question_record_revision(question=question)

    _import(staff_client, "json", _export(staff_client, "json"))

    assert set(Question.objects.values_list("version", flat=True)) == {1}


@pytest.mark.django_db
def test_an_import_of_an_unpublishable_question_is_refused_whole(staff_client, varied_bank):
    exported = _export(staff_client, "csv").decode()
    broken = exported.replace('""correct"": false', '""correct"": true')

    response = _import(staff_client, "csv", broken.encode())

    assert response.context["result"].has_validation_errors()
    assert "exactly one correct option" in response.content.decode()
    assert _snapshot() == varied_bank
