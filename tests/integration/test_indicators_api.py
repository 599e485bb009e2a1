"""The indicators API: catalogue, definitions with versions, measurements with filters and
disclosure control, and one organisation's statistics (CIs, SPC, funnel against its peers)."""

import datetime as dt

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concord.access.roles import ANALYST, grant
from concord.indicators.definitions import DEFINITIONS_DIR, load_definitions, read_definition
from concord.indicators.importers import MeasurementsCsvImporter
from concord.indicators.models import Indicator, Measurement
from concord.organisations.models import Kind, RelationshipKind
from concord.stats import funnels, spc
from concord.stats.disclosure import disclose_count
from tests.factories import (
    CCGFactory,
    OrganisationFactory,
    PracticeFactory,
    RelationshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
DEM = "qof-prevalence-dem"
RATE = "dementia-diagnosis-rate-65"
HEADER = "indicator,organisation,period,numerator,denominator"


@pytest.fixture
def api(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def analyst_api(client):
    user = UserFactory(role="viewer")
    grant(user, ANALYST)
    client.force_login(user)
    return client


def import_lines(tmp_path, lines, name="figures.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n")
    return MeasurementsCsvImporter(path, progress=False).run()


def build_ccg(tmp_path, practices: int, months: int = 0, name="figures.csv"):
    """A CCG with a PCN and `practices` practices with QOF registers for two years and, when
    `months` is given, a monthly diagnosis rate (registers over estimates) from April 2019."""
    load_definitions()
    ccg, pcn = CCGFactory(), OrganisationFactory(kind=Kind.PCN)
    RelationshipFactory(child=pcn, parent=ccg)
    members = [PracticeFactory() for _ in range(practices)]
    lines = []
    for i, practice in enumerate(members):
        RelationshipFactory(child=practice, parent=ccg)
        RelationshipFactory(child=practice, parent=pcn, kind=RelationshipKind.MEMBER_OF)
        lines += [f"{DEM},{practice.code},2019-20,{30 + i},{4000 + 100 * i}"]
        lines += [f"{DEM},{practice.code},2020-21,{35 + 2 * i},{4100 + 100 * i}"]
        for m in range(months):
            year, month = 2019 + (3 + m) // 12, (3 + m) % 12 + 1
            lines.append(f"{RATE},{practice.code},{year}-{month:02d},{40 + (m * 7 + i) % 9},60")
    import_lines(tmp_path, lines, name)
    return {"ccg": ccg, "pcn": pcn, "practices": members}


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


# -- access ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/api/v1/indicators", "/api/v1/measurements", f"/api/v1/indicators/{DEM}"],
)
def test_the_viewer_role_is_needed(client, path):
    load_definitions()
    assert client.get(path).status_code == 401
    client.force_login(UserFactory())
    assert client.get(path).status_code == 403


# -- catalogue and definitions -----------------------------------------------------------------
def test_the_catalogue_lists_every_definition_loaded(api):
    load_definitions()
    listed = items(api.get("/api/v1/indicators", {"limit": 100}))
    assert [i["code"] for i in listed] == list(
        Indicator.objects.order_by("code").values_list("code", flat=True)
    )
    assert len(listed) == len(list(DEFINITIONS_DIR.glob("*.toml")))
    assert listed[0]["url"] == f"http://testserver/api/v1/indicators/{listed[0]['code']}"


def test_a_definition_carries_its_governance_fields_and_versions(api):
    load_definitions()
    data = read_definition(DEFINITIONS_DIR / f"{RATE}.toml")
    found = api.get(f"/api/v1/indicators/{RATE}").json()
    for field in ("authored_by", "checked_by", "unit", "denominator_kind", "polarity"):
        assert found[field] == data[field]
    assert found["date_reviewed"] == data["date_reviewed"].isoformat()
    assert found["next_review"] == data["next_review"].isoformat()
    assert found["national_target"] == data["national_target"]
    assert found["numerator_definition"] == data["numerator"]
    (version,) = found["versions"]
    assert version["number"] == 1 and version["definition"]["code"] == RATE
    assert api.get("/api/v1/indicators/no-such-thing").status_code == 404


# -- measurements ------------------------------------------------------------------------------
def test_measurements_filter_by_indicator_organisation_period_and_kind(api, tmp_path):
    economy = build_ccg(tmp_path, 3)
    first = economy["practices"][0]
    url = "/api/v1/measurements"
    mine = items(api.get(url, {"indicator": DEM, "organisation": first.code}))
    assert [m["period"]["label"] for m in mine] == ["2019-20", "2020-21"]
    later = items(api.get(url, {"indicator": DEM, "period_from": "2020-04-01"}))
    assert {m["period"]["label"] for m in later} == {"2020-21"}
    earlier = items(api.get(url, {"period_to": "2020-03-31"}))
    assert {m["period"]["label"] for m in earlier} == {"2019-20"}
    ccgs = items(api.get(url, {"kind": "ccg", "period_from": "2020-04-01"}))
    (ccg,) = ccgs
    assert ccg["organisation"]["code"] == economy["ccg"].code and ccg["is_aggregate"]
    expected = sum(35 + 2 * i for i in range(3))
    assert ccg["numerator"] == disclose_count(expected)


def test_within_answers_on_the_hierarchy_of_as_at(api, tmp_path):
    economy = build_ccg(tmp_path, 2)
    mover = economy["practices"][1]
    mover.links_up.update(end=D("2020-12-31"))  # left the CCG and its PCN
    params = {"within": economy["ccg"].code, "kind": "practice", "period_from": "2020-04-01"}
    before = items(api.get("/api/v1/measurements", {**params, "as_at": "2020-06-01"}))
    after = items(api.get("/api/v1/measurements", {**params, "as_at": "2021-06-01"}))
    assert {m["organisation"]["code"] for m in before} == {p.code for p in economy["practices"]}
    assert {m["organisation"]["code"] for m in after} == {economy["practices"][0].code}


def test_the_total_counts_every_row_not_just_the_page(api, tmp_path):
    build_ccg(tmp_path, 4)
    response = api.get("/api/v1/measurements", {"kind": "practice", "limit": 3})
    assert len(items(response)) == 3
    assert response.json()["count"] == Measurement.objects.practices().count() == 8


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"indicator": "no-such-indicator"}, "indicator"),
        ({"organisation": "NOPE"}, "organisation"),
        ({"within": "NOPE"}, "within"),
        ({"period_from": "soon"}, "period_from"),
    ],
)
def test_bad_filters_are_422_naming_the_parameter(api, params, field):
    load_definitions()
    response = api.get("/api/v1/measurements", params)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert field in error["loc"]


# -- disclosure control ------------------------------------------------------------------------
@pytest.fixture
def small_and_large(tmp_path):
    load_definitions()
    small, large = PracticeFactory(), PracticeFactory()
    import_lines(
        tmp_path, [f"{DEM},{small.code},2020-21,3,1234", f"{DEM},{large.code},2020-21,48,5123"]
    )
    return small, large


def by_code(response) -> dict:
    return {m["organisation"]["code"]: m for m in items(response)}


def test_a_viewer_sees_small_counts_suppressed_and_others_rounded(api, small_and_large):
    small, large = small_and_large
    shown = by_code(api.get("/api/v1/measurements", {"indicator": DEM}))
    assert shown[small.code]["numerator"] == "*" and shown[small.code]["value"] == "*"
    assert shown[small.code]["lower_95"] is None and shown[small.code]["upper_998"] is None
    assert shown[small.code]["denominator"] == 1235
    assert (shown[large.code]["numerator"], shown[large.code]["denominator"]) == (50, 5125)
    assert shown[large.code]["value"] == pytest.approx(50 / 5125 * 100)
    assert shown[large.code]["disclosure"] == "controlled"


def test_an_analyst_sees_the_raw_counts(analyst_api, small_and_large):
    small, large = small_and_large
    shown = by_code(analyst_api.get("/api/v1/measurements", {"indicator": DEM}))
    raw = Measurement.objects.get(organisation=small)
    assert (shown[small.code]["numerator"], shown[small.code]["denominator"]) == (3, 1234)
    assert shown[small.code]["value"] == pytest.approx(raw.value)
    assert shown[small.code]["lower_95"] == pytest.approx(raw.lower_95)
    assert shown[large.code]["numerator"] == 48 and shown[large.code]["disclosure"] == "raw"


# -- statistics --------------------------------------------------------------------------------
def statistics_url(org, code=RATE) -> str:
    return f"/api/v1/organisations/{org.code}/indicators/{code}/statistics"


def test_statistics_give_the_series_with_limits_and_its_spc_chart(analyst_api, tmp_path):
    economy = build_ccg(tmp_path, 3, months=20)
    practice = economy["practices"][0]
    found = analyst_api.get(statistics_url(practice)).json()
    stored = list(
        Measurement.objects.filter(organisation=practice, indicator__code=RATE).order_by(
            "period__start"
        )
    )
    assert [p["period"]["label"] for p in found["points"]] == [m.period.label for m in stored]
    assert [p["value"] for p in found["points"]] == pytest.approx([m.value for m in stored])
    assert [p["lower_95"] for p in found["points"]] == pytest.approx([m.lower_95 for m in stored])
    expected = spc.xmr_chart([m.value for m in stored], rules="mdc", improvement="up", target=66.7)
    assert found["spc"]["variation_icon"] == expected.variation_icon
    assert found["spc"]["assurance_icon"] == expected.assurance_icon
    assert (found["spc"]["rules"], found["spc"]["target"]) == ("mdc", 66.7)
    for point, want in zip(found["points"], expected.points, strict=True):
        assert point["special_cause"] == want.special_cause
        assert point["classification"] == want.classification
        assert point["upper_limit"] == pytest.approx(want.upper_limit)


def test_statistics_take_the_rule_set_and_rebasing(analyst_api, tmp_path):
    economy = build_ccg(tmp_path, 2, months=26)
    url = statistics_url(economy["practices"][0])
    found = analyst_api.get(url, {"rules": "ptd", "rebase_at": "2020-04"}).json()
    assert found["spc"]["rules"] == "ptd"
    segments = [p["segment"] for p in found["points"]]
    assert segments == [0] * 12 + [1] * 14
    assert analyst_api.get(url, {"rules": "other"}).status_code == 422
    assert analyst_api.get(url, {"rebase_at": "1999-01"}).status_code == 422


def test_the_latest_period_is_placed_on_a_funnel_of_its_peers(analyst_api, tmp_path):
    economy = build_ccg(tmp_path, 5, months=1)
    build_ccg(tmp_path, 2, name="other-ccg.csv")  # practices elsewhere are not peers
    practice = economy["practices"][2]
    found = analyst_api.get(statistics_url(practice, DEM)).json()
    peers = sorted(economy["practices"], key=lambda p: p.pk)
    x = np.array([35 + 2 * economy["practices"].index(p) for p in peers], dtype=float)
    n = np.array([4100 + 100 * economy["practices"].index(p) for p in peers], dtype=float)
    expected = funnels.proportion_funnel(x, n, 100)
    at = peers.index(practice)
    funnel = found["funnel"]
    assert funnel["peers"] == 5 and funnel["peer_group"]["code"] == economy["ccg"].code
    assert funnel["period"]["label"] == "2020-21" and funnel["method"] == "proportion"
    assert funnel["baseline"] == pytest.approx(expected["baseline"])
    assert funnel["upper_998"] == pytest.approx(expected["upper_998"][at])
    assert funnel["significance"] == expected["significance"][at]


def test_a_value_published_without_counts_has_no_funnel(analyst_api, tmp_path):
    economy = build_ccg(tmp_path, 1)
    Measurement.objects.filter(organisation=economy["ccg"]).update(numerator=None, value=0.8)
    found = analyst_api.get(statistics_url(economy["ccg"], DEM)).json()
    assert found["funnel"] is None and "without counts" in found["funnel_note"]


def test_unknown_organisation_or_indicator_is_404(api, tmp_path):
    economy = build_ccg(tmp_path, 1)
    assert api.get(statistics_url(economy["practices"][0], "nope")).status_code == 404
    assert api.get(f"/api/v1/organisations/NOPE/indicators/{DEM}/statistics").status_code == 404


# -- query counts ------------------------------------------------------------------------------
def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_measurement_queries_do_not_grow_with_rows(api, tmp_path):
    small = build_ccg(tmp_path, 2, months=2, name="small.csv")
    large = build_ccg(tmp_path, 30, months=2, name="large.csv")
    counts = [
        queries(api, "/api/v1/measurements", {"within": e["ccg"].code, "limit": 500})
        for e in (small, large)
    ]
    assert counts[0] == counts[1] <= 10


def test_statistics_queries_do_not_grow_with_rows(api, tmp_path):
    small = build_ccg(tmp_path, 3, months=14, name="small.csv")
    large = build_ccg(tmp_path, 40, months=30, name="large.csv")
    for code in (RATE, DEM):
        counts = [queries(api, statistics_url(e["practices"][0], code)) for e in (small, large)]
        assert counts[0] == counts[1] <= 16
    assert queries(api, f"/api/v1/indicators/{DEM}") <= 6
