"""Every kind of page of the demo, as the administrator and as a viewer see it on a 390 px
phone: each loads, fits the screen's width (wide tables and charts scroll in their own
focusable box), and shows no code or Python's None in its text. Every problem is reported at
once, with its address."""

import io

import pytest
from django.core.management import call_command

from tests.functional.crawl import report, walk

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(db):
    call_command("concord_demo", "--no-static", "--no-analytics", stdout=io.StringIO())


def signed_in(browser, live_server, username, password):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def test_every_page_fits_a_phone_and_shows_no_code(demo, browser, live_server):
    problems, kinds = [], set()
    # The administrator reaches every kind of page, three of each; the viewer one of each.
    for username, password, per_kind in (
        ("admin", "concord-admin", 3),
        ("viewer", "concord-viewer", 1),
    ):
        context, page = signed_in(browser, live_server, username, password)
        found = walk(page, f"{live_server.url}/", per_kind=per_kind)
        context.close()
        kinds |= set(found.kinds)
        if found.failures:
            problems.append(f"As {username}: {report(found)}")
    assert not problems, "\n".join(problems)
    # The walk really went everywhere: a page of each part of the product.
    for kind in (
        "organisations",
        "organisation",
        "organisation-indicator",
        "indicator",
        "governance:proposal",
        "governance:meeting",
        "accountability:commitment",
        "accountability:pack",
        "contracts:contract",
        "pathways:programme",
    ):
        assert kind in kinds, kind
