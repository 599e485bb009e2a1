"""The epraccur importer keeps each practice's ODS status with its dates, vintage after vintage.

Small files in the epraccur layout (27 columns, no header; column 11 open date, 12 close date,
13 status, 15 commissioner, 16 join date, 26 prescribing setting) stand for two releases.
"""

import csv
import datetime as dt

import pytest

from concord.organisations.models import ImportBatch, Organisation, StatusPeriod
from concord.organisations.statuses import OdsStatus

from .importing import import_fails, registry_counts, run_import

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
FIRST, LATER = "2019-12-01", "2023-02-01"


def row(code, status, opened="19740401", closed=""):
    fields = [""] * 27
    fields[0], fields[1], fields[9] = code, f"SURGERY {code}", "WN1 1AA"
    fields[10], fields[11], fields[12] = opened, closed, status
    fields[14], fields[15], fields[16] = "02H", "20130401", closed
    fields[25] = "4"  # a GP practice
    return fields


def epraccur(path, *rows):
    with open(path, "w", encoding="latin-1", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return path


def periods(code):
    found = StatusPeriod.objects.filter(organisation__code=code).order_by("start")
    return [(p.status, p.start, p.end) for p in found]


@pytest.fixture
def first(tmp_path):
    """The first release: two active practices, one dormant, one closed."""
    (tmp_path / "first").mkdir()
    path = epraccur(
        tmp_path / "first" / "epraccur.csv",
        row("P92001", "A"),
        row("P92002", "A"),
        row("P92003", "D"),
        row("P92004", "C", closed="20150331"),
    )
    run_import("epraccur", path, "--as-at", FIRST)
    return path


@pytest.fixture
def later(tmp_path):
    """The later release: P92002 dormant, P92003 closed on 30 June 2021, a new practice."""
    (tmp_path / "later").mkdir()
    return epraccur(
        tmp_path / "later" / "epraccur.csv",
        row("P92001", "A"),
        row("P92002", "D"),
        row("P92003", "C", closed="20210630"),
        row("P92004", "C", closed="20150331"),
        row("P92005", "A", opened="20220901"),
    )


def test_the_first_release_dates_each_status_from_the_open_date(first):
    opened = D("1974-04-01")
    assert periods("P92001") == [(OdsStatus.ACTIVE, opened, None)]
    assert periods("P92003") == [(OdsStatus.DORMANT, opened, None)]
    assert periods("P92004") == [
        (OdsStatus.ACTIVE, opened, D("2015-03-31")),
        (OdsStatus.CLOSED, D("2015-04-01"), None),
    ]
    assert ImportBatch.objects.get(kind="epraccur").as_at == D(FIRST)


def test_a_later_release_ends_the_old_status_the_day_before_the_new_one(first, later):
    run_import("epraccur", later, "--as-at", LATER)
    opened = D("1974-04-01")
    assert periods("P92001") == [(OdsStatus.ACTIVE, opened, None)]
    assert periods("P92002") == [
        (OdsStatus.ACTIVE, opened, D("2023-01-31")),
        (OdsStatus.DORMANT, D(LATER), None),
    ]
    # the file gives the close date, so the closure begins the day after it, not on the file's date
    assert periods("P92003") == [
        (OdsStatus.DORMANT, opened, D("2021-06-30")),
        (OdsStatus.CLOSED, D("2021-07-01"), None),
    ]
    assert periods("P92005") == [(OdsStatus.ACTIVE, D("2022-09-01"), None)]
    assert Organisation.objects.get(code="P92002").status == OdsStatus.DORMANT
    assert Organisation.objects.get(code="P92002").is_open(D(FIRST))


def test_importing_the_later_release_again_changes_nothing(first, later):
    run_import("epraccur", later, "--as-at", LATER)
    before = registry_counts()
    again = run_import("epraccur", later, "--as-at", LATER, "--force")
    assert "0 created, 0 updated" in again and "0 dated links and statuses closed" in again
    assert {**registry_counts(), "organisations.ImportBatch": 0} == {
        **before,
        "organisations.ImportBatch": 0,
    }


def test_a_change_of_status_needs_the_date_the_file_describes(first, later):
    before = registry_counts()
    error = import_fails("epraccur", later)
    assert (
        "epraccur.csv, row 2, column 13 (status): P92002 was A and is D in this file; "
        "say which date the file describes (--as-at YYYY-MM-DD on the command line, or the date "
        "the file describes when uploading it)"
    ) in error
    assert "nothing was written" in error
    assert registry_counts() == before


def test_an_older_release_after_a_newer_one_is_refused(first, later):
    run_import("epraccur", later, "--as-at", LATER)
    before = registry_counts()
    error = import_fails("epraccur", first, "--as-at", "2019-11-01", "--force")
    assert (
        "epraccur.csv: this file describes 2019-11-01, but the registry already holds ODS "
        "practices as at 2023-02-01; import the releases in date order"
    ) in error
    assert registry_counts() == before
