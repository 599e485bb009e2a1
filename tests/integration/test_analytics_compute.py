"""Computing the indicators into measurements, through a recorded computation run."""

import json

import pytest

from concord.analytics.engines import DuckDBEngine
from concord.analytics.measurements import KIND, compute
from concord.analytics.queries import INDICATORS
from concord.analytics.reference import Reference
from concord.indicators.models import ComputationRun, Measurement
from tests.factories import CCGFactory, PracticeFactory, RelationshipFactory
from tests.spec.cases import CASES, WINDOW
from tests.spec.conftest import store_with

pytestmark = pytest.mark.django_db
CASE = CASES[3]  # one person moving from P1 to P2: admissions, falls, a care home


@pytest.fixture
def practices():
    ccg = CCGFactory()
    found = {code: PracticeFactory(code=code) for code in ("P1", "P2")}
    for practice in found.values():
        RelationshipFactory(child=practice, parent=ccg)
    return ccg, found


def test_measurements_per_practice_and_quarter_with_a_recorded_run(practices):
    ccg, found = practices
    con = store_with(CASE.people, CASE.registrations, CASE.events)
    run = compute(con, DuckDBEngine(con), WINDOW)
    notes = json.loads(run.notes)
    assert run.kind == KIND and notes["engine"] == "duckdb"
    assert set(notes) >= {"snapshot", "code_version", "seconds", "rows", "query_seconds"}
    stored = Measurement.objects.filter(computation=run)
    assert stored.count() == len(INDICATORS) * 2 * WINDOW.quarters
    expected = {
        (row["practice"], row["q"]): row
        for row in Reference(CASE.people, CASE.registrations, CASE.events).compute(WINDOW)
    }
    falls = stored.get(indicator__code="falls-admissions-65", organisation=found["P1"],
                       period__label="2020-21 Q2")  # fmt: skip
    assert (falls.numerator, falls.denominator) == (
        expected["P1", 1]["falls_admissions"],
        expected["P1", 1]["registered_65"],
    )
    assert falls.value == pytest.approx(100000)


def test_practices_are_rolled_up_to_their_ccg(practices):
    ccg, _ = practices
    con = store_with(CASE.people, CASE.registrations, CASE.events)
    compute(con, DuckDBEngine(con), WINDOW)
    total = Measurement.objects.get(indicator__code="dementia-recorded-prevalence-65",
                                    organisation=ccg, period__label="2020-21 Q4")  # fmt: skip
    assert total.is_aggregate and (total.numerator, total.denominator) == (1, 1)


def test_computing_again_changes_no_measurement(practices):
    con = store_with(CASE.people, CASE.registrations, CASE.events)
    compute(con, DuckDBEngine(con), WINDOW)
    again = json.loads(compute(con, DuckDBEngine(con), WINDOW).notes)
    assert again["rows"]["created"] == again["rows"]["updated"] == 0
    assert ComputationRun.objects.filter(kind=KIND).count() == 2
