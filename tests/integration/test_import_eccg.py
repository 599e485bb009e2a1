"""ODS commissioners (eccg): CCGs and sub-ICB locations from a small file written by the test."""

import csv
import datetime as dt

import pytest

from concord.organisations.kinds import Kind
from concord.organisations.models import ImportBatch, Organisation

from .importing import import_fails, registry_counts, run_import

pytestmark = pytest.mark.django_db

# code, name, open, close: the leading columns of the ODS layout, the rest left empty
COMMISSIONERS = [
    ("02H", "NHS WIGAN BOROUGH CCG", "20130401", "20220630"),
    ("00X", "NHS CHORLEY AND SOUTH RIBBLE CCG", "20130401", "20220630"),
    ("Q9T8S", "A SUB-ICB LOCATION WRITTEN BY THIS TEST", "20220701", ""),
]


def ods_row(code, name, opened, closed, columns=27, postcode="WN1 1NJ"):
    fields = [code, name, "Y62", "QOP"] + [""] * 5 + [postcode, opened, closed]
    return fields + [""] * (columns - len(fields))


def write_eccg(path, rows):
    with open(path, "w", encoding="latin-1", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows(rows)
    return path


@pytest.fixture
def eccg(tmp_path):
    return write_eccg(tmp_path / "eccg.csv", [ods_row(*c) for c in COMMISSIONERS])


def test_three_character_codes_are_ccgs_and_five_character_codes_sub_icb_locations(eccg):
    run_import("eccg", eccg)
    for code, name, opened, closed in COMMISSIONERS:
        org = Organisation.objects.get(code=code)
        assert org.kind == (Kind.CCG if len(code) == 3 else Kind.SUB_ICB)
        assert org.name == name
        assert org.opened == dt.datetime.strptime(opened, "%Y%m%d").date()
        assert org.closed == (dt.datetime.strptime(closed, "%Y%m%d").date() if closed else None)


def test_a_commissioner_known_only_by_its_code_is_named_and_classified(eccg, tmp_path):
    Organisation.objects.create(code="00X", name="Commissioner 00X", kind=Kind.OTHER_COMMISSIONER)
    run_import("eccg", eccg)
    org = Organisation.objects.get(code="00X")
    assert (org.kind, org.name) == (Kind.CCG, "NHS CHORLEY AND SOUTH RIBBLE CCG")
    assert ImportBatch.objects.get().updated == 1


def test_the_24_column_layout_is_read_and_a_second_import_changes_nothing(tmp_path):
    path = write_eccg(tmp_path / "eccg.csv", [ods_row(*c, columns=24) for c in COMMISSIONERS])
    run_import("eccg", path)
    before = registry_counts()
    assert "0 created, 0 updated, 3 unchanged" in run_import("eccg", path, "--force")
    assert registry_counts() == {**before, "organisations.ImportBatch": 2}


@pytest.mark.parametrize(
    "row, message",
    [
        (ods_row("01E", "NHS GREATER PRESTON CCG", "", "")[:20], "expected 24 or 27 columns"),
        (
            ods_row("01E", "NHS GREATER PRESTON CCG", "2013-04-01", ""),
            "column 11 (open date): expected a date as YYYYMMDD, found '2013-04-01'",
        ),
        (
            ods_row("01E", "NHS GREATER PRESTON CCG", "20130401", "20120331"),
            "column 12 (close date): is before the open date 20130401",
        ),
        (
            ods_row("Q9T8", "NOT A COMMISSIONER CODE", "20130401", ""),
            "column 1 (organisation code): expected a 3 or 5 character commissioner code",
        ),
    ],
    ids=["column-count", "bad-date", "closed-before-open", "bad-code"],
)
def test_a_bad_row_is_refused_and_nothing_is_written(tmp_path, row, message):
    rows = [ods_row(*COMMISSIONERS[0]), row, ods_row(*COMMISSIONERS[1])]
    path = write_eccg(tmp_path / "eccg.csv", rows)
    before = registry_counts()
    error = import_fails("eccg", path)
    assert "eccg.csv, row 2" in error and message in error
    assert registry_counts() == before
