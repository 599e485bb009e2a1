"""QOF prevalence from NHS Digital's published files, for the practices of Wigan (02H).

Expected values are computed here from the same published CSVs: a CCG's register is the sum of
its practices' REGISTER rows, its PCNs' likewise by the geography map's PCN_ODS_CODE.
"""

import csv
import datetime as dt
from collections import Counter

import pytest

from concord.importing import IMPORTERS, ImportFailed
from concord.indicators.definitions import load_definitions
from concord.indicators.importers import QofPrevalenceImporter
from concord.indicators.models import Measurement
from concord.organisations.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]
WIGAN = "02H"
YEARS = {
    "2020-21": ("qof-2020-21", "PREVALENCE_2021_v2.csv", "MAPPING_NHS_GEOGRAPHIES_2021.csv"),
    "2019-20": ("qof-2019-20", "PREVALENCE_1920.csv", "MAPPING_NHS_GEOGRAPHIES_1920.csv"),
}
# the map describes the structure after its year; say it held through the year (see qofmap.py)
MAP_AS_AT = {"2020-21": dt.date(2020, 4, 1), "2019-20": dt.date(2019, 4, 1)}


def read(path) -> list[dict]:
    with open(path, encoding="latin-1", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path, rows: list[dict]):
    with open(path, "w", encoding="latin-1", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_epraccur(realdata, tmp_path, ccg: str):
    with open(realdata / "ods-epraccur-2019-12" / "epraccur.csv", encoding="latin-1") as handle:
        lines = [line for line in handle if line.split('","')[14] == ccg]
    path = tmp_path / "epraccur.csv"
    path.write_text("".join(lines), encoding="latin-1")
    return path


@pytest.fixture
def wigan(realdata, tmp_path):
    """Import Wigan's practices (ODS), their QOF geography and a copy of the prevalence file."""
    load_definitions()

    def load(year: str, extra_rows=()):
        folder, prevalence_name, map_name = YEARS[year]
        geography = [r for r in read(realdata / folder / map_name) if r["CCG_ODS_CODE"] == WIGAN]
        codes = {r["PRACTICE_CODE"] for r in geography}
        rows = [r for r in read(realdata / folder / prevalence_name) if r["PRACTICE_CODE"] in codes]
        IMPORTERS["epraccur"](write_epraccur(realdata, tmp_path, WIGAN)).run()
        IMPORTERS["qof-map"](write(tmp_path / map_name, geography), as_at=MAP_AS_AT[year]).run()
        path = write(tmp_path / prevalence_name, [*rows, *extra_rows])
        return path, rows, geography

    return load


def dementia(code: str, period: str) -> Measurement:
    qs = Measurement.objects.for_indicator("qof-prevalence-dem").in_period(period)
    return qs.get(organisation__code=code)


def test_wigan_dementia_register_is_the_sum_of_its_practices(wigan):
    path, rows, _ = wigan("2020-21")
    batch = QofPrevalenceImporter(path).run()
    dem = [r for r in rows if r["GROUP_CODE"] == "DEM"]
    ccg = dementia(WIGAN, "2020-21")
    assert ccg.numerator == sum(int(r["REGISTER"]) for r in dem)
    assert ccg.denominator == sum(int(r["PRACTICE_LIST_SIZE"]) for r in dem)
    assert ccg.value == pytest.approx(ccg.numerator / ccg.denominator * 100)
    assert ccg.lower_998 < ccg.lower_95 < ccg.value < ccg.upper_95 < ccg.upper_998
    assert ccg.is_aggregate and ccg.computation is not None
    assert batch.created == len(rows)


def test_every_practice_has_all_21_registers(wigan):
    path, rows, geography = wigan("2020-21")
    QofPrevalenceImporter(path).run()
    practices = Measurement.objects.in_period("2020-21").practices()
    per_practice = Counter(practices.values_list("organisation__code", flat=True))
    assert per_practice == dict.fromkeys((g["PRACTICE_CODE"] for g in geography), 21)


def test_pcn_registers_are_sums_by_the_geography_map(wigan):
    path, rows, geography = wigan("2020-21")
    QofPrevalenceImporter(path).run()
    pcn_of = {g["PRACTICE_CODE"]: g["PCN_ODS_CODE"] for g in geography}
    expected = Counter()
    for r in rows:
        if r["GROUP_CODE"] == "DEM":
            expected[pcn_of[r["PRACTICE_CODE"]]] += int(r["REGISTER"])
    got = {code: dementia(code, "2020-21").numerator for code in expected}
    assert got == expected


def test_every_parent_equals_the_practices_within_it_in_the_registry(wigan):
    path, *_ = wigan("2020-21")
    QofPrevalenceImporter(path).run()
    as_at = dt.date(2021, 3, 31)
    dem = Measurement.objects.for_indicator("qof-prevalence-dem").in_period("2020-21")
    for parent in dem.aggregates().select_related("organisation"):
        within = dem.within(parent.organisation, as_at=as_at).practices()
        assert parent.numerator == sum(within.values_list("numerator", flat=True))


def test_the_2019_20_layout_and_its_registers(wigan):
    path, rows, _ = wigan("2019-20")
    batch = QofPrevalenceImporter(path).run()
    dem = [r for r in rows if r["GROUP_CODE"] == "DEM"]
    ccg = dementia(WIGAN, "2019-20")
    assert ccg.numerator == sum(int(r["REGISTER"]) for r in dem)
    assert ccg.denominator == sum(int(r["PATIENT_LIST_SIZE"]) for r in dem)
    cvdpp = sum(r["GROUP_CODE"] == "CVDPP" for r in rows)
    assert f"skipped {cvdpp} rows of register CVDPP" in batch.notes
    assert "register AST: the file's list type TOTAL differs from the definition's 06OV" in (
        batch.notes
    )


def test_an_unknown_practice_is_named_and_nothing_is_written(wigan):
    stranger = {
        "PRACTICE_CODE": "Z99999",
        "GROUP_CODE": "DEM",
        "REGISTER": "1",
        "PATIENT_LIST_TYPE": "TOTAL",
        "PRACTICE_LIST_SIZE": "10",
    }
    path, rows, _ = wigan("2020-21", extra_rows=[stranger])
    with pytest.raises(ImportFailed) as raised:
        QofPrevalenceImporter(path).run()
    assert str(raised.value).startswith(
        f"{path.name}, row {len(rows) + 2}, column PRACTICE_CODE: unknown practice 'Z99999'"
    )
    assert not Measurement.objects.exists()


def test_the_period_comes_from_the_name_or_is_given(wigan, tmp_path):
    path, *_ = wigan("2020-21")
    renamed = path.rename(tmp_path / "qof.csv")
    with pytest.raises(
        ImportFailed, match="cannot tell the financial year from the name 'qof.csv'"
    ):
        QofPrevalenceImporter(renamed).run()
    QofPrevalenceImporter(renamed, period="2020-21").run()
    assert dementia(WIGAN, "2020-21").numerator > 0


@pytest.mark.slow
def test_the_national_file_rolls_up_to_england(realdata):
    """Its speed is shown by `make bench` (ratios in one run), never by a timed assertion."""
    load_definitions()
    folder, prevalence_name, map_name = YEARS["2020-21"]
    IMPORTERS["epraccur"](realdata / "ods-epraccur-2019-12" / "epraccur.csv").run()
    IMPORTERS["qof-map"](realdata / folder / map_name, as_at=MAP_AS_AT["2020-21"]).run()
    QofPrevalenceImporter(realdata / folder / prevalence_name).run()
    rows = read(realdata / folder / prevalence_name)
    england = Organisation.objects.get(code="ENG")
    assert dementia(england.code, "2020-21").numerator == sum(
        int(r["REGISTER"]) for r in rows if r["GROUP_CODE"] == "DEM"
    )
