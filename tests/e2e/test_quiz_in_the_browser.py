"""A candidate practising in a real browser: keyboard only, without JavaScript, against the clock, next day."""

import random
import re
from datetime import timedelta

import pytest

from apps.attempts import services
from apps.attempts.models import Answer, QuizSession
from apps.attempts.services import SessionSpec, Submission, answer_record, session_start
from tests.factories import (
    AreaFactory,
    CareerStageFactory,
    CompetencyFactory,
    QuestionFactory,
    StageRequirementFactory,
    TargetStageFactory,
    UserFactory,
)
from tests.quiz import options_at

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bank():
    """One competency, required by one stage, with six single-choice questions whose second option is right."""
    competency = CompetencyFactory(slug="web-apis", name="Web APIs")
    stage = CareerStageFactory(slug="backend", name="Backend engineer", profile=competency.profile)
    StageRequirementFactory(stage=stage, competency=competency)
    for n in range(6):
        QuestionFactory(
            competency=competency, slug=f"q{n}", stem=f"Question number {n}: which option is right?"
        )
    return {"competency": competency, "stage": stage}


@pytest.fixture
def learner(bank):
    user = UserFactory(username="kim")
    TargetStageFactory(user=user, stage=bank["stage"])
    return user


def _tab_to(tab, element_id: str) -> None:
    """Press Tab until the element has focus, as a keyboard user would."""
    for _ in range(40):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def _digit_of(tab, text: str) -> str:
    """The digit that picks the option reading `text`: options come in each candidate's own order."""
    tab.wait_for_selector("form.answer-form")
    shown = tab.locator("form.answer-form .option-text").all_inner_texts()
    return str([option.strip() for option in shown].index(text) + 1)


def _no_csp_violations(page) -> None:
    assert page.console_errors == []  # no CSP violation, no failed request, no script error


def test_a_practice_session_of_five_questions_with_the_keyboard_alone(open_page, learner, clock):
    page = open_page(learner)
    page.goto("/practice/start/")
    tab = page.tab
    _tab_to(tab, "id_scope")
    tab.keyboard.type("One")  # typing into a closed select picks the matching option
    _tab_to(tab, "id_competency")
    tab.keyboard.type("Web")
    _tab_to(tab, "id_count")
    tab.keyboard.type("5")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"/sessions/\d+/1/$"))

    for position in range(1, 6):
        tab.keyboard.press(_digit_of(tab, "Option B"))  # digits pick options, in the order shown
        tab.keyboard.press("f")  # g/u/f/c pick a confidence
        tab.keyboard.press("Enter")
        tab.wait_for_selector("#feedback .verdict-right")
        # The URL still names the answered question: a refresh shows the feedback.
        assert tab.url.endswith(f"/{position}/")
        tab.keyboard.press("n")
        if position < 5:
            tab.wait_for_url(re.compile(rf"/{position + 1}/$"))
            tab.wait_for_selector("form.answer-form")

    tab.wait_for_url(re.compile(r"/summary/$"))
    assert "5 of 5" in tab.inner_text("main")
    assert Answer.objects.filter(user=learner).count() == 5
    _no_csp_violations(page)


def test_refresh_and_back_resume_at_the_right_place(open_page, learner, clock):
    page = open_page(learner)
    session = session_start(
        user=learner,
        spec=SessionSpec(
            "practice", "competency", competency=learner.target.stage.requirements.get().competency, count=3
        ),
    )
    page.goto(f"/practice/sessions/{session.pk}/1/")
    tab = page.tab
    tab.keyboard.press(_digit_of(tab, "Option B"))
    tab.keyboard.press("c")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#feedback")
    tab.keyboard.press("n")
    tab.wait_for_url(re.compile(r"/2/$"))

    tab.go_back()
    tab.wait_for_selector("#feedback")  # question 1 shows its feedback again, not a fresh form
    tab.reload()
    assert tab.locator("#feedback").count() == 1
    _no_csp_violations(page)


def test_a_practice_session_with_javascript_disabled(open_page, learner, clock):
    page = open_page(learner, javascript=False)
    page.goto("/practice/")
    tab = page.tab
    tab.get_by_role("button", name="Practise Web APIs").click()
    tab.wait_for_url(re.compile(r"/sessions/\d+/1/$"))

    for position in (1, 2, 3):
        tab.get_by_label(re.compile("Option B")).check()
        tab.get_by_label("Certain").check()
        tab.get_by_role("button", name=re.compile("Submit answer")).click()
        tab.wait_for_selector("#feedback .verdict-right")  # a full page: Post/Redirect/Get
        tab.get_by_role("link", name=re.compile("Next question")).click()
        tab.wait_for_url(re.compile(rf"/{position + 1}/$"))

    tab.get_by_role("button", name="End this session now").click()
    tab.wait_for_url(re.compile(r"/summary/$"))
    assert "3 of 6" in tab.inner_text("main")


def test_a_mock_interview_that_runs_out_of_time(open_page, learner, clock, bank):
    page = open_page(learner)
    page.goto("/practice/start/?mode=mock")
    tab = page.tab
    tab.fill("#id_minutes", "10")
    tab.get_by_role("button", name="Start").click()
    tab.wait_for_url(re.compile(r"/sessions/\d+/1/$"))
    assert tab.locator(".countdown time").inner_text() == "10:00"
    session = QuizSession.objects.get(user=learner)

    tab.keyboard.press("1")
    tab.keyboard.press("c")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"/2/$"))  # no feedback in a mock interview: straight on
    assert tab.locator("#feedback").count() == 0

    clock.current = session.deadline - timedelta(seconds=2)
    tab.reload()
    clock.advance(seconds=3)  # the server's deadline passes while the page counts down its last two seconds
    tab.wait_for_url(re.compile(r"/summary/$"), timeout=8_000)

    text = tab.inner_text("main")
    assert "Time ran out: you answered 1 of 6 questions." in text
    session.refresh_from_db()
    assert session.ending == QuizSession.Ending.TIMED_OUT
    _no_csp_violations(page)


def test_a_review_session_the_next_day(open_page, learner, clock, bank):
    practice = session_start(
        user=learner, spec=SessionSpec("practice", "competency", competency=bank["competency"], count=2)
    )
    for slot in practice.slots.select_related("question"):
        # Both wrong.
        answer_record(
            session=practice, slot=slot, submission=Submission(options_at(slot, 1), confidence="certain")
        )
    clock.advance(days=1)

    page = open_page(learner)
    page.goto("/practice/")
    tab = page.tab
    assert "2 questions due for review." in tab.inner_text("main")
    tab.get_by_role("button", name="Review now").click()
    tab.wait_for_url(re.compile(r"/sessions/\d+/1/$"))
    for position in (1, 2):
        tab.keyboard.press(_digit_of(tab, "Option B"))
        tab.keyboard.press("c")
        tab.keyboard.press("Enter")
        tab.wait_for_selector("#feedback .verdict-right")
        tab.keyboard.press("n")
        tab.wait_for_url(re.compile(r"/2/$" if position == 1 else r"/summary/$"))

    page.goto("/practice/")
    assert "0 questions due for review." in tab.inner_text("main")
    _no_csp_violations(page)


def test_the_question_page_fits_a_phone(open_page, learner, clock, bank):
    code = "```python\nresponse = client.chat.completions.create(model=MODEL, messages=messages, timeout=30)\n```"
    bank["competency"].questions.update(stem=f"What does this call do when the provider is slow?\n\n{code}")
    session = session_start(
        user=learner, spec=SessionSpec("practice", "competency", competency=bank["competency"], count=1)
    )
    page = open_page(learner, viewport={"width": 360, "height": 740})
    page.goto(f"/practice/sessions/{session.pk}/1/")

    scroll_width = page.tab.evaluate("document.documentElement.scrollWidth")

    assert scroll_width <= 360  # nothing overflows sideways: the code block scrolls inside itself
    code = page.tab.locator(".stem .highlight pre")
    assert code.evaluate("pre => pre.scrollWidth > pre.clientWidth")
    code.focus()  # a keyboard user reaches it, and the arrow keys scroll it
    page.tab.keyboard.press("ArrowRight")
    page.tab.wait_for_function("() => document.querySelector('.stem .highlight pre').scrollLeft > 0")
    assert page.console_errors == []  # highlighted by classes: nothing the CSP blocks


def test_an_adaptive_assessment_from_start_to_verdict(open_page, clock):
    area = AreaFactory(slug="apis")
    stage = CareerStageFactory(slug="backend", name="Backend engineer", profile=area.profile)
    for n in range(2):
        competency = CompetencyFactory(area=area, slug=f"skill-{n}", name=f"Skill {n}")
        StageRequirementFactory(stage=stage, competency=competency, target_level=3, weight=3)
        for difficulty in [1, 2, 2, 3, 3, 3, 4, 4, 5, 5]:
            QuestionFactory(competency=competency, difficulty=difficulty)
    learner = UserFactory(username="ada")
    TargetStageFactory(user=learner, stage=stage)

    page = open_page(learner)
    page.goto("/readiness/")
    tab = page.tab
    tab.get_by_role("button", name=re.compile("adaptive assessment", re.IGNORECASE)).click()
    tab.wait_for_url(re.compile(r"/sessions/\d+/1/$"))
    assert "it stops as soon as your Backend engineer verdict is clear" in tab.inner_text("main")

    for position in range(1, 21):
        tab.keyboard.press(_digit_of(tab, "Option B"))  # always the right option
        tab.keyboard.press("c")
        tab.keyboard.press("Enter")
        tab.wait_for_url(re.compile(rf"/{position + 1}/$|/summary/$"))
        if tab.url.endswith("/summary/"):
            break
        tab.wait_for_selector("form.answer-form")

    text = tab.inner_text("main")
    assert "Your readiness for Backend engineer" in text
    assert "Ready" in text
    assert "once its verdict was all but certain" in text
    session = QuizSession.objects.get(user=learner)
    assert session.ending == "settled"
    assert session.answered_count < 20
    _no_csp_violations(page)


def test_options_come_shuffled_and_digits_pick_them_in_the_order_shown(
    open_page, learner, clock, bank, monkeypatch
):
    monkeypatch.setattr(services, "option_shuffler", random.Random(3))
    session = session_start(
        user=learner, spec=SessionSpec("practice", "competency", competency=bank["competency"], count=3)
    )
    page = open_page(learner)
    tab = page.tab
    orders = []
    for slot in session.slots.order_by("position"):
        page.goto(f"/practice/sessions/{session.pk}/{slot.position}/")
        shown = [text.strip() for text in tab.locator("form.answer-form .option-text").all_inner_texts()]
        orders.append(shown)
        for digit, text in enumerate(shown, 1):
            tab.keyboard.press(str(digit))
            checked = tab.locator("form.answer-form input[name=choice]:checked")
            assert checked.evaluate("input => input.closest('label').innerText").strip().endswith(text)
        tab.keyboard.press(_digit_of(tab, "Option B"))
        tab.keyboard.press("c")
        tab.keyboard.press("Enter")
        tab.wait_for_selector("#feedback .verdict-right")
        feedback = [
            t.strip() for t in tab.locator("#feedback .options-review .option-text").all_inner_texts()
        ]
        assert feedback == shown  # the feedback keeps the order the candidate answered in

    assert any(order != ["Option A", "Option B", "Option C"] for order in orders)
    assert Answer.objects.filter(user=learner, score=1).count() == 3
    _no_csp_violations(page)
