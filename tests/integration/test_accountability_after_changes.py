"""Status follows the measurements: every import, computation and roll-up that changes them
calls the refresh by name once its transaction commits, records that the refresh is owed until
it completes, and a refresh that failed is run by the rerun.

These tests commit for real (transaction=True): the refresh runs after the commit, as it does
in use. The interrupted refresh is a fault injected by making the refresh raise once."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from concord.accountability import pack
from concord.accountability import refresh as refreshing
from concord.accountability import status as s
from concord.accountability.charts import Readings
from concord.accountability.models import CommitmentStatus, FlagKind, MeasurementChange, RedFlag
from concord.analytics.engines import DuckDBEngine
from concord.analytics.measurements import compute
from concord.demo.contracts import load_published_metric
from concord.indicators.models import Indicator, Measurement
from concord.organisations.models import ImportBatch, Kind
from tests.factories import OrganisationFactory, PracticeFactory, RelationshipFactory
from tests.integration.accountable import DEMENTIA, indicator, months_from, senate_with
from tests.integration.governance import (
    held_meeting,
)
from tests.spec.cases import CASES, WINDOW
from tests.spec.conftest import store_with

pytestmark = pytest.mark.django_db(transaction=True)
EXIT_REFRESH_FAILED = 3
STEADY = [70.0, 70.4, 69.8, 70.2, 69.9, 70.3, 70.1, 69.7, 70.2, 70.0, 69.8, 70.3] * 2
DROP = [66.9, 66.8, 67.0, 66.9, 66.8, 66.9]  # six points below the mean: a shift of concern
FROM = dt.date(2020, 4, 1)  # STEADY[:18] + DROP runs from April 2020 to March 2022


def measurements_file(tmp_path, org, values, name="dementia.csv"):
    """The monthly dementia diagnosis rate from FROM, as counts of 1,000 (69.8 is 698/1000)."""
    lines = ["indicator,organisation,period,numerator,denominator"]
    for spec, value in zip(months_from(FROM, len(values)), values, strict=True):
        lines.append(f"{DEMENTIA},{org.code},{spec.label},{round(value * 10)},1000")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def run_import(path, **kwargs) -> str:
    out = io.StringIO()
    call_command("concord_import", "measurements-csv", str(path), "--no-progress",
                 stdout=out, **kwargs)  # fmt: skip
    return out.getvalue()


def current_status(org) -> CommitmentStatus:
    return CommitmentStatus.objects.current().get(commitment__party=org)


def raise_once(monkeypatch):
    """The refresh fails once, as an interrupted one would (a fault injected, not a mock)."""
    real = refreshing.refresh
    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise RuntimeError("database is locked")
        return real(**kwargs)

    monkeypatch.setattr(refreshing, "refresh", failing)


def test_an_import_refreshes_status_once_it_commits(tmp_path):
    senate, agreement = senate_with(seats=3, measured=1)
    ccg = senate.seats[0].organisation
    assert not CommitmentStatus.objects.exists()
    run_import(measurements_file(tmp_path, ccg, [68.0] * 24))  # April 2020 to March 2022
    row = current_status(ccg)
    assert (row.status, row.rule) == (s.MET, 6)  # due 31 March 2022; 68.0% reaches 66.7%
    assert "68.0% for 2022-03" in row.explanation
    change = MeasurementChange.objects.get(batch=ImportBatch.objects.get())
    assert change.refreshed_at is not None and not MeasurementChange.objects.owed().exists()


def test_a_bulk_reimport_that_changes_stored_figures_moves_the_status(tmp_path):
    """The second file replaces every figure of the first in bulk (no model is saved one by
    one): status follows all the same, and the change names the rows it changed."""
    senate, agreement = senate_with(seats=3, measured=1)
    ccg = senate.seats[0].organisation
    run_import(measurements_file(tmp_path, ccg, [68.0] * 24))
    assert current_status(ccg).status == s.MET
    run_import(measurements_file(tmp_path, ccg, [60.0] * 24, name="revised.csv"))
    row = current_status(ccg)
    assert (row.status, row.rule) == (s.MISSED, 6) and "60.0% for 2022-03" in row.explanation
    revised = MeasurementChange.objects.get(batch__file_name="revised.csv")
    assert revised.rows == 24 and revised.refreshed_at is not None


def test_the_demos_published_figures_are_a_change_of_measurements_like_any_other():
    indicator()  # loads the definitions, ASCOF 2A(2) among them
    OrganisationFactory(code="LA-WIGAN", kind=Kind.LOCAL_AUTHORITY)
    rows = load_published_metric()
    change = MeasurementChange.objects.get()
    assert change.rows == rows == Measurement.objects.count() == 5
    assert change.refreshed_at is not None  # refreshed once the figures committed
    load_published_metric()  # the same figures again: nothing changed, nothing owed
    assert MeasurementChange.objects.count() == 1


def test_a_computation_changes_commitment_statuses_without_a_manual_refresh():
    senate, agreement = senate_with(
        seats=3,
        measured=1,
        indicators=[indicator_named("dementia-recorded-prevalence-65")],
        start=dt.date(2020, 4, 1),
        due=dt.date(2021, 3, 31),
        target=50.0,
        trajectory=[],
    )
    ccg = senate.seats[0].organisation
    for code in ("P01", "P02"):
        RelationshipFactory(child=PracticeFactory(code=code), parent=ccg)
    refreshing.refresh()
    before = current_status(ccg)
    assert before.status == s.NO_DATA and "nothing has been measured yet" in before.explanation
    case = CASES[2]  # P01: 2 of 3 people aged 65+ have dementia in every quarter of 2020-21
    con = store_with(case.people, case.registrations, case.events)
    compute(con, DuckDBEngine(con), WINDOW)
    row = current_status(ccg)  # the CCG's figure is the roll-up of P01 and P02: 2 of 3
    # too few people to show anyone (docs/adr/0003-figures-as-seen.md): withheld, and said so
    assert (row.status, row.rule) == (s.NO_DATA, 5)
    assert "for 2020-21 Q4, is withheld by disclosure control" in row.explanation
    assert not MeasurementChange.objects.owed().exists()
    Indicator.objects.filter(code="dementia-recorded-prevalence-65").update(disclosure_rule="none")
    refreshing.refresh()  # an indicator published without control: its true figure is judged
    row = current_status(ccg)
    assert (row.status, row.rule) == (s.MET, 6) and "66.7% for 2020-21 Q4" in row.explanation


def indicator_named(code: str) -> Indicator:
    indicator()  # loads the definitions
    return Indicator.objects.get(code=code)


def test_an_import_whose_refresh_failed_says_so_and_its_rerun_refreshes(tmp_path, monkeypatch):
    senate, agreement = senate_with(seats=3, measured=1)
    ccg = senate.seats[0].organisation
    path = measurements_file(tmp_path, ccg, [68.0] * 24)
    raise_once(monkeypatch)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        run_import(path, stderr=err)
    assert exit_.value.code == EXIT_REFRESH_FAILED
    message = err.getvalue()
    assert "imported" in message and "status refresh failed" in message
    assert "database is locked" in message and "concord accountability refresh" in message
    assert Measurement.objects.filter(organisation=ccg).count() == 24  # the data stayed
    assert not CommitmentStatus.objects.exists()
    assert MeasurementChange.objects.owed().count() >= 1

    out = run_import(path)  # the same file again: skipped by checksum, refreshed all the same
    assert "already imported" in out and "Status refreshed" in out
    assert current_status(ccg).status == s.MET
    assert not MeasurementChange.objects.owed().exists()
    assert ImportBatch.objects.count() == 1


def test_the_refresh_command_clears_what_is_owed(tmp_path, monkeypatch):
    senate, agreement = senate_with(seats=3, measured=1)
    ccg = senate.seats[0].organisation
    raise_once(monkeypatch)
    with pytest.raises(SystemExit):
        run_import(measurements_file(tmp_path, ccg, [68.0] * 24), stderr=io.StringIO())
    owed = MeasurementChange.objects.owed().count()
    out = io.StringIO()
    call_command("concord_accountability", "refresh", stdout=out)
    assert f"{owed} changes of measurements" in out.getvalue()
    assert not MeasurementChange.objects.owed().exists()
    assert current_status(ccg).status == s.MET


def test_with_auto_refresh_off_the_import_only_records_the_refresh_it_is_owed(tmp_path, settings):
    settings.CONCORD_ACCOUNTABILITY_AUTO_REFRESH = False
    senate, agreement = senate_with(seats=3, measured=1)
    run_import(measurements_file(tmp_path, senate.seats[0].organisation, [68.0] * 24))
    assert not CommitmentStatus.objects.exists()
    assert MeasurementChange.objects.owed().exists()


def test_a_flags_evidence_follows_the_data_and_agrees_with_the_chart_beside_it(tmp_path):
    senate, agreement = senate_with(seats=3, measured=1)
    ccg = senate.seats[0].organisation
    run_import(measurements_file(tmp_path, ccg, STEADY[:18] + DROP))
    flag = RedFlag.objects.get(kind=FlagKind.SPECIAL_CAUSE)
    assert "67.0 for 2022-03" in flag.evidence  # 669 of 1,000 shown as 670 of 1,000
    corrected = STEADY[:18] + [70.1, 69.9, 70.2, 70.0, 69.8, 70.4]  # the drop was an error
    run_import(measurements_file(tmp_path, ccg, corrected, name="corrected.csv"))
    flag.refresh_from_db()
    latest = Readings().series(indicator(), ccg)[-1]  # the last point of the pack's SPC chart
    assert (latest.period.label, round(latest.value, 1)) == ("2022-03", 70.5)
    assert flag.still_holds is False and "67.0 for" not in flag.evidence
    assert "70.5% for 2022-03" in flag.evidence
    assert "67.0 for 2022-03" in flag.history.earliest("history_date").evidence  # kept
    meeting = held_meeting(senate, date=dt.date(2022, 4, 13))
    [entry] = [e for e in pack.pack_context(meeting)["flag_entries"] if e["flag"] == flag]
    assert entry["flag"].evidence == flag.evidence and entry["charts"]
