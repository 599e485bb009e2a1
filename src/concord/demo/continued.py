"""Loads the demo's synthetic continuation: for every commitment in force that an indicator
measures, figures for its party up to the last complete period before the load day, so the
commitments have live statuses on any day. Illustrative, not published data: the figures are
written by a computation run marked synthetic, which every page, chart and API answer labels.

A series that has published figures (Wigan's dementia diagnosis rate, to January 2021) is carried
on from its last published month; any other starts a year before its commitment starts, near
its target. The trust whose figures arrive by submission in the demo's story (RRF) is left
without: its commitment shows "No data" until the trust submits.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from concord.accountability.evaluation import (
    milestone,
    period_containing,
    periods_between,
    terms_of,
)
from concord.accountability.refresh import after_measurements_changed
from concord.governance.models import Commitment
from concord.indicators.models import ComputationRun, Measurement, Period
from concord.indicators.writer import MeasurementSync
from concord.organisations.kinds import Kind

from .continuation import carry_on, implied_denominator, rng_for

__all__ = ["load_continuation"]

KIND = "demo-continuation"
LEFT_FOR_SUBMISSION = {"RRF"}
DENOMINATORS = {Kind.CCG: 2400, Kind.LOCALITY: 520}  # people in a month; others 160
LABEL = "Synthetic continuation (illustrative), not published data"


def last_complete(period_type: str, today: dt.date):
    """The last period that ended before the load day."""
    current = period_containing(period_type, today)
    return period_containing(period_type, current.start - dt.timedelta(days=1))


def series_plan(commitment, indicator, today: dt.date):
    """(periods to write, last value, denominator) for one party and indicator."""
    spec = last_complete(indicator.period_type, today)
    published = (
        Measurement.objects.filter(
            indicator=indicator, organisation=commitment.party, computation__isnull=True
        )
        .select_related("period")
        .order_by("-period__start")
        .first()
    )
    if published is not None and published.lower_95 is not None:
        first = published.period.end + dt.timedelta(days=1)
        value = published.value
        denominator = published.denominator or implied_denominator(
            published.value, published.lower_95, published.upper_95, indicator.multiplier
        )
    else:
        first = commitment.start.replace(year=commitment.start.year - 1)
        rng = rng_for(f"start {indicator.code} {commitment.party.code}")
        value = (commitment.target or 50) - rng.uniform(2, 8)
        denominator = DENOMINATORS.get(commitment.party.kind, 160)
    return periods_between(indicator.period_type, first, spec.end), value, denominator


@transaction.atomic
def load_continuation(today: dt.date, *, by=None) -> ComputationRun | None:
    """Write (or bring up to the load day) the continuation; None when nothing was owed."""
    wanted, done = [], set()
    commitments = (
        Commitment.objects.in_force().select_related("party").prefetch_related("indicators")
    )
    for commitment in commitments.exclude(party__code__in=LEFT_FOR_SUBMISSION):
        for indicator in commitment.indicators.all():
            if (indicator.pk, commitment.party_id) in done:
                continue  # one series per party and indicator, whichever commitment asks first
            done.add((indicator.pk, commitment.party_id))
            if commitment.target is None or indicator.polarity not in (
                "higher_is_better",
                "lower_is_better",
            ):
                continue
            periods, value, denominator = series_plan(commitment, indicator, today)
            by_label = {p.label: p for p in periods}
            key = f"{indicator.code} {commitment.party.code}"
            terms = terms_of(commitment)
            made = carry_on(
                key=key,
                indicator=indicator,
                last_value=value,
                periods=list(by_label),
                target_for=lambda label, t=terms, known=by_label: milestone(
                    t, known[label], final=False
                )[0],
                denominator=denominator,
            )
            wanted += [(indicator, commitment.party, by_label[m.period], m) for m in made]
    if not wanted:
        return None
    run = ComputationRun.objects.create(
        kind=KIND,
        as_at=today,
        run_by=by,
        engine="demo",
        synthetic=True,
        notes=f"{LABEL}: the demo's commitments' series carried on to the last complete period "
        f"before {today:%d %B %Y}, seeded so that every load on a day gives the same figures.",
    )
    indicators = list({i.pk: i for i, *_ in wanted}.values())
    periods = {spec: Period.objects.get_for(spec) for _, _, spec, _ in wanted}
    sync = MeasurementSync(indicators, list(periods.values()), computation=run)
    for indicator, party, spec, m in wanted:
        key = (indicator.pk, party.pk, periods[spec].pk)
        if key in sync.existing and sync.existing[key].computation_id is None:
            continue  # a published or submitted figure is never overwritten
        sync.want(indicator, party.pk, periods[spec], m.numerator, m.denominator)
    if not (sync.to_create or sync.to_update):
        run.delete()  # a reload on the same day: every figure is held already
        return None
    counts = sync.save()
    run.rows_written = counts["created"] + counts["updated"]
    run.finished_at = timezone.now()
    run.save(update_fields=["rows_written", "finished_at"])
    after_measurements_changed(
        reason=f"the demo's synthetic continuation (run {run.pk})",
        rows=run.rows_written,
        computation=run,
    )
    return run
