"""A real Chromium (Debian's, never a downloaded one) driven by Playwright."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def missing_files(page):
    """Every request for /assets or /static that did not find its file."""
    missing = []

    def check(response):
        path = response.url.split("://", 1)[-1].split("/", 1)[-1]
        if path.startswith(("assets/", "static/")) and response.status >= 400:
            missing.append((response.status, response.url))

    page.on("response", check)
    return missing


def sign_in_on(page, live_server, user, path):
    """Signs the user in on this page (the test password of tests.integration.governance) and
    opens the path."""
    from tests.integration.governance import PASSWORD

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{path}")
    return page


@pytest.fixture
def signed_in(page, live_server):
    """sign_in(user, path): signs the user in and opens the path; returns the page."""
    return lambda user, path: sign_in_on(page, live_server, user, path)


@pytest.fixture
def as_user(browser, live_server):
    """as_user(user, path): a browser of its own for the user (downloads allowed), signed in,
    on the path."""
    contexts = []

    def open_as(user, path):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return sign_in_on(page, live_server, user, path)

    yield open_as
    for context in contexts:
        context.close()


def table_after(page, heading_id: str):
    """The table straight after a heading, whether or not it sits in its scrolling region."""
    return page.locator(
        f":is(#{heading_id} + table, #{heading_id} + .concord-table-scroll > table)"
    )
