"""Indicator pages: catalogue, definition, organisation × indicator, comparison. Disclosure
control for non-analysts, raw figures for analysts, SVG that parses, CSV downloads."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from concord.access.roles import ANALYST, grant, is_analyst
from concord.indicators.limits import estimate
from concord.indicators.models import Indicator, Measurement
from concord.stats.disclosure import disclose_count
from concord.stats.spc import xmr_chart
from tests.factories import UserFactory
from tests.integration.indicator_pages import DEMENTIA, SMALL, build

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
MONTHS = 15


@pytest.fixture
def economy():
    return build(practices=4, periods=MONTHS)


@pytest.fixture
def analyst():
    user = UserFactory(role="viewer")
    grant(user, ANALYST)
    return user


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def svg_of(html: str, ident: str) -> ET.Element:
    """The <svg id=ident> in the page, parsed as XML (so it must be well formed)."""
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg"')
    while f'id="{ident}"' not in html[start : html.index(">", start)]:
        start = html.index('<svg xmlns="http://www.w3.org/2000/svg"', start + 1)
    end = html.index("</svg>", start)
    depth = html.count("<svg", start + 1, end)
    for _ in range(depth):
        end = html.index("</svg>", end + 1)
    return ET.fromstring(html[start : end + len("</svg>")])


def marks(svg: ET.Element, css_class: str) -> list:
    return [e for e in svg.iter(f"{SVG}circle") if css_class in e.get("class", "").split()]


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_analyst_is_a_capability_beside_the_roles(viewer, analyst, admin_user):
    assert is_analyst(analyst) and not is_analyst(viewer) and not is_analyst(admin_user)
    assert is_analyst(UserFactory(is_superuser=True))


def test_catalogue_lists_every_indicator_and_flags_overdue_reviews(client, viewer, economy):
    Indicator.objects.filter(code=DEMENTIA).update(
        date_reviewed=dt.date(2020, 1, 1), next_review=dt.date(2021, 1, 1)
    )
    response = get(client, viewer, "indicators")
    html = response.content.decode()
    for indicator in Indicator.objects.all():
        assert indicator.title in html
    assert html.count("nhsuk-tag--red") == 1  # only the dementia review is overdue
    assert "66.7" in html


def test_definition_shows_governance_and_versions(client, viewer, economy):
    indicator = economy["indicator"]
    response = get(client, viewer, "indicator", indicator.code)
    html = response.content.decode()
    for text in (indicator.authored_by, indicator.checked_by, indicator.numerator_definition):
        assert text in html
    assert indicator.next_review.strftime("%-d %B %Y") in html
    assert indicator.versions.get().content_hash[:12] in html


def test_practice_page_draws_spc_and_funnel(client, viewer, economy):
    practice, indicator = economy["practices"][1], economy["indicator"]
    response = get(client, viewer, "organisation-indicator", practice.code, indicator.code)
    assert response.status_code == 200
    html = response.content.decode()
    spc = svg_of(html, "spc-chart")
    assert spc.get("role") == "img"
    assert spc.find(f"{SVG}title").text and spc.find(f"{SVG}desc").text
    points = marks(spc, "spc-point")
    assert len(points) == MONTHS
    stored = Measurement.objects.filter(indicator=indicator, organisation=practice)
    values = [  # what a viewer sees: values from the rounded counts
        estimate(indicator, disclose_count(m.numerator), disclose_count(m.denominator))["value"]
        for m in stored.order_by("period__start")
    ]
    chart = xmr_chart(values, rules="mdc", improvement="up", target=indicator.national_target)
    assert [p.get("data-classification") for p in points] == [
        p.classification for p in chart.points
    ]
    assert len(list(spc.iter(f"{SVG}line"))) > 0
    funnel = svg_of(html, "funnel-chart")
    # the locality's practices, less the first whose numerator (5) is suppressed
    assert len(marks(funnel, "funnel-point")) == len(economy["practices"]) - 1
    assert len(marks(funnel, "funnel-highlight")) == 1


def test_non_analysts_see_suppressed_and_rounded_counts(client, viewer, economy):
    small, indicator = economy["practices"][0], economy["indicator"]
    response = get(
        client, viewer, "organisation-indicator", small.code, indicator.code, format="csv"
    )
    rows = csv_rows(response)
    assert len(rows) == MONTHS
    first = rows[0]
    assert first["numerator"] == "*" and first["denominator"] == str(disclose_count(SMALL[1]))
    assert first["value"] == first["lower_95"] == "" and first["suppressed"] == "True"
    practice = economy["practices"][2]
    rows = csv_rows(
        get(client, viewer, "organisation-indicator", practice.code, indicator.code, format="csv")
    )
    stored = Measurement.objects.filter(indicator=indicator, organisation=practice)
    for row, m in zip(rows, stored.order_by("period__start"), strict=True):
        numerator, denominator = disclose_count(m.numerator), disclose_count(m.denominator)
        assert (row["numerator"], row["denominator"]) == (str(numerator), str(denominator))
        expected = estimate(indicator, numerator, denominator)
        assert float(row["value"]) == pytest.approx(expected["value"], rel=1e-5)
        assert float(row["lower_95"]) == pytest.approx(expected["lower_95"], rel=1e-5)


def test_analysts_see_raw_counts(client, analyst, economy):
    small, indicator = economy["practices"][0], economy["indicator"]
    rows = csv_rows(
        get(client, analyst, "organisation-indicator", small.code, indicator.code, format="csv")
    )
    m = Measurement.objects.filter(indicator=indicator, organisation=small).earliest(
        "period__start"
    )
    assert (rows[0]["numerator"], rows[0]["denominator"]) == ("5", "23")
    assert float(rows[0]["value"]) == pytest.approx(m.value, rel=1e-5)
    html = get(client, analyst, "organisation-indicator", small.code, indicator.code)
    assert "You hold the analyst role" in html.content.decode()


def test_page_table_shows_suppression_to_viewers(client, viewer, economy):
    small, indicator = economy["practices"][0], economy["indicator"]
    html = get(client, viewer, "organisation-indicator", small.code, indicator.code)
    html = html.content.decode()
    assert "Disclosure control" in html
    assert f">{disclose_count(SMALL[1])}<" in html and ">23<" not in html
    # every value is suppressed, so there is nothing to chart
    assert "spc-chart" not in html and "fewer than two periods have a value" in html


def test_peers_csv_and_choice_of_peers(client, viewer, economy):
    practice, indicator = economy["practices"][1], economy["indicator"]
    in_locality = csv_rows(
        get(
            client,
            viewer,
            "organisation-indicator",
            practice.code,
            indicator.code,
            format="csv",
            table="peers",
        )
    )
    assert {r["organisation_code"] for r in in_locality} == {p.code for p in economy["practices"]}
    national = csv_rows(
        get(
            client,
            viewer,
            "organisation-indicator",
            practice.code,
            indicator.code,
            format="csv",
            table="peers",
            peers="england",
        )
    )
    assert len(national) == len(economy["practices"]) + 1  # and the other CCG's practice


def test_ccg_is_compared_with_every_ccg(client, viewer, economy):
    ccg, indicator = economy["ccg"], economy["indicator"]
    response = get(client, viewer, "organisation-indicator", ccg.code, indicator.code)
    html = response.content.decode()
    funnel = svg_of(html, "funnel-chart")
    assert len(marks(funnel, "funnel-point")) == 2
    assert economy["other_ccg"].name in html


@pytest.mark.parametrize(
    "params, words",
    [
        ({"period": "1999-01"}, "period='1999-01'"),
        ({"peers": "galaxy"}, "peers='galaxy'"),
        ({"rebase": "2040-01"}, "rebase=2040-01"),
        ({"format": "pdf"}, "format='pdf'"),
    ],
)
def test_bad_parameters_get_a_clear_message(client, viewer, economy, params, words):
    practice, indicator = economy["practices"][1], economy["indicator"]
    response = get(
        client, viewer, "organisation-indicator", practice.code, indicator.code, **params
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert words in response.content.decode().replace("&#x27;", "'")


def test_rebasing_restarts_the_limits(client, viewer, economy):
    practice, indicator = economy["practices"][1], economy["indicator"]
    label = economy["periods"][7].label
    response = get(
        client, viewer, "organisation-indicator", practice.code, indicator.code, rebase=label
    )
    spc = svg_of(response.content.decode(), "spc-chart")
    assert len([e for e in spc.iter(f"{SVG}line") if e.get("class") == "spc-rebase"]) == 1
    assert len([e for e in spc.iter(f"{SVG}line") if e.get("class") == "spc-mean"]) == 2


def test_unknown_organisation_or_indicator_is_not_found(client, viewer, economy):
    assert get(client, viewer, "organisation-indicator", "NOPE", DEMENTIA).status_code == 404
    practice = economy["practices"][1]
    assert get(client, viewer, "organisation-indicator", practice.code, "nope").status_code == 404


def test_pages_need_the_viewer_role(client, economy):
    practice = economy["practices"][1]
    response = get(client, UserFactory(), "organisation-indicator", practice.code, DEMENTIA)
    assert response.status_code == 403
    client.logout()
    response = client.get(reverse("indicators"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_organisation_page_links_to_its_indicators(client, viewer, economy):
    ccg, indicator = economy["ccg"], economy["indicator"]
    html = get(client, viewer, "organisation", ccg.code).content.decode()
    url = reverse("organisation-indicator", args=[ccg.code, indicator.code])
    assert url in html
    latest = Measurement.objects.filter(indicator=indicator, organisation=ccg).latest(
        "period__start"
    )
    shown = estimate(
        indicator, disclose_count(latest.numerator), disclose_count(latest.denominator)
    )
    assert f"{shown['value']:.2f}%" in html
