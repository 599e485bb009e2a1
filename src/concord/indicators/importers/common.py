"""What the measurement importers share: number checks, registry look-ups, write and roll up.

Writing calls the status refresh by name (concord.accountability.refresh): it runs once the
import's transaction commits."""

from abc import abstractmethod

from concord.accountability.refresh import after_measurements_changed
from concord.organisations.importers.base import Importer
from concord.organisations.importers.sources import header_rows
from concord.organisations.models import Organisation

from ..aggregation import roll_up
from ..writer import MeasurementSync
from . import layout

__all__ = ["MeasurementImporter"]


class MeasurementImporter(Importer):
    """An Importer whose rows become measurements, then roll up over the hierarchy."""

    def read_csv(self):
        """(row number, {column: text}) with the header checked; row 1 is the header. Read as
        UTF-8 (`sources.header_rows`): a bad byte or an over-long field names its row."""
        return header_rows(self, self.check_header, skip_blank=True)

    @abstractmethod
    def check_header(self, header: list[str]) -> None:
        """Fail with a precise message unless the header has the columns this file needs."""

    def number(self, row: int, column: str, value: str, required: bool = True) -> float | None:
        try:
            return layout.number(row, column, value, required)
        except layout.RowError as error:
            self.fail(error.row, error.column, error.message)

    def within_denominator(self, row: int, indicator, numerator, denominator) -> None:
        """A proportion of a counted denominator cannot have a numerator above it."""
        try:
            layout.within_denominator(row, indicator, numerator, denominator)
        except layout.RowError as error:
            self.fail(error.row, error.column, error.message)

    def registry(self) -> dict[str, tuple[int, str]]:
        """{ODS code: (id, kind)} for every organisation in the registry."""
        return {
            code: (pk, kind)
            for pk, code, kind in Organisation.objects.values_list("pk", "code", "kind")
        }

    def write(self, wanted, indicators, periods) -> MeasurementSync:
        sync = MeasurementSync(indicators, periods, batch=self.batch)
        for indicator, organisation_id, period, numerator, denominator, published in wanted:
            sync.want(indicator, organisation_id, period, numerator, denominator, published)
        counts = sync.save()
        self.batch.created, self.batch.updated = counts["created"], counts["updated"]
        self.batch.unchanged = counts["unchanged"]
        after_measurements_changed(
            reason=f"the import of {self.path.name} (batch {self.batch.pk})",
            rows=counts["created"] + counts["updated"],
            batch=self.batch,
        )
        return sync

    def roll_up(self, indicators_by_period: dict) -> None:
        notes = []
        for period, indicators in indicators_by_period.items():
            counts = roll_up(indicators, period, as_at=self.geography_date(period), by=self.by)
            notes.append(
                f"roll-up {period.label}: {counts['created']} aggregates created, "
                f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
                f"{counts['kept']} published figures kept, {counts['removed']} removed"
            )
        self.note(*notes)

    def geography_date(self, period):
        """The date whose hierarchy the figures are summed over: the period end by default."""
        return self.as_at or period.end

    def note(self, *lines: str) -> None:
        self.batch.notes = "\n".join([self.batch.notes, *lines]).strip()
