"""The measurements layout and its checks, shared by the CSV importer and a data submission.

Columns: indicator, organisation, period, numerator, denominator[, published]. `indicator` is a
loaded definition's code, `organisation` an ODS code in the registry, `period` a label (2020-21,
2020-21 Q4, 2021-03) of the indicator's period type, `published` a date (YYYY-MM-DD, optional).

Every check raises RowError naming the row (1-based, as a spreadsheet shows it), the column and
what was expected. `MeasurementRows.check` checks every field of one row and returns all its
problems, so the importer can stop at the first while a submission's preview lists them all.
"""

import datetime as dt
import math
from dataclasses import dataclass

from concord.organisations.models import Organisation

from ..models import Indicator, Period
from ..periods import PeriodInvalid, parse_period

__all__ = ["MeasurementRows", "Row", "RowError", "header_errors", "number", "within_denominator"]

REQUIRED = ("indicator", "organisation", "period", "numerator", "denominator")
OPTIONAL = ("published",)


@dataclass
class RowError(Exception):
    """One problem in one row: where it is and what was expected."""

    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Row:
    """One checked row of the measurements layout."""

    number: int
    indicator: Indicator
    organisation_id: int
    period: Period
    numerator: float | None
    denominator: float | None
    published: dt.date | None


def header_errors(header: list[str]) -> list[RowError]:
    """Every missing or unexpected column of the header (row 1)."""
    missing = [
        RowError(1, c, f"expected a column named {c!r} in the header")
        for c in REQUIRED
        if c not in header
    ]
    expected = ", ".join(REQUIRED + OPTIONAL)
    unexpected = [
        RowError(1, c, f"unexpected column; expected {expected}")
        for c in header
        if c not in REQUIRED + OPTIONAL
    ]
    return missing + unexpected


def number(row: int, column: str, value: str, required: bool = True) -> float | None:
    """A count of 0 or more; blank is None unless required."""
    if not value:
        if required:
            raise RowError(row, column, "expected a number, found nothing")
        return None
    try:
        parsed = float(value)
    except ValueError:
        raise RowError(row, column, f"expected a number, found {value!r}") from None
    if not math.isfinite(parsed) or parsed < 0:
        raise RowError(row, column, f"expected a number of 0 or more, found {value!r}")
    return parsed


def within_denominator(row: int, indicator, numerator, denominator) -> None:
    """A proportion of a counted denominator cannot have a numerator above it."""
    if numerator is None or denominator is None or numerator <= denominator:
        return
    if indicator.numerator_within_denominator:
        raise RowError(
            row,
            "numerator",
            f"numerator {numerator:g} is above the denominator {denominator:g}; "
            f"{indicator.code} is a {indicator.unit} of a counted denominator, "
            "so its numerator is part of it",
        )


def published(row: int, value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise RowError(
            row, "published", f"expected a date as YYYY-MM-DD, found {value!r}"
        ) from None


class MeasurementRows:
    """Checks rows of the measurements layout against the loaded definitions and the registry."""

    def __init__(self):
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.organisations = dict(Organisation.objects.values_list("code", "pk"))
        self.periods: dict = {}
        self.seen: dict[tuple, int] = {}

    def check(self, number_: int, fields: dict) -> tuple[Row | None, list[RowError]]:
        """The row, or None with every problem found in it (a repeated row included)."""
        errors: list[RowError] = []

        def attempt(check, *args):
            try:
                return check(*args)
            except RowError as error:
                errors.append(error)

        indicator = attempt(self.indicator, number_, fields.get("indicator", ""))
        organisation = attempt(self.organisation, number_, fields.get("organisation", ""))
        period = indicator and attempt(self.period, number_, fields.get("period", ""), indicator)
        numerator = attempt(number, number_, "numerator", fields.get("numerator", ""))
        needed = indicator is None or indicator.unit != "count"
        denominator = attempt(number, number_, "denominator", fields.get("denominator", ""), needed)
        if indicator:
            attempt(within_denominator, number_, indicator, numerator, denominator)
        when = attempt(published, number_, fields.get("published", ""))
        if errors:
            return None, errors
        row = Row(number_, indicator, organisation, period, numerator, denominator, when)
        return (row, []) if self.first(row) else (None, [self.repeat(row)])

    def first(self, row: Row) -> bool:
        key = (row.indicator.pk, row.organisation_id, row.period.pk)
        if key in self.seen:
            return False
        self.seen[key] = row.number
        return True

    def repeat(self, row: Row) -> RowError:
        earlier = self.seen[(row.indicator.pk, row.organisation_id, row.period.pk)]
        return RowError(
            row.number, None, f"repeats row {earlier} (same indicator, organisation, period)"
        )

    def indicator(self, row: int, code: str) -> Indicator:
        if code not in self.indicators:
            raise RowError(
                row, "indicator", f"unknown indicator {code!r}: load its definition first"
            )
        return self.indicators[code]

    def organisation(self, row: int, code: str) -> int:
        if code not in self.organisations:
            raise RowError(
                row, "organisation", f"unknown organisation code {code!r}: not in the registry"
            )
        return self.organisations[code]

    def period(self, row: int, label: str, indicator: Indicator) -> Period:
        try:
            spec = parse_period(label, indicator.period_type)
        except PeriodInvalid as error:
            raise RowError(row, "period", str(error)) from None
        if spec not in self.periods:
            self.periods[spec] = Period.objects.get_for(spec)
        return self.periods[spec]
