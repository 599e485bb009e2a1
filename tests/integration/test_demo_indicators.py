"""The demo's indicator figures: real QOF registers for the demo practices with correct roll-ups,
Wigan's monthly dementia diagnosis rate, loaded once however often the demo runs."""

import csv
import datetime as dt
import io
from collections import defaultdict

import pytest
from django.apps import apps
from django.core.management import call_command

from concord.demo.indicators import PUBLISHED_FILE, QOF_FILES, load_demo_indicators
from concord.demo.loader import data_file, load_demo, read
from concord.indicators.models import Measurement
from concord.organisations.models import Kind, Organisation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
DEMO_CCGS = ("02H", "00X", "01E")
QOF_2021 = "qof_prevalence_2021.csv"
RATE = "dementia-diagnosis-rate-65"
PUBLISHED = {
    "qof_prevalence_2021.csv": "qof-2020-21/PREVALENCE_2021_v2.csv",
    "qof_prevalence_1920.csv": "qof-2019-20/PREVALENCE_1920.csv",
}


@pytest.fixture
def demo(db):
    load_demo()
    return load_demo_indicators()


def registers(name: str, group: str) -> dict[str, tuple[int, int]]:
    """{practice: (register, list size)} of one register in a demo QOF file."""
    rows = read(name)
    size = "PRACTICE_LIST_SIZE" if "PRACTICE_LIST_SIZE" in rows[0] else "PATIENT_LIST_SIZE"
    return {
        r["PRACTICE_CODE"]: (int(r["REGISTER"]), int(r[size]))
        for r in rows
        if r["GROUP_CODE"] == group
    }


def stored(code: str, period: str, org_codes) -> dict[str, Measurement]:
    found = Measurement.objects.for_indicator(code).in_period(period)
    found = found.filter(organisation__code__in=list(org_codes)).select_related("organisation")
    return {m.organisation.code: m for m in found}


def practices_within(code: str, as_at: dt.date) -> set[str]:
    org = Organisation.objects.get(code=code)
    return set(
        Organisation.objects.practices().within(org, as_at=as_at).values_list("code", flat=True)
    )


@pytest.mark.parametrize(("name", "period"), QOF_FILES.items())
def test_practices_carry_their_published_dementia_registers(demo, name, period):
    published = registers(name, "DEM")
    found = stored("qof-prevalence-dem", period, published)
    assert set(found) == set(published)
    for code, (register, list_size) in published.items():
        assert (found[code].numerator, found[code].denominator) == (register, list_size)
        assert found[code].value == pytest.approx(register / list_size * 100)


@pytest.mark.parametrize(("name", "period"), QOF_FILES.items())
def test_ccgs_pcns_and_localities_are_the_sums_of_their_practices(demo, name, period):
    published = registers(name, "DEM")
    as_at = dt.date(int(period[:4]) + 1, 4, 1)  # QOF's geography: the day after the year
    parents = Organisation.objects.filter(kind__in=[Kind.CCG, Kind.PCN, Kind.LOCALITY])
    found = stored("qof-prevalence-dem", period, parents.values_list("code", flat=True))
    checked = set()
    for parent in parents:
        members = practices_within(parent.code, as_at) & set(published)
        if not members:
            continue
        expected = [sum(published[p][k] for p in members) for k in (0, 1)]
        assert [found[parent.code].numerator, found[parent.code].denominator] == expected
        assert found[parent.code].is_aggregate
        checked.add(parent.kind)
    assert {Kind.CCG, Kind.PCN} <= checked
    ccg_total = sum(found[c].numerator for c in DEMO_CCGS)
    assert ccg_total == sum(register for register, _ in published.values())


def test_all_21_registers_reach_the_ccgs_for_2020_21(demo):
    groups = {r["GROUP_CODE"] for r in read(QOF_2021)}
    assert len(groups) == 21
    for ccg in DEMO_CCGS:
        codes = set(
            Measurement.objects.in_period("2020-21")
            .filter(organisation__code=ccg)
            .values_list("indicator__code", flat=True)
        )
        assert codes == {f"qof-prevalence-{g.lower()}" for g in groups}


def test_wigan_has_48_months_of_the_dementia_diagnosis_rate(demo):
    rows = read(PUBLISHED_FILE)
    series = Measurement.objects.for_indicator(RATE).filter(organisation__code="02H")
    series = list(series.order_by("period__start").select_related("period"))
    assert len(series) == len(rows) == 48
    assert (series[0].period.label, series[-1].period.label) == ("2017-02", "2021-01")
    for m, row in zip(series, rows, strict=True):
        assert (m.value, m.lower_95, m.upper_95) == tuple(
            float(row[k]) for k in ("value", "lower_95", "upper_95")
        )
        assert m.numerator is None and m.denominator is None and m.batch is not None


def test_the_wigan_series_gives_a_full_spc_chart_with_the_national_target(client, demo):
    client.force_login(UserFactory(role="viewer"))
    found = client.get(f"/api/v1/organisations/02H/indicators/{RATE}/statistics").json()
    assert len(found["points"]) == 48
    assert found["spc"]["target"] == 66.7 and found["spc"]["variation_icon"] is not None
    assert all(p["mean"] is not None for p in found["points"])


def test_the_data_readme_names_the_source_of_each_indicator_file():
    readme = data_file("README.md").read_text(encoding="utf-8")
    for name in (*QOF_FILES, PUBLISHED_FILE):
        (line,) = [line for line in readme.splitlines() if line.startswith(f"- `{name}`: ")]
        assert "NHS Digital" in line
    assert "DjangoDementiaDashboard" in readme


def table_counts() -> dict[str, int]:
    models = [
        m for app in ("indicators", "organisations") for m in apps.get_app_config(app).get_models()
    ]
    return {model._meta.label: model.objects.count() for model in models}


def test_loading_again_creates_nothing(demo):
    before = table_counts()
    load_demo_indicators()
    assert table_counts() == before


def test_the_demo_command_loads_the_indicators():
    call_command("concord_demo", "--no-static", "--no-analytics", stdout=io.StringIO())
    published = Measurement.objects.for_indicator(RATE).filter(computation__isnull=True)
    assert published.count() == 48  # as NHS Digital published them, February 2017 - January 2021
    continued = Measurement.objects.for_indicator(RATE).filter(computation__synthetic=True)
    assert continued.filter(organisation__code="02H", period__label="2021-02").exists()
    assert Measurement.objects.for_indicator("qof-prevalence-dem").aggregates().exists()


# -- against the published files -------------------------------------------------------------
def published_lines(path) -> list[str]:
    with open(path, encoding="latin-1", newline="") as handle:
        return [line.rstrip("\r\n") for line in handle]


@pytest.mark.realdata
@pytest.mark.parametrize("name", PUBLISHED)
def test_demo_qof_rows_are_the_published_rows_of_the_demo_practices(realdata, name):
    practices = {r["code"] for r in read("organisations.csv") if r["kind"] == Kind.PRACTICE}
    lines = published_lines(realdata / PUBLISHED[name])
    expected = [lines[0], *(line for line in lines[1:] if line.split(",")[0] in practices)]
    assert data_file(name).read_text(encoding="utf-8").splitlines() == expected


@pytest.mark.realdata
def test_demo_dementia_rates_are_the_published_wigan_figures(realdata):
    with open(realdata / "dementia-gm-derived/diagnosis_rates.csv", newline="") as handle:
        wigan = [r for r in csv.DictReader(handle) if r["CCG"] == "WIGAN BOROUGH"]
    demo_rows = read(PUBLISHED_FILE)
    assert [(r["period"], r["value"], r["lower_95"], r["upper_95"]) for r in demo_rows] == [
        (r["DATE"][:7], r["RATE"], r["LL"], r["UL"]) for r in wigan
    ]


@pytest.mark.realdata
def test_every_practice_of_the_demo_ccgs_in_the_qof_map_is_in_the_demo(realdata):
    by_ccg = defaultdict(set)
    path = realdata / "qof-2020-21/MAPPING_NHS_GEOGRAPHIES_2021.csv"
    with open(path, encoding="latin-1", newline="") as handle:
        for row in csv.DictReader(handle):
            by_ccg[row["CCG_ODS_CODE"]].add(row["PRACTICE_CODE"])
    in_file = {r["PRACTICE_CODE"] for r in read(QOF_2021)}
    assert set().union(*(by_ccg[c] for c in DEMO_CCGS)) == in_file
