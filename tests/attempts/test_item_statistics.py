"""Item statistics for authors: facility, discrimination and time from first answers (rebuilt nightly), flags, and
recalibration."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.attempts.admin import item_flags
from apps.attempts.items import item_statistics_rebuild
from apps.attempts.models import ItemStatistics
from apps.attempts.services import slot_mark_shown
from tests.factories import ProblemReportFactory, QuestionFactory, QuizSessionFactory, UserFactory
from tests.quiz import answer_question


def _answer(user, question, *, right: bool, clock, seconds=20):
    session = QuizSessionFactory(user=user, questions=[question])
    slot_mark_shown(slot=session.slots.select_related("question").get())
    clock.advance(seconds=seconds)
    answer_question(session, pick=2 if right else 1, confidence="fairly_sure")


def test_the_sums_give_facility_discrimination_and_time():
    statistics = ItemStatistics()
    for score, ability in [(1, 1.0), (1, 0.5), (0, -0.5), (0, -1.0)]:
        statistics.add(score=score, ability=ability, seconds=30)

    assert statistics.facility == 0.5
    assert statistics.mean_seconds == 30
    assert statistics.discrimination == pytest.approx(0.9487, abs=1e-3)  # strong candidates right, weak wrong


@pytest.mark.django_db
def test_the_nightly_run_counts_each_candidates_first_answer_once(role_profile, clock):
    question = QuestionFactory(competency=role_profile.competencies.get(slug="web-apis"))
    users = [UserFactory() for _ in range(4)]
    for n, user in enumerate(users):
        _answer(user, question, right=n % 2 == 0, clock=clock, seconds=10 * (n + 1))
    _answer(users[1], question, right=True, clock=clock, seconds=99)  # a repeat: memory, not the item
    assert not ItemStatistics.objects.exists()  # the answer path writes none

    call_command("recalibrate_items", stdout=io.StringIO())
    call_command("recalibrate_items", stdout=io.StringIO())  # a second run counts nothing twice

    statistics = ItemStatistics.objects.get(question=question)
    assert statistics.attempts == 4
    assert statistics.facility == 0.5
    assert statistics.mean_seconds == 25


@pytest.mark.django_db
def test_discrimination_is_positive_when_the_stronger_candidates_get_it_right(role_profile, clock):
    from apps.readiness.models import CompetencyAbility

    competency = role_profile.competencies.get(slug="web-apis")
    question = QuestionFactory(competency=competency)
    users = [UserFactory() for _ in range(6)]
    for n, user in enumerate(users):
        _answer(user, question, right=n >= 3, clock=clock)
        CompetencyAbility.objects.update_or_create(
            user=user, competency=competency, defaults={"theta": -1.0 + 0.4 * n, "variance": 0.3}
        )

    item_statistics_rebuild()

    assert ItemStatistics.objects.get(question=question).discrimination > 0.8


def test_flags_need_enough_answers():
    few = ItemStatistics(attempts=5, facility=0.99, discrimination=-0.3)
    many = ItemStatistics(attempts=40, facility=0.99, discrimination=-0.3)

    assert item_flags(few) == []
    assert item_flags(many) == ["negative discrimination", "almost everyone right"]


@pytest.mark.django_db
def test_the_question_admin_shows_and_sorts_by_statistics(staff_client):
    weak = QuestionFactory(slug="weak-item")
    good = QuestionFactory(slug="good-item")
    ItemStatistics.objects.create(
        question=weak, attempts=40, facility=0.5, discrimination=-0.2, mean_seconds=40
    )
    ItemStatistics.objects.create(
        question=good, attempts=40, facility=0.6, discrimination=0.4, mean_seconds=30
    )
    ProblemReportFactory(question=weak)

    # Sorted by the 11th column: discrimination.
    response = staff_client.get(reverse("admin:questions_question_changelist"), {"o": "11"})
    flagged = staff_client.get(reverse("admin:questions_question_changelist"), {"flagged": "yes"})
    detail = staff_client.get(reverse("admin:questions_question_change", args=[weak.pk])).content.decode()

    html = response.content.decode()
    assert html.index("weak-item") < html.index("good-item")
    assert "negative discrimination" in html
    assert [q.slug for q in flagged.context["cl"].result_list] == ["weak-item"]
    assert "Point-biserial" in detail or "point-biserial" in detail


@pytest.mark.django_db
def test_recalibration_moves_an_item_everyone_gets_right_towards_easy(role_profile, clock):
    question = QuestionFactory(competency=role_profile.competencies.get(slug="web-apis"), difficulty=5)
    for _ in range(30):
        _answer(UserFactory(), question, right=True, clock=clock)

    call_command("recalibrate_items")

    question.refresh_from_db()
    assert question.irt_b < 2.0  # authored as the hardest; answers say otherwise
