"""The same cases on every engine: the plain-Python reference, DuckDB and Spark."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concord.analytics.reference import COLUMNS

from .cases import CASES, WINDOW, full_expected
from .conftest import by_engine, fillers, of_case, store_with


def cases_on(engine: str) -> list:
    """Every case, named."""
    return [pytest.param(case, id=case.name) for case in CASES]


@pytest.mark.parametrize("case", cases_on("reference"))
def test_the_reference_gives_the_figures_of_the_case(case):
    assert of_case("reference", None, case) == full_expected(case, COLUMNS)


@pytest.mark.parametrize("case", cases_on("duckdb"))
def test_duckdb_gives_the_figures_of_the_ingested_case(case):
    assert of_case("duckdb", None, case) == full_expected(case, COLUMNS)


@pytest.mark.slow
@pytest.mark.spark
@pytest.mark.parametrize("case", cases_on("spark"))
def test_spark_gives_the_figures_of_the_ingested_case(spark, case):
    assert of_case("spark", spark, case) == full_expected(case, COLUMNS)


def test_the_files_of_a_case_are_padded_with_people_counted_nowhere():
    case = CASES[0]
    people, registrations = fillers(case)
    padded = by_engine("reference", None, case.people + people,
                       case.registrations + registrations, case.events, WINDOW)  # fmt: skip
    assert padded == full_expected(case, COLUMNS)


@pytest.mark.slow
@pytest.mark.spark
def test_spark_reads_the_store_through_an_exchange_folder_that_goes_after_the_run(spark, tmp_path):
    from concord.analytics.engines import SparkEngine
    from concord.analytics.queries import indicator_sql

    case = CASES[0]
    engine = SparkEngine(spark, store_with(case.people, case.registrations, case.events), tmp_path)
    found = engine.run(indicator_sql(WINDOW), WINDOW)
    assert [{k: row[k] for k in ("practice", "q", *COLUMNS)} for row in found] == full_expected(
        case, COLUMNS
    )
    assert list(tmp_path.iterdir()) == []  # the exported tables are gone
    assert not spark.catalog.tableExists("events")


DAYS = st.integers(min_value=0, max_value=5 * 365)
EPOCH = dt.date(2017, 1, 1)


@st.composite
def datasets(draw):
    """A handful of people on two practices, with random dates, diagnoses and admissions."""
    people, registrations, events = [], [], []
    for pseudonym in range(1, draw(st.integers(1, 8)) + 1):
        died = draw(st.one_of(st.none(), DAYS))
        people.append({
            "pseudonym": pseudonym, "sex": "F", "birth_year": draw(st.integers(1930, 1960)),
            "birth_month": draw(st.integers(1, 12)), "lsoa": None, "deprivation_decile": None,
            "date_of_death": None if died is None else EPOCH + dt.timedelta(days=died),
        })  # fmt: skip
        start, length = draw(DAYS), draw(st.one_of(st.none(), DAYS))
        registrations.append({
            "pseudonym": pseudonym, "practice": draw(st.sampled_from(["P1", "P2"])),
            "start": EPOCH + dt.timedelta(days=start),
            "end": None if length is None else EPOCH + dt.timedelta(days=start + length),
        })  # fmt: skip
        for _ in range(draw(st.integers(0, 5))):
            kind, code = draw(st.sampled_from([
                ("diagnosis", "F03"), ("emergency_admission", "W19"),
                ("emergency_admission", "J18"), ("care_home_admission", ""),
                ("social_care_assessment", ""),
            ]))  # fmt: skip
            events.append({
                "pseudonym": pseudonym, "date": EPOCH + dt.timedelta(days=draw(DAYS)),
                "source": "acute", "type": kind, "code": code,
                "code_system": "icd10" if code else "",
            })  # fmt: skip
    return people, registrations, events


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_duckdb_agrees_with_the_reference_on_random_data(data):
    people, registrations, events = data
    assert by_engine("duckdb", None, *data, WINDOW) == by_engine(
        "reference", None, people, registrations, events, WINDOW
    )
