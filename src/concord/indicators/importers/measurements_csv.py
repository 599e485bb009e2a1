"""A long CSV of measurements: indicator, organisation, period, numerator, denominator[, published].

The layout and its checks are in layout.py, shared with data submissions. Parents are then
rolled up from the practices.
"""

from collections import defaultdict

from .common import MeasurementImporter
from .layout import MeasurementRows, RowError, header_errors

__all__ = ["MeasurementsCsvImporter"]


class MeasurementsCsvImporter(MeasurementImporter):
    kind = "measurements-csv"
    description = "Measurements as a long CSV (indicator, organisation, period, numerator, ...)"

    def read(self):
        return self.read_csv()

    def check_header(self, header):
        for error in header_errors(header):
            self.refuse(error)

    def load(self, rows):
        checks, wanted, by_period = MeasurementRows(), [], defaultdict(set)
        for number, fields in self.with_progress(rows):
            row, errors = checks.check(number, fields)
            if errors:
                self.refuse(errors[0])
            wanted.append(
                (row.indicator, row.organisation_id, row.period)
                + (row.numerator, row.denominator, row.published)
            )
            by_period[row.period].add(row.indicator)
        indicators = {i for codes in by_period.values() for i in codes}
        self.write(wanted, indicators, list(by_period))
        self.roll_up(by_period)

    def refuse(self, error: RowError):
        self.fail(error.row, error.column, error.message)
