"""From a KPI to the commitment, agreement and decision behind it, and from a commitment to the
contracts that carry it, in Chromium on the demo economy; the traceability report shows the gap."""

import io

import pytest
from django.core.management import call_command

from tests.factories import UserFactory
from tests.integration.governance import PASSWORD

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(page, live_server):
    call_command("concord_demo", "--no-static", "--no-analytics", stdout=io.StringIO())
    viewer = UserFactory(role="viewer")
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(viewer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_from_a_kpi_to_its_decision_and_from_a_commitment_to_its_contracts(
    signed_in, live_server, tmp_path
):
    page = signed_in
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Contracts").click()
    page.get_by_role("link", name="WIG-NHSSC-RRF-21").click()
    page.screenshot(path=str(tmp_path / "contract.png"), full_page=True)
    row = page.locator("#kpis tr", has_text="DEM-1")
    row.get_by_role("link", name="Commitment of WRIGHTINGTON").click()
    assert "Screen inpatients aged 75 and over" in page.locator("h1").inner_text()
    carrying = page.locator("#carrying-contracts")
    assert "WIG-NHSSC-RRF-21" in carrying.inner_text()

    page.locator("#agreement-link").click()
    assert page.locator("h1").inner_text() == "Dementia strategy for Wigan Borough 2021-24"
    page.go_back()
    page.locator("#decision-link").click()
    decisions = page.locator("#decisions + ul").inner_text()
    assert "Dementia strategy for Wigan Borough 2021-24" in decisions and "Agreed" in decisions
    page.go_back()
    carrying.get_by_role("link", name="WIG-NHSSC-RRF-21").click()
    assert "Acute services, Wrightington, Wigan and Leigh" in page.locator("h1").inner_text()


def test_the_traceability_report_shows_the_gap(signed_in, live_server, tmp_path):
    page = signed_in
    page.goto(f"{live_server.url}/contracts/traceability/")
    page.screenshot(path=str(tmp_path / "traceability.png"), full_page=True)
    rows = page.locator("#uncarried-table tbody tr")
    assert rows.count() == 1
    assert "Ashton, Golborne and Lowton locality" in rows.first.inner_text()
    rows.first.get_by_role("link", name="Practices in the locality").click()
    assert page.locator("#not-carried").is_visible()
    page.goto(f"{live_server.url}/programmes/wigan-dementia/pathway/1/on-a-page/")
    assert page.locator(".concord-stage").count() == 5
    page.screenshot(path=str(tmp_path / "on-a-page.png"), full_page=True)
