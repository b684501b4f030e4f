"""A candidate invites a mentor, who follows their readiness, comments on an answer and assigns a plan; the
candidate sees both and starts the plan."""

import re

import pytest

from apps.attempts.services import SessionSpec, session_start
from tests.factories import (
    CareerStageFactory,
    CompetencyFactory,
    QuestionFactory,
    StageRequirementFactory,
    TargetStageFactory,
    UserFactory,
)
from tests.quiz import answer_question

pytestmark = pytest.mark.django_db(transaction=True)


def test_invite_accept_follow_comment_assign_and_start(open_page, clock):
    competency = CompetencyFactory(slug="web-apis", name="Web APIs")
    stage = CareerStageFactory(slug="backend", name="Backend engineer", profile=competency.profile)
    StageRequirementFactory(stage=stage, competency=competency)
    open_question = QuestionFactory(competency=competency, kind="open", stem="How do you make retries safe?",
                                    model_answer="Idempotency keys.", key_points=["Idempotency keys"])  # fmt: skip
    for _ in range(6):
        QuestionFactory(competency=competency)
    candidate, mentor = UserFactory(username="casey"), UserFactory(username="maya")
    TargetStageFactory(user=candidate, stage=stage)
    session = session_start(
        user=candidate, spec=SessionSpec("practice", "competency", competency=competency, count=7)
    )
    for slot in session.slots.select_related("question"):
        is_open = slot.question == open_question
        answer_question(session, slot.position, text="Retry with backoff." if is_open else "")

    me, guide = open_page(candidate), open_page(mentor)
    me.goto("/mentors/")
    me.tab.get_by_label("Mentor's username or e-mail address").fill("maya")
    me.tab.get_by_role("button", name="Send invitation").click()
    assert "Invitation sent to maya" in me.tab.inner_text("main")

    guide.goto("/mentors/")
    guide.tab.get_by_role("button", name="Accept").click()
    guide.tab.wait_for_url(re.compile(r"/mentoring/$"))
    guide.tab.get_by_role("link", name="casey").click()
    assert "How ready casey is" in guide.tab.inner_text("main")
    assert "Backend engineer" in guide.tab.inner_text("main")

    me.goto("/mentors/")
    me.tab.get_by_label("share my open answers").check()
    me.tab.get_by_role("button", name="Save").click()

    guide.tab.reload()
    guide.tab.get_by_role("link", name=re.compile("How do you make retries safe")).click()
    guide.tab.get_by_label("Comment").fill("Retries alone can double-charge: what makes them safe?")
    guide.tab.get_by_role("button", name="Post").click()
    assert "Comment posted." in guide.tab.inner_text("main")

    guide.tab.get_by_role("link", name="Back").click()
    guide.tab.get_by_label("Web APIs").check()
    guide.tab.get_by_label("Questions").fill("5")
    guide.tab.get_by_label("Due").fill("2026-12-05")
    guide.tab.get_by_role("button", name="Assign").click()
    assert "Practice plan assigned to casey" in guide.tab.inner_text("main")

    me.goto("/practice/")
    text = me.tab.inner_text("main")
    assert "New comments" in text
    assert "0 of 5 questions" in text
    me.tab.get_by_role("link", name=re.compile("maya on")).click()
    assert "what makes them safe?" in me.tab.inner_text("main")
    me.goto("/practice/")
    me.tab.get_by_role("button", name="Start this plan").click()
    me.tab.wait_for_url(re.compile(r"/sessions/\d+/1/$"))
    assert me.tab.locator("form.answer-form").count() == 1
    # No CSP violation, no failed request, no script error, for either of them:
    assert me.console_errors + guide.console_errors == []
