"""The comparison page: the members of an organisation for one indicator and period, sorted,
with 95% intervals and significance against the organisation's own value."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from concord.access.roles import ANALYST, grant
from concord.indicators.limits import estimate
from concord.indicators.models import Measurement
from concord.stats.disclosure import disclose_count
from tests.factories import UserFactory
from tests.integration.indicator_pages import build

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def economy():
    return build(practices=5, periods=3)


def get(client, user, org, indicator, **params):
    client.force_login(user)
    return client.get(reverse("indicator-compare", args=[org.code, indicator.code]), params)


def caterpillar(html: str) -> ET.Element:
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg"')
    return ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])


def rows_of(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def expected_key(indicator, m, parent, analyst):
    """higher/lower/similar of a member against the parent, from the figures shown."""

    def seen(x):
        return x if analyst else disclose_count(x)

    mine = estimate(indicator, seen(m.numerator), seen(m.denominator))
    theirs = estimate(indicator, seen(parent.numerator), seen(parent.denominator))["value"]
    if mine["lower_95"] > theirs:
        return "higher"
    return "lower" if mine["upper_95"] < theirs else "similar"


@pytest.mark.parametrize("analyst", [False, True])
def test_locality_members_sorted_with_significance(client, economy, analyst):
    user = UserFactory(role="viewer")
    if analyst:
        grant(user, ANALYST)
    locality, indicator = economy["locality"], economy["indicator"]
    period = economy["periods"][-1]
    rows = rows_of(get(client, user, locality, indicator, format="csv"))
    codes = {p.code for p in economy["practices"]}
    assert {r["organisation_code"] for r in rows} == codes
    values = [float(r["value"]) for r in rows if r["value"]]
    assert values == sorted(values, reverse=True)
    assert rows[-1]["value"] == ("" if not analyst else rows[-1]["value"])
    parent = Measurement.objects.get(indicator=indicator, organisation=locality, period=period)
    stored = {
        m.organisation.code: m
        for m in Measurement.objects.filter(indicator=indicator, period=period).select_related(
            "organisation"
        )
    }
    for row in rows:
        m = stored[row["organisation_code"]]
        if row["suppressed"] == "True":
            assert row["numerator"] == "*" and not analyst
            continue
        assert row["significance_vs_parent"] == expected_key(indicator, m, parent, analyst)


def test_page_draws_one_row_per_member_with_a_value(client, viewer, economy):
    locality, indicator = economy["locality"], economy["indicator"]
    response = get(client, viewer, locality, indicator)
    assert response.status_code == 200
    svg = caterpillar(response.content.decode())
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text
    points = [c for c in svg.iter(f"{SVG}circle") if "caterpillar-point" in c.get("class", "")]
    assert len(points) == len(economy["practices"]) - 1  # the first practice is suppressed
    assert svg.find(f".//{SVG}line[@class='caterpillar-reference']") is not None


def test_ccg_offers_its_localities_then_practices(client, viewer, economy):
    ccg, indicator = economy["ccg"], economy["indicator"]
    localities = rows_of(get(client, viewer, ccg, indicator, format="csv"))
    assert [r["organisation_code"] for r in localities] == [economy["locality"].code]
    practices = rows_of(get(client, viewer, ccg, indicator, format="csv", members="practice"))
    assert len(practices) == len(economy["practices"])


def test_england_compares_its_ccgs(client, viewer, economy):
    rows = rows_of(get(client, viewer, economy["england"], economy["indicator"], format="csv"))
    assert {r["organisation_code"] for r in rows} == {"01X", "02Y"}


def test_earlier_period(client, viewer, economy):
    first = economy["periods"][0]
    response = get(client, viewer, economy["locality"], economy["indicator"], period=first.label)
    assert response.status_code == 200
    assert f"{economy['locality'].name}, {first.label}" in response.content.decode()


@pytest.mark.parametrize(
    "params, words",
    [({"period": "2099-01"}, "period='2099-01'"), ({"members": "planet"}, "members='planet'")],
)
def test_bad_parameters_get_a_clear_message(client, viewer, economy, params, words):
    response = get(client, viewer, economy["locality"], economy["indicator"], **params)
    assert response.status_code == 400
    html = response.content.decode().replace("&#x27;", "'")
    assert "There is a problem" in html and words in html
