"""Questions and options keep their Markdown rendered beside it (models.StoredMarkdown): pages show the stored HTML
and render nothing, and never show HTML that no longer matches the text or the renderer."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.attempts.models import QuizSession
from apps.questions import markdown
from apps.questions.models import Choice, Question
from apps.questions.services import stored_markdown_refresh
from tests.factories import QuestionFactory, UserFactory
from tests.quiz import logged_in


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The texts Markdown is run on from here on (the process's memo of renderings cleared first)."""
    rendered: list[str] = []
    real = markdown.markdown_lib.markdown

    def counting(text, **kwargs):
        rendered.append(text)
        return real(text, **kwargs)

    markdown.render_markdown.cache_clear()
    monkeypatch.setattr(markdown.markdown_lib, "markdown", counting)
    yield rendered
    markdown.render_markdown.cache_clear()


@pytest.fixture
def question(db) -> Question:
    return QuestionFactory(
        stem="Which **status** fits?",
        options=[("`201 Created`", True, None), ("`200 OK`", False, None), ("`204 No Content`", False, None)],
    )


def _fresh(question: Question) -> Question:
    return Question.objects.prefetch_related("choices").get(pk=question.pk)


def _question_page(question: Question) -> str:
    client = logged_in(UserFactory())
    client.post(
        reverse("attempts:start"),
        {"mode": "practice", "scope": "competency", "competency": question.competency.slug, "count": 1},
    )
    session = QuizSession.objects.latest("pk")
    return client.get(reverse("attempts:question", args=[session.pk, 1])).content.decode()


@pytest.mark.django_db
def test_the_question_page_shows_stored_html_and_renders_nothing(question, renders):
    html = _question_page(question)

    assert "Which <strong>status</strong> fits?" in html
    assert "<code>201 Created</code>" in html
    assert "<code>204 No Content</code>" in html
    assert renders == []


@pytest.mark.django_db
def test_a_text_changed_without_save_shows_as_it_now_is(question, renders):
    Question.objects.filter(pk=question.pk).update(stem="Which *method* fits?")
    Choice.objects.filter(question=question, position=1).update(text="`PUT`")

    fresh = _fresh(question)

    assert fresh.html["stem"] == "<p>Which <em>method</em> fits?</p>"
    assert fresh.choices.all()[0].html["text"] == "<p><code>PUT</code></p>"
    assert renders == ["Which *method* fits?", "`PUT`"]


@pytest.mark.django_db
def test_a_save_renders_what_changed_even_when_it_names_the_fields(question):
    question.stem = "Which *verb* fits?"
    question.save(update_fields=["stem"])

    stored = Question.objects.values_list("rendered", flat=True).get(pk=question.pk)
    assert stored["stem"] == [
        markdown.rendering_key("Which *verb* fits?"),
        "<p>Which <em>verb</em> fits?</p>",
    ]


@pytest.mark.django_db
def test_a_new_renderer_renders_on_the_page_until_the_refresh_stores_it(question, renders, monkeypatch):
    monkeypatch.setattr(markdown, "RENDERER", "a-new-renderer")

    assert _fresh(question).html["stem"] == "<p>Which <strong>status</strong> fits?</p>"
    assert "Which **status** fits?" in renders  # rendered, not taken from storage

    assert stored_markdown_refresh() == 1 + 3  # the question and its three options
    assert stored_markdown_refresh() == 0
    renders.clear()
    markdown.render_markdown.cache_clear()
    fresh = _fresh(question)
    assert fresh.html["stem"] == "<p>Which <strong>status</strong> fits?</p>"
    assert fresh.choices.all()[0].html["text"] == "<p><code>201 Created</code></p>"
    assert renders == []


@pytest.mark.django_db
def test_load_content_stores_every_rendering(capsys):
    call_command("load_content")

    assert "Stored Markdown: 0 rows rendered again" in capsys.readouterr().out
    assert not Question.objects.filter(rendered={}).exists()
    assert not Choice.objects.filter(rendered={}).exists()
