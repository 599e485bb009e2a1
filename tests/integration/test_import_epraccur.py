"""ODS GP practices (epraccur): real 2019 and 2023 files, idempotence, history, corrupted copies."""

import csv
import datetime as dt
import io

import pytest

from concord.organisations.kinds import Kind, RelationshipKind
from concord.organisations.models import ImportBatch, Organisation, Relationship

from .importing import (
    import_fails,
    imported_for_module,
    read_lines,
    registry_counts,
    run_import,
    write_lines,
)

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]
ON = dt.date(2019, 12, 1)  # the December 2019 release describes the registry on this date


@pytest.fixture(scope="module")
def epraccur_2019(realdata):
    return realdata / "ods-epraccur-2019-12" / "epraccur.csv"


@pytest.fixture(scope="module")
def epraccur_2023(realdata):
    return realdata / "ods-epraccur-2023-02" / "epraccur.csv"


@pytest.fixture(scope="module", autouse=True)
def registry_2019(django_db_setup, django_db_blocker, epraccur_2019):
    """The December 2019 file, imported once for this module."""
    with imported_for_module(django_db_blocker, ("epraccur", epraccur_2019)):
        yield


def read_rows(path):
    with open(path, encoding="latin-1", newline="") as handle:
        return list(csv.reader(handle))


def active_gp_practices(rows, commissioner):
    """From the file: status A, prescribing setting 4 (GP practice), column 15 = commissioner."""
    return {r[0] for r in rows if r[12] == "A" and r[25] == "4" and r[14] == commissioner}


@pytest.mark.parametrize("ccg", ["02H", "00X", "01E"])
def test_active_practices_per_ccg_match_the_file(epraccur_2019, ccg):
    commissioner = Organisation.objects.get(code=ccg)
    registry = (
        Organisation.objects.practices()
        .within(commissioner, as_at=ON)
        .active_on(ON)
        .values_list("code", flat=True)
    )
    assert set(registry) == active_gp_practices(read_rows(epraccur_2019), ccg)


def test_every_row_becomes_an_organisation(epraccur_2019):
    rows = read_rows(epraccur_2019)
    codes = {r[0] for r in rows}
    assert Organisation.objects.filter(code__in=codes).count() == len(codes)
    gp = {r[0] for r in rows if r[25] == "4"}
    assert set(Organisation.objects.practices().values_list("code", flat=True)) == gp


def test_importing_twice_changes_nothing(epraccur_2019):
    before = registry_counts()
    output = run_import("epraccur", epraccur_2019)
    assert "already imported" in output
    assert registry_counts() == before
    again = run_import("epraccur", epraccur_2019, "--force")
    assert "0 created, 0 updated" in again and "0 dated links and statuses closed" in again
    assert {**registry_counts(), "organisations.ImportBatch": 0} == {
        **before,
        "organisations.ImportBatch": 0,
    }
    assert ImportBatch.objects.first().unchanged == len(read_rows(epraccur_2019))


def moved_practice(rows_2019, rows_2023):
    """A GP practice whose commissioner changed, with both join dates, taken from the files."""
    before = {r[0]: r for r in rows_2019 if r[25] == "4" and r[12] == "A" and r[16] == ""}
    for r in rows_2023:
        old = before.get(r[0])
        if old and r[14] != old[14] and r[15] > old[15] and r[16] == "":
            return r[0], old[14], r[14], dt.datetime.strptime(r[15], "%Y%m%d").date()
    raise AssertionError("the files hold no practice that changed commissioner")


@pytest.mark.slow
def test_a_later_vintage_keeps_both_periods_and_adds_sub_icb_locations(
    epraccur_2019, epraccur_2023
):
    code, old, new, joined = moved_practice(read_rows(epraccur_2019), read_rows(epraccur_2023))
    run_import("epraccur", epraccur_2023, "--as-at", "2023-02-01")
    links = Relationship.objects.filter(child__code=code, kind=RelationshipKind.PART_OF)
    periods = {(link.parent.code, link.end) for link in links}
    assert (old, joined - dt.timedelta(days=1)) in periods
    assert (new, None) in periods
    practice = Organisation.objects.get(code=code)
    within_old = Organisation.objects.practices().within(Organisation.objects.get(code=old), ON)
    assert practice in within_old
    assert practice in Organisation.objects.practices().within(
        Organisation.objects.get(code=new), joined
    )

    five = {r[14] for r in read_rows(epraccur_2023) if len(r[14]) == 5}
    assert five, "the 2023 file carries five-character sub-ICB codes"
    assert Organisation.objects.filter(code__in=five).count() == len(five)


# -- corrupted copies ------------------------------------------------------------------------


def corrupt(source, tmp_path, change):
    """Copy `source` to tmp_path with one row of Wigan (02H) changed; return path and row."""
    lines = read_lines(source)
    number = next(i for i, line in enumerate(lines, start=1) if '"02H"' in line)
    fields = next(csv.reader([lines[number - 1]]))
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow(change(fields))
    lines[number - 1] = out.getvalue()
    return write_lines(tmp_path / "epraccur.csv", lines), number


def with_field(index, value):
    def change(fields):
        fields[index] = value
        return fields

    return change


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: f[:-1], "row {row}: expected 27 columns, found 26"),
        (
            with_field(10, "20191345"),
            "row {row}, column 11 (open date): expected a date as YYYYMMDD, found '20191345'",
        ),
        (
            with_field(14, "ZZZ"),
            "row {row}, column 15 (commissioner): unknown commissioner code 'ZZZ'",
        ),
        (with_field(12, "X"), "row {row}, column 13 (status): expected A, C, D or P, found 'X'"),
    ],
    ids=["column-count", "bad-date", "unknown-commissioner", "bad-status"],
)
def test_a_corrupted_copy_is_refused_and_nothing_is_written(
    epraccur_2019, tmp_path, change, message
):
    before = registry_counts()  # the 2019 registry: 'nothing written' is a real check
    path, row = corrupt(epraccur_2019, tmp_path, change)
    error = import_fails("epraccur", path)
    assert f"epraccur.csv, {message.format(row=row)}" in error
    assert "nothing was written" in error
    assert registry_counts() == before
    assert not Organisation.objects.filter(kind=Kind.PRACTICE, code="ZZZ").exists()
