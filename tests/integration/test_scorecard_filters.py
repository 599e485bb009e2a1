"""A scorecard filters its commitments by party, kind of party and status now; the download
keeps the filters; a wrong value is said on the page, never a 500."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from concord.accountability.models import CommitmentStatus
from concord.accountability.refresh import refresh
from tests.integration.accountable import measure, senate_with

pytestmark = pytest.mark.django_db
DURING = dt.date(2021, 12, 15)


@pytest.fixture
def world():
    senate, agreement = senate_with(seats=3, measured=2)
    measure(senate.seats[0].organisation, dt.date(2020, 10, 1), [70.0] * 14 + [66.9] * 7)
    refresh(today=DURING)
    return senate, agreement


def parties(page: str) -> int:
    return page.count('class="scorecard-item"')


def test_each_filter_narrows_the_scorecard(client, world):
    senate, agreement = world
    client.force_login(senate.viewer)
    url = reverse("accountability:forum", args=[senate.forum.slug])
    everything = client.get(url).content.decode()
    assert parties(everything) == agreement.commitments.count() == 3
    assert 'id="commitment-filters"' in everything

    one = senate.seats[0].organisation
    only = client.get(url, {"party": one.code}).content.decode()
    assert parties(only) == 1 and one.name in only

    status = CommitmentStatus.objects.current().get(commitment__party=one).status
    same = CommitmentStatus.objects.current().filter(status=status).count()
    assert parties(client.get(url, {"status": status}).content.decode()) == same
    assert parties(client.get(url, {"kind": one.kind, "party": one.code}).content.decode()) == 1


def test_the_download_keeps_the_filters(client, world):
    senate, agreement = world
    client.force_login(senate.viewer)
    one = senate.seats[0].organisation
    url = reverse("accountability:forum", args=[senate.forum.slug])
    response = client.get(url, {"party": one.code, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode().removeprefix("\ufeff"))))
    assert [r[1] for r in rows[1:]] == [one.code]
    page = client.get(url, {"party": one.code}).content.decode()
    assert f"?party={one.code}&amp;format=csv" in page


@pytest.mark.parametrize("params", [{"party": "NOPE"}, {"status": "sideways"}, {"kind": "x"}])
def test_a_wrong_value_is_said_not_failed(client, world, params):
    senate, agreement = world
    client.force_login(senate.viewer)
    for url in (
        reverse("accountability:forum", args=[senate.forum.slug]),
        reverse("accountability:overview"),
    ):
        response = client.get(url, params)
        page = response.content.decode()
        assert response.status_code == 200 and "There is a problem" in page
        assert parties(page) == 0
        assert client.get(url, {**params, "format": "csv"})["Content-Type"].startswith("text/html")
