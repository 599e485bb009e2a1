"""NHS Digital registered patients (gp-reg): totals per CCG, idempotence, age bands, refusals."""

import csv
import datetime as dt

import pytest

from concord.organisations.models import ImportBatch, Organisation, PopulationCount
from concord.organisations.population import registered_population

from .importing import import_fails, imported_for_module, registry_counts, run_import

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]
EXTRACT_DATE = dt.date(2021, 1, 1)  # the file's EXTRACT_DATE, 01JAN2021
HEADER = (
    "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS"
)


@pytest.fixture(scope="module")
def gp_reg(realdata):
    return realdata / "gp-reg-2021-01" / "gp-reg-pat-prac-all.csv"


@pytest.fixture(scope="module")
def file_rows(gp_reg):
    with open(gp_reg, encoding="latin-1", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup, django_db_blocker, realdata, gp_reg):
    """The February 2023 practices (they include every practice of January 2021) and the file."""
    epraccur = realdata / "ods-epraccur-2023-02" / "epraccur.csv"
    with imported_for_module(django_db_blocker, ("epraccur", epraccur), ("gp-reg", gp_reg)):
        yield


@pytest.mark.parametrize("ccg", ["02H", "00X", "01E"])
def test_registered_patients_of_a_ccg_equal_the_sum_of_its_rows(file_rows, ccg):
    expected = sum(int(r["NUMBER_OF_PATIENTS"]) for r in file_rows if r["CCG_CODE"] == ccg)
    assert expected > 0
    commissioner = Organisation.objects.get(code=ccg)
    assert registered_population(commissioner, EXTRACT_DATE) == expected


def test_one_total_per_practice(file_rows):
    counts = PopulationCount.objects.filter(extract_date=EXTRACT_DATE, sex="all", age_band="all")
    assert counts.count() == len(file_rows)
    total = sum(int(r["NUMBER_OF_PATIENTS"]) for r in file_rows)
    assert sum(counts.values_list("patients", flat=True)) == total


def test_importing_the_same_extract_again_changes_nothing_or_only_what_changed(
    gp_reg, file_rows, tmp_path
):
    before = registry_counts()
    assert "already imported" in run_import("gp-reg", gp_reg)
    assert f"0 created, 0 updated, {len(file_rows)} unchanged" in run_import(
        "gp-reg", gp_reg, "--force"
    )
    revised = [dict(r) for r in file_rows]
    revised[0]["NUMBER_OF_PATIENTS"] = str(int(revised[0]["NUMBER_OF_PATIENTS"]) + 7)
    path = write_rows(tmp_path / "gp-reg-pat-prac-all.csv", revised)
    assert "0 created, 1 updated" in run_import("gp-reg", path)
    assert registry_counts() == {**before, "organisations.ImportBatch": 4}
    count = PopulationCount.objects.get(organisation__code=revised[0]["CODE"])
    assert count.patients == int(revised[0]["NUMBER_OF_PATIENTS"])
    assert count.batch == ImportBatch.objects.first()


def write_rows(path, rows):
    with open(path, "w", encoding="latin-1", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER.split(","))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_quinary_age_layout_is_read_by_sex_and_age_band(file_rows, tmp_path):
    practice = file_rows[0]["CODE"]
    path = tmp_path / "gp-reg-pat-prac-quin-age.csv"
    path.write_text(
        "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,ORG_CODE,POSTCODE,SEX,"
        "AGE_GROUP_5,NUMBER_OF_PATIENTS\n"
        f"GP_PRAC_PAT_LIST,01APR2021,GP,00L,E38000130,{practice},NE65 7UW,MALE,0_4,120\n"
        f"GP_PRAC_PAT_LIST,01APR2021,GP,00L,E38000130,{practice},NE65 7UW,FEMALE,95+,9\n"
        f"GP_PRAC_PAT_LIST,01APR2021,GP,00L,E38000130,{practice},NE65 7UW,ALL,ALL,5903\n",
        encoding="latin-1",
    )
    run_import("gp-reg", path)
    counts = PopulationCount.objects.filter(extract_date=dt.date(2021, 4, 1))
    assert set(counts.values_list("sex", "age_band", "patients")) == {
        ("male", "0-4", 120),
        ("female", "95+", 9),
        ("all", "all", 5903),
    }


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("CODE", "Z99999", "practice 'Z99999' is not in the registry: import"),
        ("NUMBER_OF_PATIENTS", "-5", "expected a count of 0 or more"),
        ("NUMBER_OF_PATIENTS", "many", "expected a whole number, found 'many'"),
        ("EXTRACT_DATE", "2021-01-01", "expected a date as DDMONYYYY, found '2021-01-01'"),
        ("SEX", "BOTH", "expected ALL, MALE or FEMALE, found 'BOTH'"),
    ],
    ids=["unknown-practice", "negative-count", "not-a-number", "bad-date", "bad-sex"],
)
def test_a_corrupted_copy_is_refused_and_nothing_is_written(
    file_rows, tmp_path, column, value, message
):
    corrupted = [dict(r) for r in file_rows]
    corrupted[99][column] = value
    path = write_rows(tmp_path / "gp-reg-pat-prac-all.csv", corrupted)
    before = registry_counts()
    error = import_fails("gp-reg", path)
    assert f"gp-reg-pat-prac-all.csv, row 101, column {column}: {message}" in error
    assert registry_counts() == before


def test_an_unknown_practice_asks_for_the_practice_file_first(file_rows, tmp_path):
    path = write_rows(tmp_path / "gp-reg.csv", [{**file_rows[0], "CODE": "Z99999"}])
    assert "concord import epraccur" in import_fails("gp-reg", path)
