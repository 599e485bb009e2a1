"""Search in Chromium: a word of a proposal's problem typed in the header finds the proposal, on
a desktop screen and on a phone, and the results page fits the phone's width."""

import pytest

from tests.integration.governance import (
    build_senate,
    dementia_proposal,
)

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)])
def test_the_header_search_finds_a_proposal_by_its_problem(signed_in, size):
    senate = build_senate(seats=2)
    dementia_proposal(senate)
    page = signed_in(senate.viewer, "/")
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(500)
    box = page.locator(".nhsuk-header__search-input")
    box.fill("diagnosed")
    box.press("Enter")
    page.wait_for_url("**/search/?q=diagnosed")
    page.get_by_role("link", name="Dementia strategy").click()
    page.wait_for_url("**/governance/proposals/*/")
    page.go_back()
    page.wait_for_timeout(500)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
