"""A long CSV of measurements: indicator, organisation, period, numerator, denominator[, published].

`indicator` is a loaded definition's code, `organisation` an ODS code in the registry, `period` a
label (2020-21, 2020-21 Q4, 2021-03) of the indicator's period type, `published` a date
(YYYY-MM-DD, optional). Parents are then rolled up from the practices.
"""

import datetime as dt
from collections import defaultdict

from ..models import Indicator, Period
from ..periods import PeriodInvalid, parse_period
from .common import MeasurementImporter

REQUIRED = ("indicator", "organisation", "period", "numerator", "denominator")
OPTIONAL = ("published",)


class MeasurementsCsvImporter(MeasurementImporter):
    kind = "measurements-csv"
    description = "Measurements as a long CSV (indicator, organisation, period, numerator, ...)"

    def read(self):
        return self.read_csv()

    def check_header(self, header):
        for column in REQUIRED:
            if column not in header:
                self.fail(1, column, f"expected a column named {column!r} in the header")
        for column in header:
            if column not in REQUIRED + OPTIONAL:
                self.fail(
                    1, column, f"unexpected column; expected {', '.join(REQUIRED + OPTIONAL)}"
                )

    def load(self, rows):
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.organisations, self.periods, seen = self.registry(), {}, {}
        wanted, by_period = [], defaultdict(set)
        for number, row in self.with_progress(rows):
            item = self.measurement(number, row)
            key = (item[0].pk, item[1], item[2].pk)
            if key in seen:
                self.fail(
                    number, None, f"repeats row {seen[key]} (same indicator, organisation, period)"
                )
            seen[key] = number
            wanted.append(item)
            by_period[item[2]].add(item[0])
        self.write(wanted, {i for _, i in _pairs(by_period)}, list(by_period))
        self.roll_up(by_period)

    def measurement(self, number: int, row: dict) -> tuple:
        indicator = self.indicator(number, row["indicator"])
        organisation = self.organisation(number, row["organisation"])
        period = self.period(number, row["period"], indicator)
        numerator = self.number(number, "numerator", row["numerator"])
        denominator = self.number(
            number, "denominator", row["denominator"], indicator.unit != "count"
        )
        self.within_denominator(number, indicator, numerator, denominator)
        published = self.published(number, row.get("published", ""))
        return indicator, organisation, period, numerator, denominator, published

    def indicator(self, number: int, code: str) -> Indicator:
        if code not in self.indicators:
            self.fail(number, "indicator", f"unknown indicator {code!r}: load its definition first")
        return self.indicators[code]

    def organisation(self, number: int, code: str) -> int:
        if code not in self.organisations:
            self.fail(
                number, "organisation", f"unknown organisation code {code!r}: not in the registry"
            )
        return self.organisations[code][0]

    def period(self, number: int, label: str, indicator: Indicator) -> Period:
        try:
            spec = parse_period(label, indicator.period_type)
        except PeriodInvalid as error:
            self.fail(number, "period", str(error))
        if spec not in self.periods:
            self.periods[spec] = Period.objects.get_for(spec)
        return self.periods[spec]

    def published(self, number: int, value: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(value) if value else None
        except ValueError:
            self.fail(number, "published", f"expected a date as YYYY-MM-DD, found {value!r}")


def _pairs(by_period: dict):
    return (
        (period, indicator) for period, indicators in by_period.items() for indicator in indicators
    )
