"""A viewer opens a practice's indicator page and a CCG's comparison page in real Chromium and
sees the server-drawn SVG charts, with one mark per point."""

import os
import tempfile
from pathlib import Path

import pytest

from tests.factories import UserFactory
from tests.functional.test_browser import sign_in
from tests.integration.indicator_pages import build

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("CONCORD_SCREENSHOTS", tempfile.gettempdir()))
PRACTICES, MONTHS = 8, 15


@pytest.fixture
def economy():
    return build(PRACTICES, MONTHS)


def test_practice_indicator_page_draws_its_charts(page, live_server, economy, missing_files):
    practice, indicator = economy["practices"][1], economy["indicator"]
    sign_in(page, live_server, UserFactory(role="viewer"))
    page.goto(f"{live_server.url}/organisations/{practice.code}/")
    page.locator("#indicator-figures").get_by_role("link", name=indicator.title).click()
    page.wait_for_url(f"**/organisations/{practice.code}/indicators/{indicator.code}/")

    spc = page.locator("svg#spc-chart")
    assert spc.is_visible()
    assert spc.get_attribute("role") == "img"
    assert spc.locator("circle.spc-point").count() == MONTHS
    assert page.locator("#spc-icons svg[role=img]").count() >= 1
    funnel = page.locator("svg#funnel-chart")
    assert funnel.is_visible()
    # every practice of the locality except the first, whose counts are suppressed
    assert funnel.locator("circle.funnel-point").count() == PRACTICES - 1
    assert funnel.locator("circle.funnel-highlight").count() == 1
    page.screenshot(path=SCREENSHOTS / "concord-practice-indicator.png", full_page=True)
    spc.screenshot(path=SCREENSHOTS / "concord-spc-chart.png")
    funnel.screenshot(path=SCREENSHOTS / "concord-funnel-chart.png")
    assert missing_files == []


def test_ccg_comparison_page_draws_its_caterpillar(page, live_server, economy, missing_files):
    ccg, indicator = economy["ccg"], economy["indicator"]
    sign_in(page, live_server, UserFactory(role="viewer"))
    page.goto(
        f"{live_server.url}/organisations/{ccg.code}/compare/{indicator.code}/?members=practice"
    )
    chart = page.locator("svg#caterpillar-chart")
    assert chart.is_visible()
    assert chart.locator("circle.caterpillar-point").count() == PRACTICES - 1
    assert page.locator("#members-table tbody tr").count() == PRACTICES
    page.screenshot(path=SCREENSHOTS / "concord-compare.png", full_page=True)
    chart.screenshot(path=SCREENSHOTS / "concord-caterpillar-chart.png")
    assert missing_files == []
