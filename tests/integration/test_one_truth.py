"""One measurement reads the same on every surface: the organisation × indicator page and its
CSV, the API's measurements and statistics, the pathway on a page (page and API) and the meeting
pack, for a viewer and for an analyst (docs/adr/0003-figures-as-seen.md).

The party's latest figure is 23 of 101 (22.77%): a viewer sees 25 of 100 (25.00%) everywhere,
with limits from the rounded counts; an analyst sees 23 of 101 everywhere.
"""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concord.access.roles import ANALYST, grant
from concord.accountability import pack
from concord.accountability.refresh import refresh
from concord.governance import actions as governance
from concord.indicators.limits import estimate
from concord.indicators.models import Measurement, Period
from concord.indicators.presentation.figures import seen
from concord.organisations.models import Kind
from concord.pathways import actions as pathways
from concord.stats.disclosure import SUPPRESSED
from tests.factories import CCGFactory, OrganisationFactory, RelationshipFactory, UserFactory
from tests.integration.accountable import indicator, months_from, senate_with

pytestmark = pytest.mark.django_db
FIRST, TODAY = dt.date(2020, 10, 1), dt.date(2021, 12, 15)
MONTHS = 14  # 2020-10 .. 2021-11: enough points for limits under the MDC rules
LATEST = (23, 101)


def counts(k: int) -> tuple[int, int]:
    """Figures well below the 66.7% target: the process fails it consistently (a red flag)."""
    return LATEST if k == MONTHS - 1 else (20 + (k * 7) % 9, 100 + k % 3)


def store(org, figures) -> None:
    ind = indicator()
    for spec, (n, d) in zip(months_from(FIRST, len(figures)), figures, strict=True):
        Measurement.objects.update_or_create(
            indicator=ind,
            organisation=org,
            period=Period.objects.get_for(spec),
            defaults=dict(numerator=n, denominator=d, **estimate(ind, n, d)),
        )


@pytest.fixture
def world():
    senate, agreement = senate_with(seats=3, measured=1)
    party = senate.seats[0].organisation
    england = OrganisationFactory(code="ENG", name="England", kind=Kind.NATION)
    peer = CCGFactory(name="NHS Peer CCG")
    for org in (party, peer):
        RelationshipFactory(child=org, parent=england, start=dt.date(2019, 1, 1))
    store(party, [counts(k) for k in range(MONTHS)])
    store(peer, [(61 + k % 5, 100) for k in range(MONTHS)])
    programme = pathways.create_programme(
        by=senate.editor, name="Dementia", condition="dementia", lead_organisation=party
    )
    pathway = pathways.draft_pathway(by=senate.editor, programme=programme, title="Dementia")
    pathways.add_stage(
        by=senate.editor,
        pathway=pathway,
        name="Diagnosis",
        standard="Diagnosed well",
        responsible=[party],
        indicators=[indicator()],
    )
    meeting = governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2022, 1, 12)
    )
    refresh(today=TODAY)
    analyst = UserFactory(role="viewer")
    grant(analyst, ANALYST)
    return {
        "senate": senate,
        "party": party,
        "pathway": pathway,
        "meeting": meeting,
        "viewer": senate.viewer,
        "analyst": analyst,
    }


def number(text) -> float | str:
    text = str(text).strip().replace(",", "").rstrip("%")
    return SUPPRESSED if text == SUPPRESSED else float(text)


def page_row(client, org, label) -> dict:
    """The latest period's row of the page's table: counts and value as printed."""
    url = reverse("organisation-indicator", args=[org.code, indicator().code])
    page = client.get(url).content.decode()
    row = re.search(rf"<tr[^>]*>\s*<t[hd][^>]*>{re.escape(label)}</t[hd]>(.*?)</tr>", page, re.S)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)
    return {"numerator": number(cells[0]), "denominator": number(cells[1]), "value": cells[2]}


def csv_rows(client, org, **query) -> list[dict]:
    url = reverse("organisation-indicator", args=[org.code, indicator().code])
    response = client.get(url, {"format": "csv", **query})
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def api_measurement(client, org, label) -> dict:
    found = client.get(
        "/api/v1/measurements",
        {"organisation": org.code, "indicator": indicator().code, "limit": 100},
    ).json()["items"]
    return next(m for m in found if m["period"]["label"] == label)


def api_statistics(client, org) -> dict:
    return client.get(
        f"/api/v1/organisations/{org.code}/indicators/{indicator().code}/statistics"
    ).json()


def pathway_page_value(client, pathway) -> str:
    url = reverse("pathways:on-a-page", args=[pathway.programme.slug, pathway.number])
    page = client.get(url).content.decode()
    return re.search(r'class="concord-reading">.*?<strong[^>]*>([^<]*?)%?</strong>', page, re.S)[1]


def pathway_api_value(client, pathway):
    url = f"/api/v1/programmes/{pathway.programme.slug}/pathways/{pathway.number}/on-a-page"
    (card,) = client.get(url).json()
    return card["readings"][0]["value"]


def surfaces(client, world) -> dict:
    """The latest figure as each surface gives it to the signed-in person."""
    org, label = world["party"], months_from(FIRST, MONTHS)[-1].label
    page = page_row(client, org, label)
    download = next(r for r in csv_rows(client, org) if r["period"] == label)
    api = api_measurement(client, org, label)
    statistics = api_statistics(client, org)
    point = statistics["points"][-1]
    return {
        "page": page,
        "csv": download,
        "api": api,
        "point": point,
        "funnel": statistics["funnel"],
        "peers_csv": next(
            r for r in csv_rows(client, org, table="peers") if r["organisation_code"] == org.code
        ),
        "pathway_page": pathway_page_value(client, world["pathway"]),
        "pathway_api": pathway_api_value(client, world["pathway"]),
    }


@pytest.mark.parametrize("who", ["viewer", "analyst"])
def test_the_latest_figure_reads_the_same_on_every_surface(client, world, who):
    client.force_login(world[who])
    got = surfaces(client, world)
    expected = (23, 101) if who == "analyst" else (25, 100)
    value = expected[0] / expected[1] * 100
    assert (got["page"]["numerator"], got["page"]["denominator"]) == expected
    assert (number(got["csv"]["numerator"]), number(got["csv"]["denominator"])) == expected
    assert (got["api"]["numerator"], got["api"]["denominator"]) == expected
    assert (got["point"]["numerator"], got["point"]["denominator"]) == expected
    assert number(got["page"]["value"]) == round(value, 2)
    for reading in (
        number(got["csv"]["value"]),
        got["api"]["value"],
        got["point"]["value"],
        got["funnel"]["value"],
        got["pathway_api"],
    ):
        assert reading == pytest.approx(value, abs=1e-4)
    assert number(got["pathway_page"]) == round(value, 2)
    # the limits come from the same counts everywhere
    shown = estimate(indicator(), *expected)
    for limits in (got["api"], got["point"]):
        assert limits["lower_95"] == pytest.approx(shown["lower_95"])
        assert limits["upper_998"] == pytest.approx(shown["upper_998"])
    assert number(got["csv"]["lower_95"]) == pytest.approx(shown["lower_95"], rel=1e-5)
    # the SPC and the funnel are the same on the page's download and in the API
    assert got["csv"]["spc_classification"] == got["point"]["classification"]
    assert got["peers_csv"]["funnel_significance"] == got["funnel"]["significance"]


def test_the_pack_shows_what_a_viewer_sees(client, world):
    client.force_login(world["viewer"])
    got = surfaces(client, world)
    html = pack.render_html(world["meeting"])
    label = months_from(FIRST, MONTHS)[-1].label
    assert "consistently failing" in html
    # the flag's evidence quotes the figure a viewer sees, and so does the chart beside it
    assert "the latest value, 25.0% for 2021-11" in html
    assert f"<title>{label}: 25% (" in html
    assert "22.8%" not in html and ": 22.77" not in html
    points = re.findall(r'class="spc-point spc-(\w+)[^"]*" data-classification="(\w+)"', html)
    assert points[-1][1] == got["point"]["classification"]


def test_the_status_is_judged_on_the_figures_everyone_sees(world):
    party = world["party"]
    commitment = world["senate"].forum.agreements.get().commitments.get(party=party)
    current = commitment.statuses.get(is_current=True)
    assert current.numbers["value"] == pytest.approx(25.0)
    latest = Measurement.objects.shown().filter(organisation=party).order_by("period__start")
    assert seen(latest.last(), analyst=False).value == pytest.approx(25.0)


def test_an_indicator_without_disclosure_control_shows_its_true_counts_everywhere(client, world):
    ind = indicator()
    ind.disclosure_rule = "none"
    ind.save()
    client.force_login(world["viewer"])
    got = surfaces(client, world)
    assert (got["api"]["numerator"], got["api"]["denominator"]) == LATEST
    assert (got["page"]["numerator"], got["page"]["denominator"]) == LATEST
    assert got["pathway_api"] == pytest.approx(LATEST[0] / LATEST[1] * 100)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    figures=st.integers(1, 400).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d))),
    rule=st.sampled_from(["standard", "none"]),
    who=st.sampled_from(["viewer", "analyst"]),
)
def test_the_surfaces_never_disagree(client, world, figures, rule, who):
    """Whatever the counts and the indicator's disclosure rule, the page, its CSV, the API and
    the pathway on a page agree with each other and with the presentation module."""
    ind = indicator()
    ind.disclosure_rule = rule
    ind.save()
    store(world["party"], [counts(k) for k in range(MONTHS - 1)] + [figures])
    client.force_login(world[who])
    got = surfaces(client, world)
    latest = Measurement.objects.shown().filter(organisation=world["party"], indicator=ind)
    shown = seen(latest.order_by("period__start").last(), analyst=who == "analyst")
    expected = (shown.numerator, shown.denominator)
    assert (got["page"]["numerator"], got["page"]["denominator"]) == tuple(
        n if n == SUPPRESSED else float(n) for n in expected
    )
    assert (got["api"]["numerator"], got["api"]["denominator"]) == expected
    assert (got["point"]["numerator"], got["point"]["denominator"]) == expected
    if shown.suppressed:
        assert got["api"]["value"] == got["pathway_api"] == SUPPRESSED
        assert got["csv"]["value"] == "" and got["csv"]["suppressed"] == "True"
        return
    readings = [got["api"]["value"], got["point"]["value"], got["pathway_api"]]
    readings.append(number(got["csv"]["value"]))
    assert readings == pytest.approx([shown.value] * 4, rel=1e-5, abs=1e-9)
    assert number(got["page"]["value"]) == round(shown.value, 2)
    assert number(got["pathway_page"]) == round(shown.value, 2)


def test_the_commitment_chart_colours_the_latest_point_as_its_status_judged_it(client, world):
    party = world["party"]
    commitment = world["senate"].forum.agreements.get().commitments.get(party=party)
    current = commitment.statuses.get(is_current=True)
    client.force_login(world["viewer"])
    page = client.get(reverse("accountability:commitment", args=[commitment.pk])).content.decode()
    points = re.findall(r'data-classification="(\w+)"', page)
    assert points and points[-1] == current.numbers["variation"]
    assert 'class="spc-trajectory"' in page and 'class="spc-target"' in page


def test_a_gap_in_the_series_breaks_the_line_on_the_page_and_in_the_api(client, world):
    party, ind = world["party"], indicator()
    Measurement.objects.filter(
        organisation=party, indicator=ind, period__label__in=["2021-03", "2021-04", "2021-05"]
    ).delete()
    client.force_login(world["viewer"])
    url = reverse("organisation-indicator", args=[party.code, ind.code])
    page = client.get(url).content.decode()
    assert page.count('class="spc-line"') == 2
    assert "The line is broken at 1 place where periods are missing" in page
    points = api_statistics(client, party)["points"]
    assert [p["period"]["label"] for p in points if p["gap_before"]] == ["2021-06"]


@pytest.mark.parametrize("peers", [None, "ccg", "england"])
def test_a_practice_has_the_same_peers_and_funnel_on_the_page_and_in_the_api(client, peers):
    from tests.integration.indicator_pages import build

    economy = build(practices=4, periods=3)
    practice, ind = economy["practices"][1], economy["indicator"]
    client.force_login(UserFactory(role="viewer"))
    query = {"peers": peers} if peers else {}
    statistics = client.get(
        f"/api/v1/organisations/{practice.code}/indicators/{ind.code}/statistics", query
    ).json()
    funnel = statistics["funnel"]
    assert funnel["peer_key"] == (peers or "locality")
    url = reverse("organisation-indicator", args=[practice.code, ind.code])
    table = list(
        csv.DictReader(
            io.StringIO(
                client.get(url, {"format": "csv", "table": "peers", **query}).content.decode()
            )
        )
    )
    drawn = [r for r in table if r["funnel_significance"]]
    assert funnel["peers"] == len(drawn)
    mine = next(r for r in table if r["organisation_code"] == practice.code)
    assert mine["funnel_significance"] == funnel["significance"]
