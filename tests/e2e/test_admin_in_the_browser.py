"""An author walks the admin in a real browser: the pages work under the strict Content-Security-Policy."""

import re

import pytest

from tests.factories import QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_author_walks_the_question_admin_without_a_console_error(open_page):
    author = UserFactory(username="ada", is_staff=True, is_superuser=True)
    question = QuestionFactory(slug="web-apis-status", stem="Which status means **created**?")
    page = open_page(author)

    page.goto("/admin/questions/question/")
    assert "web-apis-status" in page.tab.inner_text("#content")
    page.tab.get_by_role("link", name="web-apis-status").click()
    page.tab.wait_for_url(re.compile(rf"/admin/questions/question/{question.pk}/change/$"))
    page.tab.get_by_role("link", name="Preview").click()
    assert "As the candidate sees it" in page.tab.inner_text("#content")
    page.goto(f"/admin/questions/question/{question.pk}/history/")
    assert "Changes to the options" in page.tab.inner_text("#content")
    page.goto("/admin/questions/question/import/")
    page.goto("/admin/questions/question/export/")
    page.tab.get_by_label("Select all").uncheck()  # the toggle works without inline handlers
    assert page.tab.locator("input[type=checkbox][name*=slug]").first.is_checked() is False
    page.goto("/admin/questions/question/add/")
    page.goto("/admin/questions/problemreport/")

    assert page.console_errors == []  # no CSP violation, and no missing file (such as a /favicon.ico)
