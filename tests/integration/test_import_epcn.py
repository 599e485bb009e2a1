"""ODS primary care networks (ePCN.xlsx): both sheets, the non-tree PCNs, refusals."""

import datetime as dt
from collections import defaultdict

import pytest
from openpyxl import Workbook, load_workbook

from concord.organisations.kinds import COMMISSIONER_KINDS, Kind, RelationshipKind
from concord.organisations.models import Organisation, Relationship

from .importing import import_fails, imported_for_module, registry_counts, run_import

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]
ON = dt.date(2019, 12, 1)
DETAILS, PARTNERS = "PCN Details", "PCN Core Partner Details"


@pytest.fixture(scope="module")
def epcn(realdata):
    return realdata / "ods-epcn-2019-12" / "ePCN.xlsx"


@pytest.fixture(scope="module")
def sheets(epcn):
    """Both sheets as lists of dicts keyed by their header, read with openpyxl."""
    workbook = load_workbook(epcn, read_only=True)
    result = {}
    for title in (DETAILS, PARTNERS):
        rows = workbook[title].iter_rows(values_only=True)
        header = next(rows)
        result[title] = [dict(zip(header, r, strict=False)) for r in rows if r[0]]
    workbook.close()
    return result


@pytest.fixture(scope="module")
def registry_2019(django_db_setup, django_db_blocker, realdata, epcn):
    epraccur = realdata / "ods-epraccur-2019-12" / "epraccur.csv"
    with imported_for_module(django_db_blocker, ("epraccur", epraccur), ("epcn", epcn)):
        yield


def test_every_pcn_is_part_of_its_ccg_from_its_open_date(registry_2019, sheets):
    details = sheets[DETAILS]
    assert Organisation.objects.pcns().count() == len(details)
    links = Relationship.objects.filter(kind=RelationshipKind.PART_OF, child__kind=Kind.PCN)
    found = set(links.values_list("child__code", "parent__code", "start"))
    expected = {
        (
            d["PCN Code"],
            d["Current Clinical Commissioning Group Code"],
            dt.datetime.strptime(str(d["Open Date (YYYYMMDD)"]), "%Y%m%d").date(),
        )
        for d in details
    }
    assert found == expected


def test_every_core_partner_is_a_member_of_its_pcn(registry_2019, sheets):
    expected = {(p["Partner Organisation Code"], p["PCN Code"]) for p in sheets[PARTNERS]}
    links = Relationship.objects.filter(kind=RelationshipKind.MEMBER_OF).in_force(ON)
    assert set(links.values_list("child__code", "parent__code")) == expected


def test_a_pcn_whose_practices_sit_in_two_ccgs_spans_both(registry_2019, sheets):
    partners = sheets[PARTNERS]
    mismatched = [p for p in partners if p["Practice Parent CCG Code"] != p["PCN Parent CCG Code"]]
    assert len(mismatched) == 30  # as the file's own "match?" column says (README #7)
    pcn_code = mismatched[0]["PCN Code"]
    file_ccgs = defaultdict(set)
    for p in partners:
        if p["PCN Code"] == pcn_code:
            file_ccgs[p["Practice Parent CCG Code"]].add(p["Partner Organisation Code"])
    assert len(file_ccgs) == 2
    pcn = Organisation.objects.get(code=pcn_code)
    members = Organisation.objects.practices().within(pcn, as_at=ON)
    assert set(members.values_list("code", flat=True)) == set().union(*file_ccgs.values())
    own_ccgs = (
        Relationship.objects.filter(kind=RelationshipKind.PART_OF, child__in=members)
        .filter(parent__kind__in=COMMISSIONER_KINDS)
        .in_force(ON)
        .values_list("parent__code", "child__code")
    )
    registry_ccgs = defaultdict(set)
    for ccg, practice in own_ccgs:
        registry_ccgs[ccg].add(practice)
    assert registry_ccgs == file_ccgs
    for ccg, practices in file_ccgs.items():
        within = Organisation.objects.practices().within(Organisation.objects.get(code=ccg), ON)
        assert practices <= set(within.values_list("code", flat=True))


def test_importing_twice_changes_nothing(registry_2019, epcn):
    before = registry_counts()
    assert "already imported" in run_import("epcn", epcn)
    again = run_import("epcn", epcn, "--force")
    assert "0 created, 0 updated" in again and "0 dated links and statuses closed" in again
    assert registry_counts() == {**before, "organisations.ImportBatch": 3}


# -- small workbooks written by the test, with the real sheets' headers -----------------------


def write_workbook(path, sheets, details, partners):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in ((DETAILS, details), (PARTNERS, partners)):
        sheet = workbook.create_sheet(title)
        header = list(sheets[title][0])
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(name) for name in header])
    workbook.save(path)
    return path


def pcn(code="U99991", ccg="02H", opened=20191001):
    return {
        "PCN Code": code,
        "PCN Name": f"TEST PCN {code}",
        "Current Clinical Commissioning Group Code": ccg,
        "Open Date (YYYYMMDD)": opened,
        "Postcode": "WN1 1NJ",
    }


def partner(practice="P99991", pcn_code="U99991", start=20191001, end=None):
    return {
        "Partner Organisation Code": practice,
        "Partner Name": f"TEST PRACTICE {practice}",
        "Practice Parent CCG Code": "02H",
        "PCN Code": pcn_code,
        "PCN Name": "=VLOOKUP(E2,'PCN Details'!A:B,2,FALSE)",
        "PCN Parent CCG Code": "02H",
        "Practice to PCN Relationship Start Date": start,
        "Practice to PCN Relationship End Date": end,
    }


def test_practices_not_yet_in_the_registry_are_added_from_the_partner_sheet(sheets, tmp_path):
    path = write_workbook(tmp_path / "ePCN.xlsx", sheets, [pcn()], [partner()])
    run_import("epcn", path)
    practice = Organisation.objects.get(code="P99991")
    assert (practice.kind, practice.name) == (Kind.PRACTICE, "TEST PRACTICE P99991")
    assert Organisation.objects.get(code="02H").kind == Kind.CCG  # from the published list
    within = Organisation.objects.practices().within(Organisation.objects.get(code="U99991"), ON)
    assert list(within) == [practice]


@pytest.mark.parametrize(
    "details, partners, message",
    [
        (
            [pcn(ccg="ZZZ")],
            [partner()],
            "sheet 'PCN Details', row 2, column Current Clinical Commissioning Group Code: "
            "unknown commissioner code 'ZZZ'",
        ),
        (
            [pcn(opened=20191345)],
            [partner()],
            "sheet 'PCN Details', row 2, column Open Date (YYYYMMDD): "
            "expected a date as YYYYMMDD, found 20191345",
        ),
        (
            [pcn()],
            [partner(), partner(practice="P99992", pcn_code="U99999")],
            "sheet 'PCN Core Partner Details', row 3, column PCN Code: PCN 'U99999' is not",
        ),
        (
            [pcn()],
            [partner(start=20200401, end=20191001)],
            "sheet 'PCN Core Partner Details', row 2, column Practice to PCN Relationship End "
            "Date: is before the start date",
        ),
    ],
    ids=["unknown-commissioner", "bad-date", "unknown-pcn", "end-before-start"],
)
def test_a_bad_row_is_refused_and_nothing_is_written(sheets, tmp_path, details, partners, message):
    path = write_workbook(tmp_path / "ePCN.xlsx", sheets, details, partners)
    before = registry_counts()
    error = import_fails("epcn", path)
    assert f"ePCN.xlsx, {message}" in error
    assert registry_counts() == before
