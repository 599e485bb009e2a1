"""Writes the computed indicators as measurements, through one recorded computation run.

The Django-facing side of the analytics package: the queries run on an engine, each practice's
numerator and denominator per quarter becomes a measurement (limits from the indicators app),
and the practices are then rolled up over the hierarchy (concord.indicators.aggregation).
A practice's computed figures for the window that the store no longer gives (a store without
that practice) are withdrawn first, so that every practice figure of the window, and so every
roll-up of it, comes from the data the run read.
Commitment status is refreshed, by name, once the computation's transaction commits.
The run records the engine, the data snapshot, the code version, when it started and finished
and the rows read and written; its notes say the periods and what changed.
"""

import hashlib
import time
from importlib import resources

from django.db import transaction
from django.utils import timezone

from concord import __version__
from concord.accountability.refresh import after_measurements_changed
from concord.indicators.aggregation import roll_up
from concord.indicators.definitions import load_definitions
from concord.indicators.models import ComputationRun, Indicator, Measurement, Period
from concord.indicators.writer import MeasurementSync
from concord.organisations.models import Organisation

from .queries import INDICATORS, indicator_sql, long_rows
from .store import counts, is_synthetic, snapshot
from .window import Window

__all__ = ["KIND", "code_version", "compute"]

KIND = "analytics"
BATCH_SIZE = 2000


def code_version() -> str:
    """The package version and a digest of the query and reference source."""
    digest = hashlib.sha256()
    for name in ("queries.py", "window.py", "schema.py"):
        digest.update((resources.files("concord.analytics") / name).read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def indicators_by_code() -> dict[str, Indicator]:
    codes = [i.code for i in INDICATORS]
    if Indicator.objects.filter(code__in=codes).count() < len(codes):
        load_definitions()
    return {i.code: i for i in Indicator.objects.filter(code__in=codes)}


def write(rows: list[dict], window: Window, run: ComputationRun) -> dict:
    indicators = indicators_by_code()
    periods = {k: Period.objects.get_for(window.period(k)) for k in range(window.quarters)}
    practices = dict(Organisation.objects.practices().values_list("code", "pk"))
    sync = MeasurementSync(list(indicators.values()), list(periods.values()), computation=run)
    unknown = set()
    for row in rows:
        if row["practice"] not in practices:
            unknown.add(row["practice"])
            continue
        sync.want(indicators[row["indicator"]], practices[row["practice"]], periods[row["q"]],
                  row["numerator"], row["denominator"])  # fmt: skip
    counts = sync.save()
    counts["withdrawn"], counts["withdrawn_practices"] = withdraw(sync, set(practices.values()))
    for period in periods.values():
        roll_up(indicators.values(), period, by=run.run_by, synthetic=run.synthetic)
    return {**counts, "unknown_practices": len(unknown)}


def withdraw(sync: MeasurementSync, practice_ids: set[int]) -> tuple[int, int]:
    """Delete the computed practice figures of the run's indicators and periods that the run
    did not give (its store has no such practice); imported ones are left. Returns the
    measurements and practices withdrawn."""
    stale = [
        (m.pk, key[1])
        for key, m in sync.existing.items()
        if key not in sync.wanted and key[1] in practice_ids and m.batch_id is None
    ]
    ids = [pk for pk, _ in stale]
    for start in range(0, len(ids), BATCH_SIZE):
        Measurement.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).delete()
    return len(ids), len({practice for _, practice in stale})


@transaction.atomic
def compute(con, engine, window: Window, *, by=None) -> ComputationRun:
    """Run the indicators on `engine` over `window` and store them as measurements."""
    run = ComputationRun.objects.create(
        kind=KIND,
        as_at=window.end,
        run_by=by,
        engine=engine.name,
        snapshot=snapshot(con),
        code_version=code_version(),
        rows_read=sum(n for table, n in counts(con).items() if table != "batches"),
        synthetic=is_synthetic(con),
    )
    started = time.perf_counter()
    wide = engine.run(indicator_sql(window), window)
    query_seconds = time.perf_counter() - started
    written = write(long_rows(wide, window), window, run)
    run.rows_written = written["created"] + written["updated"] + written["withdrawn"]
    run.notes = describe(con, window, len(wide), query_seconds, written)
    run.finished_at = timezone.now()
    run.save(update_fields=["rows_written", "notes", "finished_at"])
    after_measurements_changed(
        reason=f"the analytics computation (run {run.pk})", rows=run.rows_written, computation=run
    )
    return run


def describe(con, window: Window, practice_quarters: int, query_seconds: float, written) -> str:
    """The run's notes: what a reader of the computation runs page needs beside the fields."""
    data = "synthetic data" if is_synthetic(con) else "ingested data"
    periods = f"{window.period(0).label} to {window.period(window.quarters - 1).label}"
    return (
        f"{data}; {periods}; {practice_quarters} practice-quarters (query {query_seconds:.2f} s); "
        f"measurements {written['created']} created, {written['updated']} updated, "
        f"{written['unchanged']} unchanged; {written['withdrawn']} measurements of "
        f"{written['withdrawn_practices']} practices not in the store withdrawn; "
        f"{written['unknown_practices']} practices not in the registry"
    )
