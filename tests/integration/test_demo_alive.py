"""The demo is alive on the day it is loaded: its story is moved to happen around that day, its
commitments have live statuses from figures carried on to the last complete period (labelled
synthetic), its forums meet on weekdays, and its red flags read as a senate would see them."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.timezone import localdate

from concord.accountability.models import CommitmentStatus, RedFlag
from concord.governance.models import Commitment, Meeting
from concord.indicators.models import Measurement

pytestmark = pytest.mark.django_db
SENATE = "wigan-borough-clinical-senate"
RATE = "dementia-diagnosis-rate-65"
# The old demo raised about 30. A joint committee agrees once for each of its two CCGs, so one
# concern can be two flags (the flag list shows it once).
FLAG_BOUND = 18


def load(today: dt.date | None = None) -> str:
    out = io.StringIO()
    options = ["--no-static", "--no-analytics", *([f"--today={today}"] if today else [])]
    call_command("concord_demo", *options, stdout=out)
    return out.getvalue()


def assert_alive(today: dt.date) -> None:
    current = CommitmentStatus.objects.current().filter(
        commitment__in=Commitment.objects.in_force()
    )
    statuses = [row.status for row in current]
    assert len(statuses) == Commitment.objects.in_force().count() >= 15
    live = [s for s in statuses if s != "no_data"]
    assert len(live) >= 0.75 * len(statuses), statuses
    assert "on_track" in statuses and {"at_risk", "off_track"} & set(statuses)

    meetings = Meeting.objects.all()
    assert not [m.date for m in meetings if m.date.weekday() >= 5]
    assert meetings.filter(status="held", date__lte=today).exists()
    assert not meetings.filter(status="held", date__gt=today).exists()
    assert meetings.filter(status="planned", date__gt=today, forum__slug=SENATE).exists()

    flags = RedFlag.objects.open()
    assert 0 < flags.count() <= FLAG_BOUND
    for flag in flags:
        periods = re.search(r"no data for (\d+) periods", flag.title)
        assert periods is None or int(periods.group(1)) <= 12, flag.title


def test_a_demo_loaded_today_has_live_statuses_and_weekday_meetings():
    load()
    assert_alive(localdate())


def test_a_demo_loaded_on_an_earlier_day_is_alive_on_that_day():
    day = dt.date(2025, 3, 20)
    assert "synthetic figures carry the story to 2025-03-20" in load(day)
    assert_alive(day)
    latest = Measurement.objects.filter(indicator__code=RATE, organisation__code="02H")
    assert latest.order_by("-period__start").first().period.label == "2025-02"


def test_the_flagship_commitment_page_shows_live_figures_labelled_synthetic(client, admin_user):
    load()
    commitment = Commitment.objects.in_force().get(
        party__code="02H", agreement__forum__slug=SENATE, indicators__code=RATE
    )
    client.force_login(admin_user)
    page = client.get(reverse("accountability:commitment", args=[commitment.pk])).content.decode()
    rows = re.findall(r'<td class="explanation">(.*?)</td>', page, re.S)
    assert len(rows) >= 6 and len(set(rows)) == len(rows)  # one live reading per period
    assert not any("(rule 5)" in row for row in rows)
    assert 'id="synthetic-data"' in page and "Synthetic" in page

    series = reverse("organisation-indicator", args=["02H", RATE])
    assert 'id="synthetic-data"' in client.get(series).content.decode()

    params = {"indicator": RATE, "organisation": "02H", "limit": 1000}
    api = client.get("/api/v1/measurements", params).json()
    by_period = {m["period"]["label"]: m["synthetic"] for m in api["items"]}
    assert by_period["2021-01"] is False and by_period["2021-02"] is True


def test_the_trusts_commitment_waits_for_its_submission():
    load()
    trust = Commitment.objects.in_force().get(party__code="RRF")
    assert trust.statuses.get(is_current=True).status == "no_data"
    assert not Measurement.objects.filter(organisation__code="RRF").exists()


def test_loading_twice_on_the_same_day_adds_no_figures():
    load()
    before = Measurement.objects.count()
    out = load()
    assert Measurement.objects.count() == before
    assert "synthetic figures" not in out


def test_the_demos_people_have_example_addresses_once_the_story_has_loaded():
    from concord.notifications.models import Notification
    from concord.organisations.models import Person

    load()
    people = Person.objects.filter(is_fictional=True)
    assert people.exists() and not people.filter(email="").exists()
    assert all(p.email.endswith("@concord.example") for p in people)
    assert not Notification.objects.exists()  # the story's past notifies nobody


def test_scorecards_and_the_pack_say_their_figures_are_synthetic(client, admin_user):
    from concord.accountability import pack
    from concord.governance.models import Forum

    load()
    client.force_login(admin_user)
    senate = Forum.objects.get(slug=SENATE)
    for url in (
        reverse("accountability:forum", args=[SENATE]),
        reverse("accountability:overview"),
        reverse("accountability:organisation", args=["02H"]),
    ):
        assert 'id="synthetic-data"' in client.get(url).content.decode(), url
    meeting = senate.meetings.filter(status="planned").order_by("date").first()
    assert 'id="synthetic-data"' in pack.render_html(meeting)
    trust = Commitment.objects.in_force().get(party__code="RRF")
    page = client.get(reverse("accountability:commitment", args=[trust.pk])).content.decode()
    assert 'id="synthetic-data"' not in page  # its figures come from the trust, none invented
