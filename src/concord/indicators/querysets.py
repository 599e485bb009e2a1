"""Domain words: Measurement.objects.for_indicator(code).within(ccg, as_at=d).in_period(label)."""

import datetime as dt

from django.db import models

from concord.organisations.kinds import Kind

__all__ = ["IndicatorQuerySet", "MeasurementQuerySet", "PeriodQuerySet"]


class IndicatorQuerySet(models.QuerySet):
    def due_for_review(self, on: dt.date):
        return self.filter(next_review__lte=on)

    def from_qof(self):
        return self.filter(code__startswith="qof-")


class PeriodQuerySet(models.QuerySet):
    def get_for(self, spec):
        """The stored period for a PeriodSpec, created on first use."""
        period, _ = self.get_or_create(
            period_type=spec.period_type,
            label=spec.label,
            defaults={"start": spec.start, "end": spec.end},
        )
        return period

    def between(self, start: dt.date, end: dt.date):
        return self.filter(start__gte=start, end__lte=end)


class MeasurementQuerySet(models.QuerySet):
    def shown(self):
        """With what showing a figure reads: its indicator, organisation, period and the
        computation that says whether it is synthetic (concord.indicators.presentation)."""
        return self.select_related("indicator", "organisation", "period", "computation")

    def for_indicator(self, code: str):
        return self.filter(indicator__code=code)

    def for_organisation(self, org):
        return self.filter(organisation=org)

    def within(self, ancestor, as_at: dt.date):
        """Measurements of organisations below `ancestor` through links in force on `as_at`."""
        from concord.organisations.hierarchy import descendant_ids

        return self.filter(organisation_id__in=descendant_ids(ancestor, as_at))

    def in_period(self, period):
        """One period, given as a Period or its label ("2020-21", "2021-03")."""
        if isinstance(period, str):
            return self.filter(period__label=period)
        return self.filter(period=period)

    def between(self, start: dt.date, end: dt.date):
        return self.filter(period__start__gte=start, period__end__lte=end)

    def of_kind(self, *kinds: str):
        return self.filter(organisation__kind__in=kinds)

    def practices(self):
        return self.of_kind(Kind.PRACTICE)

    def aggregates(self):
        return self.filter(is_aggregate=True)

    def imported(self):
        return self.filter(is_aggregate=False)
