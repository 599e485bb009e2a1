"""ODS NHS trusts (etr): the real file, hand-added short rows, kinds kept, refusals."""

import csv

import pytest

from concord.organisations.kinds import Kind
from concord.organisations.models import ImportBatch, Organisation
from tests.factories import OrganisationFactory

from .importing import import_fails, read_lines, registry_counts, run_import, write_lines

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]


@pytest.fixture
def etr(realdata):
    return realdata / "ods-etr-c2015-16" / "etr.csv"


def trust_row(**fields_at) -> str:
    """One 24-column etr row; fields_at maps 1-based column ("c11") to its value."""
    fields = ["RZZ", "A TRUST"] + [""] * 22
    for column, value in fields_at.items():
        fields[int(column[1:]) - 1] = value
    return ",".join(fields) + "\n"


def read_rows(path):
    with open(path, encoding="latin-1", newline="") as handle:
        return list(csv.reader(handle))


def test_every_trust_imports_including_the_rows_added_by_hand(etr):
    rows = read_rows(etr)
    run_import("etr", etr)
    assert Organisation.objects.of_kind(Kind.NHS_TRUST).count() == len({r[0] for r in rows})
    for code, name, postcode in [(r[0], r[1], r[9]) for r in rows[-2:]]:
        trust = Organisation.objects.get(code=code)
        assert (trust.name, trust.postcode, trust.opened) == (name, postcode, None)
    batch = ImportBatch.objects.get(kind="etr")
    assert (batch.rows_read, batch.created) == (len(rows), len(rows))


def test_a_trust_classified_by_hand_keeps_its_kind(etr):
    code, name = read_rows(etr)[0][:2]
    OrganisationFactory(code=code, name="old name", kind=Kind.MENTAL_HEALTH_TRUST)
    run_import("etr", etr)
    trust = Organisation.objects.get(code=code)
    assert (trust.kind, trust.name) == (Kind.MENTAL_HEALTH_TRUST, name)


def test_importing_twice_changes_nothing(etr):
    run_import("etr", etr)
    before = registry_counts()
    assert "already imported" in run_import("etr", etr)
    assert "0 created, 0 updated" in run_import("etr", etr, "--force")
    assert registry_counts() == {**before, "organisations.ImportBatch": 2}


@pytest.mark.parametrize(
    "row, message",
    [
        ("RZZ,A SHORT ROW,Y55\n", "row {row}: expected 24 or 27 columns, found 3"),
        (
            trust_row(c10="AB1 2CD", c11="2011-07-01"),
            "row {row}, column 11 (open date): expected a date as YYYYMMDD, found '2011-07-01'",
        ),
        (
            trust_row(c1=""),
            "row {row}, column 1 (organisation code): expected an ODS code, found ''",
        ),
    ],
    ids=["column-count", "bad-date", "no-code"],
)
def test_a_corrupted_copy_is_refused_and_nothing_is_written(etr, tmp_path, row, message):
    lines = read_lines(etr)
    path = write_lines(tmp_path / "etr.csv", [*lines[:100], row, *lines[100:]])
    before = registry_counts()
    error = import_fails("etr", path)
    assert f"etr.csv, {message.format(row=101)}" in error
    assert registry_counts() == before
