"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

The live server runs in a thread of this process, so the test's frozen clock is the server's clock too.
"""

import os
import shutil
from collections.abc import Iterator

import pytest
from django.test import Client

# Playwright's sync API runs an event loop in this thread; the ORM calls made beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message + " CI must run them: .ci/run installs it.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A browser tab plus what it logged, so tests can assert no Content-Security-Policy violation happened."""

    def __init__(self, context, base_url: str) -> None:
        self.context, self.base_url = context, base_url
        self.tab = context.new_page()
        self.tab.set_default_timeout(10_000)
        self.console_errors: list[str] = []
        self.tab.on(
            "console", lambda message: message.type == "error" and self.console_errors.append(message.text)
        )
        self.tab.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def goto(self, path: str) -> None:
        self.tab.goto(self.base_url + path)


@pytest.fixture
def open_page(browser, live_server):
    """`open_page(user, javascript=True)`: a fresh tab, already logged in as `user`."""
    contexts = []

    def open_for(user, *, javascript: bool = True, viewport=None) -> Page:
        context = browser.new_context(
            java_script_enabled=javascript, viewport=viewport or {"width": 1280, "height": 900}
        )
        contexts.append(context)
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
        return Page(context, live_server.url)

    yield open_for
    for context in contexts:
        context.close()
