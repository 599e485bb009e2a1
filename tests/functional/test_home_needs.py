"""Home in Chromium, for the demo's chair, a seat's representative and the analyst: each sees
what needs them, on a desktop and on a phone. Items are ones the demo holds whatever its dates
(a proposal open for positions) or ones made here (a red flag on the senate, a queued job)."""

import os
import tempfile
from pathlib import Path

import pytest

from concord.accountability.models import RedFlag
from concord.demo.users import DEMO_PEOPLE
from concord.governance.models import Forum, Proposal
from concord.jobs.models import Job
from tests.functional.test_run_by_its_people import demo, demo_user, fits_a_phone  # noqa: F401

pytestmark = [
    pytest.mark.functional,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo"),
]
SCREENSHOTS = Path(os.environ.get("CONCORD_SCREENSHOTS", tempfile.gettempdir()))
PASSWORDS = {username: password for username, password, *_ in DEMO_PEOPLE}
CHAIR, SEAT = "dr.jordan.specimen", "casey.illustra"


def section(page, heading: str):
    return page.locator("section", has=page.get_by_role("heading", name=heading))


def test_home_lists_what_needs_the_chair_the_seat_and_the_analyst(demo_user, live_server):  # noqa: F811
    senate = Forum.objects.get(chair__user__username=CHAIR)
    flag = RedFlag.objects.create(
        kind="inquorate",
        key="test-home-inquorate",
        title="The senate's last two meetings were inquorate (made by this test)",
        evidence="",
        link="/",
        organisation=senate.organisation,
        forum=senate,
    )
    job = Job.objects.create(work=Job.Work.REFRESH, key="refresh")
    open_here = Proposal.objects.open().filter(forum=senate)
    assert open_here.exists(), "the demo puts a proposal to the senate for positions"

    for username in (CHAIR, SEAT):
        page = demo_user(username, PASSWORDS[username])
        assert page.get_by_role("heading", level=1).inner_text() == "What needs you today"
        flags = section(page, "Open red flags")
        assert flags.get_by_role("link", name=flag.title).is_visible()
        assert section(page, "Next meetings of your forums").count() in (0, 1)
        assert page.get_by_role("heading", name="In this economy").is_visible()
        page.screenshot(path=SCREENSHOTS / f"concord-home-{username}.png", full_page=True)
        assert fits_a_phone(page)

    seat_page = demo_user(SEAT, PASSWORDS[SEAT])
    owed = section(seat_page, "Positions your seats owe")
    titles = set(open_here.values_list("title", flat=True))
    assert any(owed.get_by_role("link", name=t, exact=True).count() for t in titles)
    owed.get_by_role("link", name="Give the position").first.click()
    seat_page.wait_for_url(f"{live_server.url}/governance/proposals/**")

    analyst = demo_user("analyst", "concord-analyst")
    assert analyst.get_by_role("heading", level=1).inner_text() == "What needs you today"
    jobs = section(analyst, "Imports and jobs running or waiting")
    assert jobs.get_by_role("link", name="Status refresh", exact=True).is_visible()
    assert f"/imports/jobs/{job.pk}/" in jobs.inner_html()
    assert flag.title not in analyst.content()  # not their forum
    analyst.screenshot(path=SCREENSHOTS / "concord-home-analyst.png", full_page=True)
    assert fits_a_phone(analyst)
