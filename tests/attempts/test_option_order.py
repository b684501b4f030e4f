"""Each candidate sees a question's options in an order of their own, kept wherever the question shows again."""

import json
import random
import re

import pytest
from django.urls import reverse

from apps.attempts import services
from apps.attempts.models import Answer, QuizSession, SessionQuestion
from apps.questions.models import Question
from tests.factories import CompetencyFactory, MentorshipFactory, QuestionFactory, UserFactory
from tests.quiz import option, post_answer

OPTIONS = [("Alpha", False, None), ("Bravo", False, None), ("Charlie", True, None), ("Delta", False, None)]


@pytest.fixture
def seeded_shuffle(monkeypatch):
    """A seeded shuffler: the orders below are the same on every run (SystemRandom's would not be)."""
    monkeypatch.setattr(services, "option_shuffler", random.Random(7))


@pytest.fixture
def competency(db):
    competency = CompetencyFactory(slug="web-apis")
    QuestionFactory(competency=competency, slug="webhook", options=OPTIONS)
    return competency


def _start(client, competency) -> QuizSession:
    response = client.post(
        reverse("attempts:start"),
        {"mode": "practice", "scope": "competency", "competency": competency.slug, "count": 1},
    )
    assert response.status_code == 302
    return QuizSession.objects.latest("pk")


def _question_page(client, session, position=1) -> str:
    return client.get(reverse("attempts:question", args=[session.pk, position])).content.decode()


def _shown_texts(html: str) -> list[str]:
    return re.findall(r"<p>(Alpha|Bravo|Charlie|Delta)</p>", html)


def _value_of(html: str, text: str) -> str:
    """The value the form sends for the option labelled `text`, as a browser would submit it."""
    label = re.search(rf'<label class="option"[^>]*>\s*<input[^>]*value="([^"]+)"[^<]*>(?:(?!</label>).)*<p>{text}</p>',
                      html, re.S)  # fmt: skip
    return label.group(1)


@pytest.mark.django_db
def test_two_candidates_see_their_own_orders_and_both_are_scored_right(client, competency, seeded_shuffle):
    orders, scores = [], []
    for name in ("casey", "olivia"):
        client.force_login(UserFactory(username=name))
        session = _start(client, competency)
        html = _question_page(client, session)
        orders.append(_shown_texts(html))
        assert post_answer(client, session, choice=_value_of(html, "Charlie")).status_code == 302
        scores.append(Answer.objects.get(session=session).score)

    assert orders[0] != orders[1]
    assert sorted(orders[0]) == sorted(orders[1]) == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert scores == [1, 1]


@pytest.mark.django_db
def test_the_order_is_drawn_once_and_shown_everywhere_the_question_appears(
    candidate_client, candidate, competency, seeded_shuffle, mentor
):
    MentorshipFactory(candidate=candidate, mentor=mentor)
    session = _start(candidate_client, competency)
    html = _question_page(candidate_client, session)
    order = _shown_texts(html)
    assert order != ["Alpha", "Bravo", "Charlie", "Delta"]  # this seed does move them
    assert _shown_texts(_question_page(candidate_client, session)) == order  # reloading

    post_answer(candidate_client, session, choice=_value_of(html, "Bravo"), confidence="unsure")

    assert _shown_texts(_question_page(candidate_client, session)) == order  # the feedback
    summary = candidate_client.get(reverse("attempts:summary", args=[session.pk])).content.decode()
    assert _shown_texts(summary) == order
    export = json.loads(candidate_client.get(reverse("accounts:export")).content)
    assert [o["text"] for o in export["answers"][0]["options"]] == order
    assert [o["text"] for o in export["answers"][0]["options"] if o["chosen"]] == ["Bravo"]
    mentorship = candidate.mentorships_as_candidate.get()
    candidate_client.force_login(mentor)
    mentor_view = candidate_client.get(reverse("mentoring:mentee_session", args=[mentorship.pk, session.pk]))
    mentor_view = mentor_view.content.decode()
    assert _shown_texts(mentor_view) == order


@pytest.mark.django_db
def test_true_false_keeps_true_first_and_self_ratings_keep_their_scale(candidate_client, candidate):
    competency = CompetencyFactory()
    QuestionFactory(competency=competency, kind="true_false")
    QuestionFactory(competency=competency, kind="self_rating")
    candidate_client.post(
        reverse("attempts:start"),
        {"mode": "practice", "scope": "competency", "competency": competency.slug, "count": 2},
    )
    session = QuizSession.objects.get()
    for slot in session.slots.select_related("question"):
        html = _question_page(candidate_client, session, slot.position)
        if slot.question.kind == "true_false":
            assert re.findall(r"<p>(True|False)</p>", html) == ["True", "False"]
        else:
            assert re.findall(r'name="rating" id="rating-(\d)"', html) == ["1", "2", "3", "4", "5"]
        assert slot.choice_order == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["single", "multiple", "judgement"])
def test_every_shuffled_kind_gets_orders_of_its_own(candidate, kind):
    question = QuestionFactory(kind=kind)
    orders = {tuple(services._choice_order(question)) for _ in range(30)}

    assert len(orders) > 1


@pytest.mark.django_db
def test_an_option_from_another_order_or_question_is_a_400_and_stores_nothing(
    candidate_client, candidate, other_candidate, competency
):
    session = _start(candidate_client, competency)
    other = QuestionFactory()  # of another competency: the sessions below draw only the webhook question
    candidate_client.force_login(other_candidate)
    theirs = _start(candidate_client, competency)
    their_value = _value_of(_question_page(candidate_client, theirs), "Charlie")
    candidate_client.force_login(candidate)

    refused = [
        post_answer(
            candidate_client, session, choice=their_value
        ),  # the same option, from another candidate's form
        post_answer(candidate_client, session, choice="3"),  # a position
        post_answer(
            candidate_client, session, choice=str(other.choices.get(position=2).pk)
        ),  # another question's id
    ]

    assert [r.status_code for r in refused] == [400, 400, 400]
    assert "Select a valid choice." in refused[0].content.decode()
    assert not Answer.objects.filter(session=session).exists()


@pytest.mark.django_db
def test_a_single_choice_answer_with_two_options_is_a_400(candidate_client, competency):
    session = _start(candidate_client, competency)
    html = _question_page(candidate_client, session)

    response = post_answer(
        candidate_client, session, choice=[_value_of(html, "Alpha"), _value_of(html, "Charlie")]
    )

    assert response.status_code == 400
    assert "Pick one option only." in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_a_multiple_choice_answer_is_stored_by_option_not_position(candidate_client, candidate):
    question = QuestionFactory(kind="multiple")
    session = _start(candidate_client, question.competency)
    chosen = [option(session, 1, 1), option(session, 1, 2)]

    post_answer(candidate_client, session, choice=chosen)

    answer = Answer.objects.get()
    assert answer.selected == sorted(question.choices.filter(is_correct=True).values_list("pk", flat=True))
    assert answer.score == 1


@pytest.mark.django_db
def test_the_admins_distractor_analysis_counts_per_option_whatever_the_order(
    client, competency, seeded_shuffle, staff
):
    for name in ("casey", "olivia", "omar"):
        client.force_login(UserFactory(username=name))
        session = _start(client, competency)
        html = _question_page(client, session)
        post_answer(client, session, choice=_value_of(html, "Bravo" if name == "omar" else "Charlie"))
    orders = {tuple(slot.choice_order) for slot in SessionQuestion.objects.all()}
    assert len(orders) > 1

    client.force_login(staff)
    question = Question.objects.get(slug="webhook")
    detail = client.get(reverse("admin:questions_question_change", args=[question.pk])).content.decode()

    rows = re.findall(r"<th scope='row'>(\d)\. (\w+)</th><td>(\w+)</td><td>(\d+)</td>", detail)
    assert rows == [("1", "Alpha", "wrong", "0"), ("2", "Bravo", "wrong", "1"), ("3", "Charlie", "correct", "2"),
                    ("4", "Delta", "wrong", "0")]  # fmt: skip
