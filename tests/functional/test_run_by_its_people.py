"""The demo economy run by its own people, in Chromium, with the demo's own logins: the
secretariat sets up a forum with its seats and representatives and the next locality group
meeting; the trust's data manager sends the trust's figures, sees the one bad row before anything
is written, corrects it and submits; the CCG's analyst approves them, and the trust's commitment
changes status with its explanation; the analyst imports the national practice file in the
background and watches its progress without reloading the page."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command

from concord.governance.models import Commitment, Forum, Meeting
from concord.indicators.models import Measurement
from concord.jobs import progress
from concord.organisations.models import Organisation
from tests.functional.dates import fill_date
from tests.integration.jobs import run_worker

pytestmark = [
    pytest.mark.functional,
    pytest.mark.realdata,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media"),
]
TODAY = dt.date.today()
NOW = f"{TODAY:%Y-%m}"  # the period the commitment is assessed in: the demo's story is today's
LAST = f"{TODAY.replace(day=1) - dt.timedelta(days=1):%Y-%m}"  # the last complete month
HEADER = "indicator,organisation,period,numerator,denominator\n"
DAR = f"dementia-assessment-referral-75,RRF,{LAST},412,450\n"
BAD = HEADER + DAR + f"memory-assessment-within-6-weeks,RRF,{LAST},58,O70\n"  # a letter O
GOOD = HEADER + DAR + f"memory-assessment-within-6-weeks,RRF,{LAST},58,70\n"
# a Tuesday about seven weeks ahead: clear of the meetings the demo plans for the next months
AHEAD = TODAY + dt.timedelta(days=(1 - TODAY.weekday()) % 7 + 49)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(db):
    call_command("concord_demo", "--no-static", "--no-analytics", stdout=io.StringIO())


@pytest.fixture
def demo_user(browser, live_server):
    """demo_user(username, password): a browser of the user's own, signed in with the demo's
    published password, on the home page."""
    contexts = []

    def sign_in(username: str, password: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live_server.url}/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def fits_a_phone(page) -> bool:
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(500)  # the NHS.UK header folds its menu into "More" after a resize
    fits = page.evaluate("document.documentElement.scrollWidth <= 390")
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits


def form_with(page, button: str):
    return page.locator("form", has=page.get_by_role("button", name=button, exact=True))


def test_the_demo_economy_is_run_by_its_own_people(
    demo, demo_user, live_server, realdata, tmp_path, monkeypatch
):
    set_up_a_forum(demo_user("secretariat", "concord-secretariat"), live_server)
    send_the_trusts_figures(demo_user("editor", "concord-editor"), live_server, tmp_path)
    approve_them(demo_user("analyst", "concord-analyst"), live_server)
    page = demo_user("analyst", "concord-analyst")
    import_the_national_file(page, live_server, realdata, monkeypatch)


def set_up_a_forum(page, live_server):
    page.goto(f"{live_server.url}/governance/")
    page.get_by_role("button", name="Set up a forum").click()
    page.get_by_label("Name").fill("Wigan Borough frailty programme board")
    page.get_by_label("Kind of forum").select_option("programme_board")
    page.get_by_label("Secretariat organisation").select_option(
        label="Wigan Borough clinical senate (illustrative)"
    )
    page.get_by_label("Quorum: at least how many seats represented?").fill("2")
    page.get_by_label("Consent: agreed when quorate and no seat stands objecting").check()
    page.get_by_label("No: every seat answers").check()
    page.get_by_label("Meets").select_option("monthly")
    page.get_by_role("button", name="Set up the forum").click()
    page.get_by_role("heading", name="Seats and representatives").wait_for()
    for code in ("02H", "RRF"):
        seat = form_with(page, "Add the seat")
        seat.get_by_label("Organisation's ODS code").fill(code)
        seat.get_by_label("Required for quorum").check()
        fill_date(seat, "Start date", dt.date(2026, 12, 1))
        seat.get_by_role("button", name="Add the seat").click()
        page.wait_for_load_state()
    representative = form_with(page, "Add the representative")
    representative.get_by_label("Seat").select_option(
        label="WRIGHTINGTON, WIGAN AND LEIGH NHS FOUNDATION TRUST"
    )
    representative.get_by_label("Who sits for it").select_option(label="Dr Robin Notreal")
    fill_date(representative, "Start date", dt.date(2026, 12, 1))
    representative.get_by_role("button", name="Add the representative").click()
    page.get_by_text("Dr Robin Notreal").first.wait_for()
    board = Forum.objects.get(name="Wigan Borough frailty programme board")
    assert board.organisation.code == "SEN-02H" and board.quorum_min_seats == 2
    assert sorted(board.seats.values_list("organisation__code", flat=True)) == ["02H", "RRF"]
    assert board.seats.get(organisation__code="RRF").representatives.get().person.name == (
        "Dr Robin Notreal"
    )
    assert fits_a_phone(page)
    schedule_the_next_locality_meeting(page, live_server)


def schedule_the_next_locality_meeting(page, live_server):
    locality = Forum.objects.get(slug="locality-loc-02h-1")
    before = locality.meetings.count()
    page.goto(f"{live_server.url}/governance/forums/{locality.slug}/")
    schedule = form_with(page, "Schedule meeting")
    fill_date(schedule, "Date of the meeting", AHEAD)
    schedule.get_by_label("Where (optional)").fill("Leigh Library, meeting room 2")
    schedule.get_by_role("button", name="Schedule meeting").click()
    page.wait_for_load_state()
    assert locality.meetings.count() == before + 1
    assert Meeting.objects.filter(forum=locality, date=AHEAD).exists()


def send(page, live_server, file):
    page.goto(f"{live_server.url}/submissions/new/")
    page.get_by_label("Organisation").select_option("RRF")
    page.get_by_label("Period").fill(LAST)
    page.get_by_label("File (optional)").set_input_files(str(file))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Trail").wait_for()


def send_the_trusts_figures(page, live_server, tmp_path):
    trust = Organisation.objects.get(code="RRF")
    (tmp_path / "wwl.csv").write_text(BAD)
    send(page, live_server, tmp_path / "wwl.csv")
    errors = page.locator("#error-table")
    assert "1 problem in the figures" in page.locator("#row-errors").inner_text()
    assert "3" in errors.inner_text() and "expected a number, found 'O70'" in errors.inner_text()
    assert page.get_by_role("button", name="Submit for approval").count() == 0
    assert not Measurement.objects.filter(organisation=trust).exists()  # nothing written
    assert fits_a_phone(page)
    (tmp_path / "wwl.csv").write_text(GOOD)
    send(page, live_server, tmp_path / "wwl.csv")
    assert page.locator("#error-table").count() == 0
    page.get_by_role("button", name="Submit for approval").click()
    page.get_by_text("Submission sent for approval").wait_for()
    assert not Measurement.objects.filter(organisation=trust).exists()  # not yet published


def approve_them(page, live_server):
    commitment = Commitment.objects.get(party__code="RRF")
    status_page = f"{live_server.url}/accountability/commitments/{commitment.pk}/"
    page.goto(status_page)
    assert f"No data in {NOW} (rule 5)" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/submissions/")
    page.get_by_role("link", name=re.compile(r"^Submission \d+$")).first.click()
    page.get_by_role("button", name="Approve and publish").click()
    page.get_by_text("Submission approved and published").wait_for()
    assert "Published by analyst" in page.locator("#trail").inner_text()
    page.goto(status_page)
    text = page.locator("main").inner_text()
    assert f"On track in {NOW} (rule 11)" in text
    assert f"the latest value, 91.1% for {LAST}" in text and "90.0%" in text


def import_the_national_file(page, live_server, realdata, monkeypatch):
    epraccur = realdata / "ods-epraccur-2023-02" / "epraccur.csv"
    page.goto(f"{live_server.url}/imports/")
    page.get_by_role("link", name="Import a national file").click()
    page.get_by_label("ODS GP practices (epraccur.csv) (epraccur)").check()
    page.get_by_label("The file", exact=True).set_input_files(str(epraccur))
    fill_date(page, "The date the file describes (if it carries none)", dt.date(2023, 2, 1))
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_url("**/imports/jobs/*/")
    page.get_by_text("Waiting to start").wait_for()
    page.evaluate(
        """window.stillTheSamePage = true; window.progressSeen = [];
        document.body.addEventListener('htmx:afterSwap', () => {
            const bar = document.getElementById('job-bar');
            if (bar) window.progressSeen.push(Number(bar.value));
        });"""
    )

    # The file loads in about a second here, less than one poll of the page: so the import is
    # held half-way, in the worker's own thread, until the page has shown the bar part-way. The
    # heartbeat, the progress file and the page's polling are the real ones.
    told = progress.Reporter.__call__

    def held_half_way(reporter, done, total):
        told(reporter, done, total)
        if not getattr(reporter, "held", False) and 2 * done >= total > done:
            reporter.held = True
            page.wait_for_function(  # a function, not an expression: the page's CSP forbids eval
                "() => window.progressSeen.some(p => p > 0 && p < 100)", timeout=30_000
            )

    monkeypatch.setattr(progress.Reporter, "__call__", held_half_way)
    run_worker()

    page.get_by_text("Imported 15663 rows from epraccur.csv").wait_for(timeout=60_000)
    assert page.evaluate("window.stillTheSamePage") is True  # updated in place, not reloaded
    seen = page.evaluate("window.progressSeen")
    assert any(0 < percent < 100 for percent in seen), seen  # the bar moved while it ran
    assert Organisation.objects.filter(kind="practice").count() > 6000
