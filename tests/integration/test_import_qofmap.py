"""The QOF geography map: practice → PCN → CCG → STP → region → nation, dated by its QOF year."""

import csv
import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db.models import Count

from concord.organisations.kinds import COMMISSIONER_KINDS, Kind, RelationshipKind
from concord.organisations.models import Organisation, Relationship

from .importing import (
    clear_registry,
    import_fails,
    imported_for_module,
    read_lines,
    registry_counts,
    run_import,
    write_lines,
)

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]
AS_AT_2021 = dt.date(2021, 4, 1)  # the 2020-21 map describes the CCGs formed on 1 April 2021
AS_AT_1920 = dt.date(2020, 4, 1)


@pytest.fixture(scope="module")
def map_2021(realdata):
    return realdata / "qof-2020-21" / "MAPPING_NHS_GEOGRAPHIES_2021.csv"


@pytest.fixture(scope="module")
def map_1920(realdata):
    return realdata / "qof-2019-20" / "MAPPING_NHS_GEOGRAPHIES_1920.csv"


def read_rows(path):
    with open(path, encoding="latin-1", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def rows_2021(map_2021):
    return read_rows(map_2021)


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup, django_db_blocker, map_2021):
    with imported_for_module(django_db_blocker, ("qof-map", map_2021)):
        yield


def codes(qs):
    return set(qs.values_list("code", flat=True))


@pytest.mark.parametrize(
    "kind, column",
    [
        (Kind.NATION, "NAT_CODE"),
        (Kind.REGION, "REGION_ODS_CODE"),
        (Kind.STP, "STP_ODS_CODE"),
        (Kind.CCG, "CCG_ODS_CODE"),
        (Kind.PCN, "PCN_ODS_CODE"),
        (Kind.PRACTICE, "PRACTICE_CODE"),
    ],
)
def test_every_organisation_of_the_map_is_in_the_registry(rows_2021, kind, column):
    expected = {r[column] for r in rows_2021} - {"U"}  # "U": the practice is in no PCN
    assert codes(Organisation.objects.of_kind(kind)) == expected


@pytest.mark.parametrize(
    "level, code", [("CCG_ODS_CODE", "02H"), ("STP_ODS_CODE", "QE1"), ("NAT_CODE", "ENG")]
)
def test_practices_within_each_level_match_the_file(rows_2021, level, code):
    expected = {r["PRACTICE_CODE"] for r in rows_2021 if r[level] == code}
    area = Organisation.objects.get(code=code)
    practices = Organisation.objects.practices().within(area, as_at=AS_AT_2021)
    # through PCNs that span two CCGs a CCG reaches a few practices of its neighbour
    pcns_of_area = {r["PCN_ODS_CODE"] for r in rows_2021 if r[level] == code} - {"U"}
    reached = {r["PRACTICE_CODE"] for r in rows_2021 if r["PCN_ODS_CODE"] in pcns_of_area}
    assert expected <= codes(practices) <= expected | reached
    assert not codes(Organisation.objects.practices().within(area, as_at=AS_AT_1920))


def test_names_and_ons_codes_come_from_the_map(rows_2021):
    wigan = next(r for r in rows_2021 if r["CCG_ODS_CODE"] == "02H")
    ccg = Organisation.objects.get(code="02H")
    assert (ccg.name, ccg.ons_code) == (wigan["CCG_NAME"], wigan["CCG_ONS_CODE"])
    stp = Organisation.objects.get(code=wigan["STP_ODS_CODE"])
    assert (stp.name, stp.ons_code) == (wigan["STP_NAME"], wigan["STP_ONS_CODE"])


def test_a_pcn_with_practices_in_two_ccgs_spans_both(rows_2021):
    ccgs_of_pcn = defaultdict(Counter)
    for r in rows_2021:
        if r["PCN_ODS_CODE"] != "U":
            ccgs_of_pcn[r["PCN_ODS_CODE"]][r["CCG_ODS_CODE"]] += 1
    code, ccgs = next((p, c) for p, c in sorted(ccgs_of_pcn.items()) if len(c) > 1)
    pcn = Organisation.objects.get(code=code)
    links = Relationship.objects.filter(child=pcn, kind=RelationshipKind.PART_OF)
    most = min(ccgs, key=lambda c: (-ccgs[c], c))
    assert [link.parent.code for link in links] == [most]
    for ccg in ccgs:
        own = {r["PRACTICE_CODE"] for r in rows_2021 if r["PCN_ODS_CODE"] == code}
        own &= {r["PRACTICE_CODE"] for r in rows_2021 if r["CCG_ODS_CODE"] == ccg}
        within = Organisation.objects.practices().within(
            Organisation.objects.get(code=ccg), AS_AT_2021
        )
        assert own <= codes(within)


def test_importing_twice_changes_nothing(map_2021):
    before = registry_counts()
    assert "already imported" in run_import("qof-map", map_2021)
    again = run_import("qof-map", map_2021, "--force")
    assert "0 created, 0 updated" in again and "0 dated links and statuses closed" in again
    assert registry_counts() == {**before, "organisations.ImportBatch": 2}


@pytest.mark.slow
def test_the_2019_20_map_keeps_its_own_period_before_the_2020_21_one(map_1920, rows_2021):
    rows_1920 = read_rows(map_1920)
    run_import("qof-map", map_1920)  # an older vintage after a newer one
    before = {r["PRACTICE_CODE"]: r["CCG_ODS_CODE"] for r in rows_1920}
    moved = sorted(
        (r["PRACTICE_CODE"], before[r["PRACTICE_CODE"]], r["CCG_ODS_CODE"])
        for r in rows_2021
        if r["PRACTICE_CODE"] in before and before[r["PRACTICE_CODE"]] != r["CCG_ODS_CODE"]
    )
    assert moved, "CCGs merged on 1 April 2021 (e.g. X2C4Y Kirklees)"
    for practice, old, new in moved:
        links = Relationship.objects.filter(child__code=practice, kind=RelationshipKind.PART_OF)
        periods = set(links.values_list("parent__code", "start", "end"))
        assert periods == {
            (old, AS_AT_1920, AS_AT_2021 - dt.timedelta(days=1)),
            (new, AS_AT_2021, None),
        }
    stp = next(r for r in rows_1920 if r["STP_NAME"].endswith(" STP"))
    assert Organisation.objects.get(code=stp["STP_ODS_CODE"]).name == stp["STP_NAME"][:-4]


@pytest.mark.slow
def test_practice_part_of_ccg_from_epraccur_and_from_the_map_is_one_link(realdata, rows_2021):
    run_import("epraccur", realdata / "ods-epraccur-2023-02" / "epraccur.csv")
    in_map = {r["PRACTICE_CODE"]: r["CCG_ODS_CODE"] for r in rows_2021}
    links = Relationship.objects.filter(
        kind=RelationshipKind.PART_OF, child__code__in=in_map, parent__kind__in=COMMISSIONER_KINDS
    )
    for on in (AS_AT_2021, dt.date(2021, 12, 1), dt.date(2023, 1, 1)):
        twice = links.in_force(on).values("child").annotate(n=Count("id")).filter(n__gt=1)
        assert not twice.exists(), on
    kirklees = {p for p, ccg in in_map.items() if ccg == "X2C4Y"}
    to_kirklees = links.filter(parent__code="X2C4Y", child__code__in=kirklees)
    assert to_kirklees.count() == len(kirklees)  # same link from both files, not two


# -- dates and refusals on small copies -----------------------------------------------------


def test_a_map_without_a_year_in_its_name_needs_as_at(map_2021, tmp_path):
    clear_registry()  # inside this test's transaction: rolled back afterwards
    path = write_lines(tmp_path / "geography.csv", read_lines(map_2021)[:30])
    error = import_fails("qof-map", path)
    assert "geography.csv: the map carries no dates" in error and "--as-at" in error
    run_import("qof-map", path, "--as-at", "2021-06-01")
    practice = next(csv.DictReader(read_lines(path)))["PRACTICE_CODE"]
    starts = Relationship.objects.filter(child__code=practice).values_list("start", flat=True)
    assert set(starts) == {dt.date(2021, 6, 1)}


def corrupt(map_2021, tmp_path, column, value):
    lines = read_lines(map_2021)
    header = next(csv.reader(lines[:1]))
    fields = next(csv.reader(lines[50:51]))
    fields[header.index(column)] = value
    lines[50] = ",".join(f'"{f}"' for f in fields) + "\n"
    return write_lines(tmp_path / map_2021.name, lines)


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("CCG_ONS_CODE", "38000205", "expected an ONS code such as E38000205, found '38000205'"),
        ("CCG_NAME", "", "expected a value, found nothing"),
        ("PRACTICE_CODE", "not a code", "expected a code, found 'not a code'"),
    ],
)
def test_a_corrupted_copy_is_refused_and_nothing_is_written(
    map_2021, tmp_path, column, value, message
):
    path = corrupt(map_2021, tmp_path, column, value)
    before = registry_counts()
    error = import_fails("qof-map", path)
    assert f"{map_2021.name}, row 51, column {column}: {message}" in error
    assert registry_counts() == before


def test_a_practice_mapped_twice_and_a_short_row_are_refused(map_2021, tmp_path):
    lines = read_lines(map_2021)
    twice = write_lines(tmp_path / map_2021.name, [*lines[:20], lines[5]])
    assert "row 21, column PRACTICE_CODE: " in import_fails("qof-map", twice)
    short = write_lines(tmp_path / map_2021.name, [*lines[:20], "E92000001,ENG\n"])
    assert "row 21: expected 16 columns, found 2" in import_fails("qof-map", short)
