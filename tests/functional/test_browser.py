"""A viewer signs in, finds a practice in the directory and reads its page, in real Chromium."""

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

from tests.factories import (
    CCGFactory,
    PopulationCountFactory,
    PracticeFactory,
    RelationshipFactory,
    UserFactory,
)
from tests.functional.conftest import table_after

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
EXTRACT = dt.date(2021, 1, 1)
SCREENSHOTS = Path(os.environ.get("CONCORD_SCREENSHOTS", tempfile.gettempdir()))


@pytest.fixture
def registry():
    ccg = CCGFactory(code="02H", name="NHS Wigan Borough CCG")
    practices = {
        PracticeFactory(code="P92001", name="Pemberton Surgery", postcode="WN5 8AT"): 7412,
        PracticeFactory(code="P92002", name="Hindley Health Centre", postcode="WN2 3HR"): 9120,
    }
    for practice, patients in practices.items():
        RelationshipFactory(child=practice, parent=ccg)
        PopulationCountFactory(organisation=practice, extract_date=EXTRACT, patients=patients)
    return ccg, practices


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/")
    assert "/sign-in/" in page.url
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def test_find_a_practice_and_read_its_page(page, live_server, registry, missing_files):
    ccg, practices = registry
    viewer = UserFactory(username="viewer.one", role="viewer")
    sign_in(page, live_server, viewer)
    assert page.get_by_role("heading", name="In this economy").is_visible()
    page.screenshot(path=SCREENSHOTS / "concord-home.png", full_page=True)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Organisations").click()
    page.get_by_label("Code, name or postcode").fill("Pemberton")
    directory = page.get_by_role("search", name="Organisations")  # not the header's search
    directory.get_by_role("button", name="Search").click()
    page.screenshot(path=SCREENSHOTS / "concord-directory.png", full_page=True)
    page.get_by_role("link", name="Pemberton Surgery").click()

    page.wait_for_url(f"{live_server.url}/organisations/P92001/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pemberton Surgery"
    part_of = table_after(page, "part-of")
    assert part_of.get_by_role("link", name=ccg.name).is_visible()
    population = table_after(page, "population")
    assert "7,412" in population.inner_text()
    assert "1 January 2021" in population.inner_text()
    page.screenshot(path=SCREENSHOTS / "concord-practice.png", full_page=True)

    assert missing_files == []


def test_the_nhsuk_stylesheet_is_applied(page, live_server, registry, missing_files):
    sign_in(page, live_server, UserFactory(role="viewer"))
    header_colour = page.locator("header.nhsuk-header").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert header_colour == "rgb(0, 94, 184)"  # NHS blue, #005eb8
    assert page.evaluate("document.body.classList.contains('nhsuk-frontend-supported')")
    assert missing_files == []


def test_the_ccg_page_rolls_up_its_practices(page, live_server, registry, missing_files):
    ccg, practices = registry
    sign_in(page, live_server, UserFactory(role="viewer"))
    page.goto(f"{live_server.url}/organisations/{ccg.code}/")
    members = page.locator("#members ~ .concord-table-scroll > table").first.inner_text()
    for practice in practices:
        assert practice.name in members
    assert f"{sum(practices.values()):,}" in table_after(page, "population").inner_text()
    assert missing_files == []
