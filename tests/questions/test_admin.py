"""Authoring questions through the Django admin, as a staff user does."""

import re

import pytest
from django.urls import reverse

from apps.questions.models import Question
from tests.factories import CompetencyFactory, QuestionFactory

ADD = reverse("admin:questions_question_add")
CHANGELIST = reverse("admin:questions_question_changelist")


def _question_post(competency, *, options, status="published", **overrides) -> dict:
    data = {
        "slug": "web-apis-new",
        "competency": competency.pk,
        "stage": "",
        "kind": "single",
        "difficulty": 2,
        "status": status,
        "stem": "Which status code means **created**?",
        "explanation": "201 means a resource was created. 200 is tempting but says nothing about creation.",
        "references": "RFC 9110, HTTP Semantics, section 15.3.2",
        "model_answer": "",
        "key_points": "",
        "choices-TOTAL_FORMS": len(options),
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
        **overrides,
    }
    for index, (text, correct) in enumerate(options):
        data |= {
            f"choices-{index}-position": index + 1,
            f"choices-{index}-text": text,
            f"choices-{index}-rationale": f"Why {text} is {'right' if correct else 'wrong'}.",
        }
        if correct:
            data[f"choices-{index}-is_correct"] = "on"
    return data


@pytest.mark.django_db
def test_staff_add_a_question_with_its_options(staff_client):
    competency = CompetencyFactory()

    response = staff_client.post(
        ADD, _question_post(competency, options=[("200", False), ("201", True), ("204", False)])
    )

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    question = Question.objects.get(slug="web-apis-new")
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("200", False),
        ("201", True),
        ("204", False),
    ]
    assert question.references == ["RFC 9110, HTTP Semantics, section 15.3.2"]
    assert question.version == 1
    assert question.history.first().history_user.username == "sam"


@pytest.mark.django_db
def test_an_invalid_question_cannot_be_published_and_the_form_says_why(staff_client):
    competency = CompetencyFactory()

    response = staff_client.post(ADD, _question_post(competency, options=[("200", True), ("201", True)]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "This question cannot be published yet:" in html
    assert "exactly one correct option, not 2" in html
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_the_same_question_may_be_saved_as_a_draft(staff_client):
    competency = CompetencyFactory()

    staff_client.post(ADD, _question_post(competency, options=[("200", True), ("201", True)], status="draft"))

    assert Question.objects.get().status == "draft"


@pytest.mark.django_db
def test_editing_what_candidates_see_makes_a_new_version(staff_client):
    question = QuestionFactory(slug="q")
    from apps.questions.services import question_record_revision

    question_record_revision(question=question)
    url = reverse("admin:questions_question_change", args=[question.pk])
    data = _question_post(question.competency, options=[], slug="q", stem="A clearer stem")
    data |= {"choices-TOTAL_FORMS": 3, "choices-INITIAL_FORMS": 3}
    for index, choice in enumerate(question.choices.all()):
        data |= {
            f"choices-{index}-id": choice.pk,
            f"choices-{index}-question": question.pk,
            f"choices-{index}-position": choice.position,
            f"choices-{index}-text": choice.text,
            f"choices-{index}-rationale": choice.rationale,
        }
        if choice.is_correct:
            data[f"choices-{index}-is_correct"] = "on"

    response = staff_client.post(url, data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.stem, question.version) == ("A clearer stem", 2)


@pytest.mark.django_db
def test_list_filters_and_search(staff_client):
    QuestionFactory(slug="about-kubernetes", stem="Why does a pod restart?")
    QuestionFactory(slug="about-django", stem="What does select_related do?")

    found = staff_client.get(CHANGELIST, {"q": "pod"}).context["cl"].result_list
    drafts = staff_client.get(CHANGELIST, {"status__exact": "draft"}).context["cl"].result_list

    assert [q.slug for q in found] == ["about-kubernetes"]
    assert list(drafts) == []


@pytest.mark.django_db
def test_publish_action_publishes_valid_questions_and_names_the_others(staff_client):
    valid = QuestionFactory(status="draft")
    broken = QuestionFactory(status="draft", options=[("A", True, None), ("B", True, None)])

    response = staff_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [valid.pk, broken.pk]}, follow=True
    )

    valid.refresh_from_db()
    broken.refresh_from_db()
    assert (valid.status, broken.status) == ("published", "draft")
    messages = [str(m) for m in response.context["messages"]]
    assert "Published 1 question(s)." in messages
    assert any(broken.slug in m and "exactly one correct option" in m for m in messages)


@pytest.mark.django_db
def test_unpublish_action(staff_client):
    question = QuestionFactory()

    staff_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [question.pk]})

    question.refresh_from_db()
    assert question.status == "draft"


@pytest.mark.django_db
def test_preview_renders_the_question_as_a_candidate_sees_it(staff_client):
    question = QuestionFactory(stem="Is `this` **bold**?")

    html = staff_client.get(reverse("admin:questions_question_preview", args=[question.pk])).content.decode()

    assert "Is <code>this</code> <strong>bold</strong>?" in html
    assert "Option B" in html
    assert "Not publishable yet" not in html


@pytest.mark.django_db
def test_history_shows_who_changed_a_question(staff_client):
    question = QuestionFactory()
    staff_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [question.pk]})

    html = staff_client.get(reverse("admin:questions_question_history", args=[question.pk])).content.decode()

    # The history row names the change and who made it (the page header names the user anyway).
    rows = re.findall(r"<tr[^>]*>(?:(?!</tr>).)*Unpublished(?:(?!</tr>).)*</tr>", html, re.S)
    assert len(rows) == 1
    assert ">sam<" in rows[0] or "sam</a>" in rows[0]


@pytest.mark.django_db
def test_candidates_cannot_reach_the_admin(candidate_client):
    question = QuestionFactory()

    assert candidate_client.get(CHANGELIST).status_code == 302
    assert (
        candidate_client.get(reverse("admin:questions_question_preview", args=[question.pk])).status_code
        == 302
    )


@pytest.mark.django_db
def test_role_profile_pages_are_editable(staff_client, role_profile):
    for name in ("competency", "careerstage", "area", "roleprofile"):
        assert staff_client.get(reverse(f"admin:competencies_{name}_changelist")).status_code == 200
    competency = role_profile.competencies.get(slug="web-apis")
    assert (
        staff_client.get(reverse("admin:competencies_competency_change", args=[competency.pk])).status_code
        == 200
    )


@pytest.mark.django_db
def test_history_shows_who_changed_an_option(staff_client, staff):
    question = QuestionFactory()
    choice = question.choices.get(position=1)
    choice.text = "A sharper option"
    choice._history_user = staff
    choice.save()

    html = staff_client.get(reverse("admin:questions_question_history", args=[question.pk])).content.decode()

    assert "Changes to the options" in html
    assert "A sharper option" in html
    option_rows = re.findall(r"<tr>(?:(?!</tr>).)*</tr>", html.split('id="option-history"')[1], re.S)
    assert any("<td>sam</td>" in row and "A sharper option" in row for row in option_rows)
