"""Recompute the status of every commitment in force, for every period, from the measurements.

`refresh(today=)` is what `concord accountability refresh` runs. It reads commitments and
measurements, assesses each period (evaluation.py, status.py), replaces the stored statuses,
tells the owners of each commitment whose current status changed (concord.notifications), raises
or clears the red flags and brings the evidence of open ones up to date (flags.py), proposes
agenda items for each forum's next meeting (agenda.py), and marks the changes of measurements it
covers as refreshed.

Nothing refreshes as a side effect: every writer of measurements (the measurement importers'
shared write, a published submission, the analytics computation, roll-ups, the demo's published
values and figures) calls
`after_measurements_changed` by name inside its transaction. That records the change (a
MeasurementChange, committed with the measurements) and refreshes once the transaction
commits. A refresh that fails raises StatusRefreshFailed after the data are committed; the
commands report it and exit with EXIT_REFRESH_FAILED, and the change stays owed until a later
refresh: the next change, the rerun of the same command (even of a file already imported) or
`concord accountability refresh`. With CONCORD_ACCOUNTABILITY_AUTO_REFRESH off, changes are
only recorded.
"""

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.timezone import localdate

from concord.governance.models import Commitment
from concord.indicators.limits import FIELDS
from concord.indicators.models import Measurement, Period
from concord.indicators.periods import PeriodSpec
from concord.indicators.presentation.figures import figures_for

from . import evaluation as ev
from . import status as s
from .models import CommitmentStatus, MeasurementChange

__all__ = [
    "EXIT_REFRESH_FAILED",
    "HOW_TO_RERUN",
    "INSERTED",
    "NAMED_CHANGES",
    "Periods",
    "RefreshResult",
    "Row",
    "StatusRefreshFailed",
    "WRITE_BATCH",
    "after_measurements_changed",
    "assessments",
    "auto_refresh",
    "commitments_in_force",
    "insert",
    "owed_note",
    "plan",
    "refresh",
    "refresh_owed",
    "summary",
]

WRITE_BATCH = 2000
EXIT_REFRESH_FAILED = 3  # the data were written; the status refresh after them failed
NAMED_CHANGES = 5  # changes a failure message names, of those owed the refresh
HOW_TO_RERUN = (
    "Run `concord accountability refresh` (or the same command again) to bring status and "
    "red flags up to date."
)


@dataclass
class RefreshResult:
    commitments: int
    statuses: int
    changed: int
    flags_raised: int = 0
    proposed: int = 0
    settled: int = 0  # changes of measurements that were owed this refresh


def commitments_in_force():
    return (
        Commitment.objects.in_force()
        .select_related("agreement", "party")
        .prefetch_related("indicators")
        .order_by("id")
    )


def _load_series(commitments) -> dict:
    """(indicator id, organisation id) -> Series of the figures as everyone may see them
    (concord.indicators.presentation: the pack and the commitment page chart the same), in one
    query over the measurements (and one over the periods, so that no date is converted per
    measurement)."""
    wanted = {(i.pk, c.party_id): (i, c.party) for c in commitments for i in c.indicators.all()}
    if not wanted:
        return {}
    series_by_key = {key: _new_series(indicator) for key, (indicator, _) in wanted.items()}
    specs = _period_specs({s.period_type for s in series_by_key.values()})
    rows = (
        Measurement.objects.filter(
            indicator_id__in={k[0] for k in wanted},
            organisation_id__in={k[1] for k in wanted},
            value__isnull=False,
        )
        .values_list(
            "indicator_id", "organisation_id", "period_id", "numerator", "denominator", *FIELDS
        )
        .order_by("period__start")  # each series is appended oldest first, as the chart reads it
    )
    # streamed in chunks: a refresh of every commitment reads far more rows than it keeps
    for ind, org, period, numerator, denominator, *stored in rows.iterator(
        chunk_size=WRITE_BATCH * 10
    ):
        series, spec = series_by_key.get((ind, org)), specs.get(period)
        if series is None or spec is None or spec.period_type != series.period_type:
            continue
        indicator, party = wanted[(ind, org)]
        shown = figures_for(
            indicator,
            party.kind,
            numerator,
            denominator,
            dict(zip(FIELDS, stored, strict=True)),
            False,
        )
        if shown.values["value"] is None:
            series.withheld.append(spec)  # too few to show: no evidence anyone may see
            continue
        series.specs.append(spec)
        series.values.append(shown.values["value"])
        series.lower.append(shown.values["lower_95"])
        series.upper.append(shown.values["upper_95"])
    return series_by_key


def _period_specs(period_types: set) -> dict:
    """period id -> PeriodSpec, for the stored periods of these types."""
    rows = Period.objects.filter(period_type__in=period_types).values_list(
        "pk", "period_type", "start", "end", "label"
    )
    return {pk: PeriodSpec(ptype, start, end, label) for pk, ptype, start, end, label in rows}


def _new_series(indicator) -> ev.Series:
    direction = {"up": True, "down": False}.get(indicator.improvement)
    return ev.Series(
        indicator.title,
        indicator.period_type,
        direction,
        indicator.spc_rules,
        indicator.unit,
    )


def plan(commitments, series: dict, today: dt.date) -> dict:
    """commitment id -> list of tasks (one per indicator and period)."""
    tasks = {}
    for c in commitments:
        terms, indicators = ev.terms_of(c), list(c.indicators.all())
        series_of_commitment = [series[(i.pk, c.party_id)] for i in indicators] or [None]
        tasks[c.pk] = [t for one in series_of_commitment for t in ev.tasks_for(terms, one, today)]
    return tasks


def assessments(tasks: list) -> list[tuple[PeriodSpec, s.Assessment]]:
    """Per period (in order), the worst assessment over the commitment's indicators."""
    by_period = defaultdict(list)
    for task in tasks:
        by_period[task.spec].append(s.assess(ev.evidence(task)))
    ordered = sorted(by_period.items(), key=lambda pair: pair[0].start)
    return [(spec, s.worst(assessed)) for spec, assessed in ordered]


class Periods:
    """Period ids for specs, made on first use and cached."""

    def __init__(self):
        self.cache = {}

    def __call__(self, spec: PeriodSpec) -> int:
        if spec not in self.cache:
            self.cache[spec] = Period.objects.get_for(spec).pk
        return self.cache[spec]


@dataclass(slots=True)
class Row:
    """A status about to be written: the fields of CommitmentStatus, without the cost of a
    model instance per commitment and period (flags.py reads these in memory)."""

    commitment: Commitment
    period_id: int
    status: str
    rule: int
    explanation: str
    numbers: dict
    is_current: bool

    @property
    def commitment_id(self) -> int:
        return self.commitment.pk


@transaction.atomic
def refresh(*, today: dt.date | None = None) -> RefreshResult:
    """Every commitment in force, every period: statuses replaced, changes noticed, flags."""
    from .agenda import propose_for_next_meetings
    from .flags import raise_flags

    today = today or localdate()
    owed = list(MeasurementChange.objects.owed().values_list("pk", flat=True))  # before reading
    commitments = list(commitments_in_force())
    tasks = plan(commitments, _load_series(commitments), today)
    ev.chart_all([t for group in tasks.values() for t in group])
    before = dict(CommitmentStatus.objects.current().values_list("commitment_id", "status"))
    rows = _build_rows(commitments, tasks, Periods())
    CommitmentStatus.objects.filter(commitment__in=[c.pk for c in commitments]).delete()
    insert(rows)
    changed = _notice_changes(commitments, before, rows, today)
    raised = raise_flags(today=today, statuses=rows)
    proposed = propose_for_next_meetings(today)
    MeasurementChange.objects.filter(pk__in=owed).update(refreshed_at=timezone.now())
    return RefreshResult(len(commitments), len(rows), changed, raised, proposed, len(owed))


INSERTED = ("commitment_id", "period_id", "status", "rule", "explanation", "numbers", "is_current")


def insert(rows: list[Row]) -> None:
    """One executemany: bulk_create batches by the database's parameter limit, far slower on
    SQLite for tens of thousands of rows."""
    meta = CommitmentStatus._meta
    columns = [meta.get_field(n.removesuffix("_id")).column for n in INSERTED]
    columns.append(meta.get_field("computed_at").column)
    now = connection.ops.adapt_datetimefield_value(timezone.now())  # once, not per row
    params = [
        (r.commitment.pk, r.period_id, r.status, r.rule, r.explanation, json.dumps(r.numbers))
        + (r.is_current, now)
        for r in rows
    ]
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(params), WRITE_BATCH * 10):
            cursor.executemany(sql, params[start : start + WRITE_BATCH * 10])


def _build_rows(commitments, tasks: dict, period_of) -> list[Row]:
    rows = []
    for c in commitments:
        assessed = assessments(tasks[c.pk])
        last = len(assessed) - 1
        rows += [
            Row(c, period_of(spec), a.status, a.rule, a.explanation, a.numbers, k == last)
            for k, (spec, a) in enumerate(assessed)
        ]
    return rows


def _notice_changes(commitments, before: dict, rows, today: dt.date) -> int:
    """The owners of each commitment whose current status is new or different are told."""
    from concord.notifications import notices

    current = {r.commitment_id: r for r in rows if r.is_current}
    changes = [
        (c, before.get(c.pk), current[c.pk])
        for c in commitments
        if c.pk in current and before.get(c.pk) != current[c.pk].status
    ]
    notices.status_changed(changes, today)
    return len(changes)


# -- after a change of measurements ----------------------------------------------------------------


def summary(result: RefreshResult) -> str:
    return (
        f"{result.commitments} commitments, {result.statuses} statuses, {result.changed} "
        f"changed; {result.flags_raised} red flags raised; {result.proposed} agenda items "
        f"proposed; {result.settled} changes of measurements were awaiting it."
    )


def owed_note() -> str:
    """What a command says, with the refresh switched off, of the changes that await it."""
    owed = MeasurementChange.objects.owed().count() if not auto_refresh() else 0
    if not owed:
        return ""
    return (
        f"Status refresh is off (CONCORD_ACCOUNTABILITY_AUTO_REFRESH=0): {owed} changes of "
        "measurements await `concord accountability refresh`."
    )


class StatusRefreshFailed(Exception):
    """The measurements were written and committed, but the status refresh after them failed.
    The changes stay owed their refresh (MeasurementChange) for the next one."""

    def __init__(self, owed: list[str], cause: Exception):
        self.owed, self.cause = owed, cause
        named = "; ".join(owed[:NAMED_CHANGES])
        more = f" and {len(owed) - NAMED_CHANGES} more" if len(owed) > NAMED_CHANGES else ""
        super().__init__(
            f"the status refresh failed ({type(cause).__name__}: {cause}); it was owed after "
            f"{named}{more}. {HOW_TO_RERUN}"
        )


def auto_refresh() -> bool:
    return settings.CONCORD_ACCOUNTABILITY_AUTO_REFRESH


def after_measurements_changed(*, reason: str, rows: int, batch=None, computation=None) -> None:
    """What every writer of measurements calls, inside its transaction, once it has written
    `rows` (created, updated or removed): the change is recorded as owed a refresh, and the
    refresh runs when the transaction commits (at once outside one). With `rows` 0 nothing is
    recorded, but a refresh still owed by an earlier change (one that failed) is run."""
    if rows:
        MeasurementChange.objects.create(
            reason=reason, rows=rows, batch=batch, computation=computation
        )
    if auto_refresh():
        transaction.on_commit(refresh_owed)


def refresh_owed() -> RefreshResult | None:
    """Refresh when some change of measurements is owed it (not when an earlier callback of the
    same commit already did); a failure is raised as StatusRefreshFailed."""
    owed = list(MeasurementChange.objects.owed().values_list("reason", flat=True))
    if not owed:
        return None
    try:
        return refresh()
    except Exception as error:
        raise StatusRefreshFailed(owed, error) from error
