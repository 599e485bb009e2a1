"""Computing the indicators into measurements, through a recorded computation run."""

import pytest
from django.urls import reverse

from concord import __version__
from concord.analytics.engines import DuckDBEngine
from concord.analytics.measurements import KIND, compute
from concord.analytics.queries import INDICATORS
from concord.analytics.reference import Reference
from concord.analytics.store import counts, snapshot
from concord.analytics.window import Window
from concord.indicators.models import ComputationRun, Measurement
from tests.factories import CCGFactory, PracticeFactory, RelationshipFactory
from tests.spec.cases import CASES, WINDOW
from tests.spec.conftest import store_with

pytestmark = pytest.mark.django_db
CASE = CASES[3]  # one person moving from P01 to P02: admissions, falls, a care home


@pytest.fixture
def practices():
    ccg = CCGFactory()
    found = {code: PracticeFactory(code=code) for code in ("P01", "P02")}
    for practice in found.values():
        RelationshipFactory(child=practice, parent=ccg)
    return ccg, found


def test_measurements_per_practice_and_quarter_with_a_recorded_run(practices):
    ccg, found = practices
    con = store_with(CASE.people, CASE.registrations, CASE.events)
    run = compute(con, DuckDBEngine(con), WINDOW)
    run.refresh_from_db()
    stored = Measurement.objects.filter(computation=run)
    assert stored.count() == len(INDICATORS) * 2 * WINDOW.quarters
    assert (run.kind, run.engine, run.as_at) == (KIND, "duckdb", WINDOW.end)
    assert run.snapshot == snapshot(con) and run.code_version.startswith(f"{__version__}+")
    assert run.rows_read == len(CASE.people) + len(CASE.registrations) + len(CASE.events)
    assert run.rows_read == sum(n for table, n in counts(con).items() if table != "batches")
    assert run.rows_written == stored.count()
    assert run.finished_at >= run.started_at and run.seconds >= 0
    expected = {
        (row["practice"], row["q"]): row
        for row in Reference(CASE.people, CASE.registrations, CASE.events).compute(WINDOW)
    }
    falls = stored.get(indicator__code="falls-admissions-65", organisation=found["P01"],
                       period__label="2020-21 Q2")  # fmt: skip
    assert (falls.numerator, falls.denominator) == (
        expected["P01", 1]["falls_admissions"],
        expected["P01", 1]["registered_65"],
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
    first = compute(con, DuckDBEngine(con), WINDOW)
    again = compute(con, DuckDBEngine(con), WINDOW)
    assert again.rows_written == 0 and "0 created, 0 updated" in again.notes
    assert (again.snapshot, again.code_version) == (first.snapshot, first.code_version)
    assert ComputationRun.objects.filter(kind=KIND).count() == 2


def test_computation_runs_are_listed_with_their_provenance(practices, client, viewer):
    con = store_with(CASE.people, CASE.registrations, CASE.events)
    run = compute(con, DuckDBEngine(con), WINDOW)
    client.force_login(viewer)
    assert reverse("computation-runs") in client.get(reverse("imports")).content.decode()
    response = client.get(reverse("computation-runs"))
    shown = response.content.decode()
    assert run in response.context["page"].object_list
    for value in (run.engine, run.snapshot[:12], run.code_version, f"{run.seconds:.2f}"):
        assert value in shown
    assert f"{run.rows_read:,}" in shown and f"{run.rows_written:,}" in shown
    roll_ups = ComputationRun.objects.exclude(kind=KIND)
    assert roll_ups.count() == WINDOW.quarters  # one roll-up per quarter, also listed
    assert all(r in response.context["page"].object_list for r in roll_ups)


def test_runs_recorded_before_the_provenance_fields_are_still_shown(client, viewer):
    ComputationRun.objects.create(kind="roll-up", notes="2020-21 Q1: 1 indicators")
    client.force_login(viewer)
    shown = client.get(reverse("computation-runs")).content.decode()
    assert "2020-21 Q1: 1 indicators" in shown and "roll-up" in shown


def test_practices_absent_from_the_store_have_their_figures_withdrawn(practices):
    """A run over a store without P02 leaves no P02 figure behind for its periods, and the CCG's
    figure is P01's alone: everything the run leaves for its window comes from its snapshot."""
    ccg, found = practices
    con = store_with(CASE.people, CASE.registrations, CASE.events)
    compute(con, DuckDBEngine(con), WINDOW)
    assert Measurement.objects.filter(organisation=found["P02"]).exists()
    only_p01 = [r for r in CASE.registrations if r["practice"] == "P01"]
    later = store_with(CASE.people, only_p01, CASE.events)
    run = compute(later, DuckDBEngine(later), WINDOW)
    assert not Measurement.objects.filter(organisation=found["P02"]).exists()
    assert "practices not in the store withdrawn" in run.notes
    withdrawn = len(INDICATORS) * WINDOW.quarters
    assert f"{withdrawn} measurements of 1 practices not in the store withdrawn" in run.notes
    assert run.rows_written == withdrawn  # P01's figures are unchanged
    p01 = Measurement.objects.filter(organisation=found["P01"], computation=run)
    assert not p01.exists()  # unchanged figures keep the run that wrote them
    for total in Measurement.objects.filter(organisation=ccg):
        own = Measurement.objects.get(organisation=found["P01"], indicator=total.indicator,
                                      period=total.period)  # fmt: skip
        assert (total.numerator, total.denominator) == (own.numerator, own.denominator)


def test_figures_of_periods_outside_the_window_are_left_alone(practices):
    ccg, found = practices
    con = store_with(CASE.people, CASE.registrations, CASE.events)
    compute(con, DuckDBEngine(con), Window.ending(2019, 2))
    only_p01 = [r for r in CASE.registrations if r["practice"] == "P01"]
    later = store_with(CASE.people, only_p01, CASE.events)
    compute(later, DuckDBEngine(later), WINDOW)
    kept = Measurement.objects.filter(organisation=found["P02"])
    assert kept.exists() and not kept.filter(period__label__startswith="2020-21").exists()
