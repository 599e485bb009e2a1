"""QOF practice prevalence (NHS Digital PREVALENCE_2021_v2.csv, PREVALENCE_1920.csv).

One row per practice and register: PRACTICE_CODE, GROUP_CODE, REGISTER, PATIENT_LIST_TYPE and the
list size of that type, named PRACTICE_LIST_SIZE in 2020-21 and PATIENT_LIST_SIZE in 2019-20.
Each row becomes the practice's measurement of `qof-prevalence-<register>`: the register is the
numerator, the list size the denominator. The period is the financial year in the file name
(2021 -> 2020-21, 1920 -> 2019-20) unless given. Parents are then rolled up from the practices.
"""

import datetime as dt
import re

from concord.organisations.kinds import Kind

from ..models import Indicator, Period
from ..periods import PeriodInvalid, financial_year, parse_period
from .common import MeasurementImporter

__all__ = ["QofPrevalenceImporter"]

COLUMNS = ("PRACTICE_CODE", "GROUP_CODE", "REGISTER", "PATIENT_LIST_TYPE")
LIST_SIZE = ("PRACTICE_LIST_SIZE", "PATIENT_LIST_SIZE")  # 2020-21 and 2019-20 names
YEAR_IN_NAME = re.compile(r"(\d{2})(\d{2})(?!\d)")
PREFIX = "qof-prevalence-"


class QofPrevalenceImporter(MeasurementImporter):
    kind = "qof-prevalence"
    description = "QOF practice prevalence (PREVALENCE_*.csv), all registers"

    def __init__(self, path, *, period: str | None = None, **options):
        super().__init__(path, **options)
        self.period_label = period

    def read(self):
        return self.read_csv()

    def check_header(self, header):
        for column in COLUMNS:
            if column not in header:
                self.fail(1, column, f"expected a column named {column} in the header")
        sizes = [column for column in LIST_SIZE if column in header]
        if not sizes:
            self.fail(1, None, f"expected a list size column ({' or '.join(LIST_SIZE)})")
        self.list_size = sizes[0]

    def financial_year(self) -> Period:
        try:
            spec = (
                parse_period(self.period_label, "financial_year")
                if self.period_label
                else self._year_from_name()
            )
        except PeriodInvalid as error:
            self.fail(None, None, f"period: {error}")
        return Period.objects.get_for(spec)

    def _year_from_name(self):
        for first, second in YEAR_IN_NAME.findall(self.path.stem):
            if (int(first) + 1) % 100 == int(second):
                return financial_year(2000 + int(first))
        raise PeriodInvalid(
            f"cannot tell the financial year from the name {self.path.name!r}; give it (2020-21)"
        )

    def registers(self) -> dict[str, Indicator]:
        by_code = {
            i.details.get("qof", {}).get("register"): i
            for i in Indicator.objects.filter(code__startswith=PREFIX)
        }
        by_code.pop(None, None)
        if not by_code:
            self.fail(
                None, None, "no QOF prevalence definitions loaded: run `concord indicators load`"
            )
        return by_code

    def load(self, rows):
        period, self.indicators = self.financial_year(), self.registers()
        self.practices, seen = self.registry(), {}
        wanted, self.skipped, self.list_types = [], {}, {}
        for number, row in self.with_progress(rows):
            item = self.measurement(number, row, period)
            if item is None:
                continue
            key = (item[0].pk, item[1])
            if key in seen:
                self.fail(number, None, f"repeats row {seen[key]} (same practice and register)")
            seen[key] = number
            wanted.append(item)
        if not wanted:
            defined = ", ".join(sorted(self.indicators))
            self.fail(None, None, f"no row is of a register Concord defines ({defined})")
        indicators = {item[0] for item in wanted}
        self.write(wanted, indicators, [period])
        self.note(f"period {period.label}: {len(wanted)} practice measurements", *self.findings())
        self.roll_up({period: indicators})

    def geography_date(self, period):
        """QOF publishes a year's figures on the geography of the following 1 April (the day
        after the period ends), as its geography map shows; `--as-at` chooses another date."""
        return self.as_at or period.end + dt.timedelta(days=1)

    def measurement(self, number: int, row: dict, period: Period) -> tuple | None:
        group = self.required(number, "GROUP_CODE", row["GROUP_CODE"])
        if group not in self.indicators:
            self.skipped[group] = self.skipped.get(group, 0) + 1
            return None
        indicator = self.indicators[group]
        self.list_types.setdefault(group, set()).add(row["PATIENT_LIST_TYPE"])
        return (
            indicator,
            self.practice(number, row["PRACTICE_CODE"]),
            period,
            float(self.integer(number, "REGISTER", row["REGISTER"])),
            float(self.integer(number, self.list_size, row[self.list_size])),
            None,
        )

    def practice(self, number: int, code: str) -> int:
        registered = self.practices.get(code)
        if registered is None:
            self.fail(
                number,
                "PRACTICE_CODE",
                f"unknown practice {code!r}: not in the registry (import the ODS practices first)",
            )
        if registered[1] != Kind.PRACTICE:
            self.fail(number, "PRACTICE_CODE", f"{code!r} is a {registered[1]}, not a GP practice")
        return registered[0]

    def findings(self) -> list[str]:
        lines = [
            f"skipped {count} rows of register {group}: no Concord definition"
            for group, count in sorted(self.skipped.items())
        ]
        for group, types in sorted(self.list_types.items()):
            defined = self.indicators[group].details["qof"]["patient_list_type"]
            if types != {defined}:
                lines.append(
                    f"register {group}: the file's list type {', '.join(sorted(types))} differs "
                    f"from the definition's {defined} (QOF changed it between years)"
                )
        return lines
