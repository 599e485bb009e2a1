"""From a commitment's terms and its indicator's series to the Evidence of each period.

Pure Python and numpy: no Django. The periods assessed run from the one containing the
commitment's start to the one containing today (or the due date, once passed). The XmR
charts of every series prefix are computed in batches (one numpy pass per prefix length), so
refreshing thousands of commitments over dozens of periods stays fast.
"""

import bisect
import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from concord.indicators.periods import (
    PeriodSpec,
    financial_year,
    month,
    ordinal,
    parse_period,
    quarter,
)
from concord.stats import spc

from .status import Evidence

__all__ = [
    "DAY",
    "Series",
    "Task",
    "Terms",
    "chart_all",
    "evidence",
    "milestone",
    "period_containing",
    "periods_between",
    "tasks_for",
    "terms_of",
]

DAY = dt.timedelta(days=1)


@functools.lru_cache(maxsize=4096)
def period_containing(period_type: str, day: dt.date) -> PeriodSpec:
    if period_type == "month":
        return month(day.year, day.month)
    fy = day.year if day.month >= 4 else day.year - 1
    if period_type == "quarter":
        return quarter(fy, (day.month - 4) % 12 // 3 + 1)
    return financial_year(fy)


@functools.lru_cache(maxsize=1024)
def periods_between(period_type: str, first: dt.date, last: dt.date) -> tuple[PeriodSpec, ...]:
    """Commitments of one agreement share their dates: the answer is cached (it is immutable)."""
    spec, periods = period_containing(period_type, first), []
    while spec.start <= last:
        periods.append(spec)
        spec = period_containing(period_type, spec.end + DAY)
    return tuple(periods)


@dataclass(frozen=True)
class Terms:
    """What the evaluation needs of a commitment."""

    start: dt.date
    due: dt.date | None
    target: float | None
    trajectory: tuple = ()  # ((PeriodSpec, target), ...) in order


def terms_of(commitment) -> Terms:
    """A commitment's terms; it starts when agreed unless it names a start."""
    start = commitment.start or commitment.agreement.agreed_on
    return Terms(start, commitment.due, commitment.target, _trajectory_of(commitment.trajectory))


def _trajectory_of(entries: list[dict]) -> tuple:
    """[{"period": "2021-22", "target": 63}] as ((PeriodSpec, 63.0), ...), in period order."""
    parsed = [(parse_period(str(e["period"])), float(e["target"])) for e in entries or []]
    return tuple(sorted(parsed, key=lambda pair: pair[0].start))


@functools.lru_cache(maxsize=4096)
def milestone(terms: Terms, spec: PeriodSpec, final: bool) -> tuple[float | None, str]:
    """The target for a period and where it comes from (cached: commitments of one agreement
    share their terms)."""
    if final and terms.target is not None:
        return terms.target, "final target"
    for entry, target in terms.trajectory:
        if entry.start <= spec.end <= entry.end:
            return target, f"trajectory {entry.label}"
    if terms.trajectory and spec.end < terms.trajectory[0][0].start:
        return terms.trajectory[0][1], f"trajectory {terms.trajectory[0][0].label}"
    if terms.target is not None:
        return terms.target, "final target"
    if terms.trajectory:
        return terms.trajectory[-1][1], f"trajectory {terms.trajectory[-1][0].label}"
    return None, ""


@dataclass
class Series:
    """One indicator for one organisation: points in period order."""

    indicator: str
    period_type: str
    higher_is_better: bool | None
    rules: str = "mdc"
    unit: str = ""
    specs: list = field(default_factory=list)  # PeriodSpec per point
    values: list = field(default_factory=list)
    lower: list = field(default_factory=list)
    upper: list = field(default_factory=list)
    withheld: list = field(default_factory=list)  # PeriodSpecs whose figure is withheld


def _assessed_periods(terms: Terms, period_type: str, today: dt.date) -> list[PeriodSpec]:
    if today < terms.start:
        return [period_containing(period_type, today)]
    last = min(today, terms.due) if terms.due else today
    return periods_between(period_type, terms.start, last)


@dataclass
class Task:
    """One (series, period) to assess; the SPC fields are filled in by `chart_all`."""

    series: Series | None
    spec: PeriodSpec
    terms: Terms
    today: dt.date
    count: int = 0  # points of the series at or before the period
    variation: str | None = None
    assurance: str | None = None
    milestone: tuple = (None, "")

    @property
    def final(self) -> bool:
        due = self.terms.due
        return due is not None and due <= self.today and self.spec.start <= due <= self.spec.end


def tasks_for(terms: Terms, series: Series | None, today: dt.date, period_type="month"):
    kind = series.period_type if series else period_type
    made = []
    ends = [p.end for p in series.specs] if series else []
    for spec in _assessed_periods(terms, kind, today):
        task = Task(series, spec, terms, today, count=bisect.bisect_right(ends, spec.end))
        task.milestone = milestone(terms, spec, task.final)
        made.append(task)
    return made


def chart_all(tasks: list[Task]) -> None:
    """Fill in the variation and assurance of every task, one xmr_batch per prefix shape,
    each cut from one matrix of every series' values (no list of lists per shape)."""
    groups, rows = defaultdict(list), {}
    for task in tasks:
        s = task.series
        if s is None or s.higher_is_better is None:
            continue
        if task.count >= spc.RULE_SETS[s.rules].minimum_points:
            groups[(task.count, s.rules, s.higher_is_better)].append(task)
            rows.setdefault(id(s), (len(rows), s))
    matrix = _values_matrix([s for _, s in rows.values()])
    for (count, rules, higher), group in groups.items():
        values = matrix[[rows[id(t.series)][0] for t in group], :count]
        _chart_group(group, values, spc.RULE_SETS[rules], spc.UP if higher else spc.DOWN)


def _values_matrix(series: list[Series]) -> np.ndarray:
    """One row per series, its values from the left, NaN beyond its end."""
    matrix = np.full((len(series), max((len(s.values) for s in series), default=0)), np.nan)
    for k, s in enumerate(series):
        matrix[k, : len(s.values)] = s.values
    return matrix


def _chart_group(group: list[Task], values: np.ndarray, rules, improvement: str) -> None:
    batch = spc.xmr_batch(values, rules, improvement)
    codes = batch.classification[:, -1]
    means, sigmas = batch.mean[:, -1].tolist(), batch.sigma[:, -1].tolist()
    for k, task in enumerate(group):
        task.variation = spc.CLASSES[codes[k]]
        mean, sigma = means[k], sigmas[k]
        last = spc.SpcPoint(values[k, -1], mean, mean - 3 * sigma, mean + 3 * sigma, None, None)
        task.assurance = spc.assurance_icon(task.milestone[0], last, improvement, rules)


def _withheld_after(s: Series, spec: PeriodSpec, count: int) -> str | None:
    """The latest period at or before `spec` whose figure is withheld, when it is later than
    the latest figure shown."""
    shown = s.specs[count - 1].start if count else None
    later = [w for w in s.withheld if w.end <= spec.end and (shown is None or w.start > shown)]
    return later[-1].label if later else None


def evidence(task: Task) -> Evidence:
    s, spec, terms = task.series, task.spec, task.terms
    target, source = task.milestone
    common = dict(
        period=spec.label,
        started=spec.end >= terms.start,
        final=task.final,
        milestone=target,
        milestone_source=source,
    )
    if s is None:
        return Evidence(**common)
    common.update(indicator=s.indicator, higher_is_better=s.higher_is_better, unit=s.unit)
    common.update(withheld=_withheld_after(s, spec, task.count))
    if task.count == 0:
        return Evidence(**common)
    i = task.count - 1
    return Evidence(
        **common,
        latest_period=s.specs[i].label,
        age=ordinal(spec) - ordinal(s.specs[i]),
        value=s.values[i],
        lower=s.lower[i],
        upper=s.upper[i],
        variation=task.variation,
        assurance=task.assurance,
    )
