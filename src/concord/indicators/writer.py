"""Writes measurements in bulk: what a file or a computation asserts, against what is stored.

Values and limits are computed here from numerator and denominator, so every measurement, imported
or aggregated, gets its limits the same way. A figure imported for a parent (published by the
source) is never overwritten by an aggregate of its practices.
"""

from django.db import connection

from concord.organisations.kinds import Kind

from .limits import FIELDS, estimate
from .models import Measurement

__all__ = ["MeasurementSync"]

COMPARED = ("numerator", "denominator", "published", "is_aggregate", *FIELDS)
KEYS = ("indicator_id", "organisation_id", "period_id", "batch_id", "computation_id")
BATCH_SIZE = 2000


def _insert_rows(rows: list[tuple]) -> None:
    """INSERT new measurements (KEYS + COMPARED, in order) without building a model per row.

    bulk_create builds a model per row and, on SQLite, sends about 70 rows per statement: a
    national QOF file (140,000 rows) then takes half a minute. SQLite is quickest with
    executemany, PostgreSQL with COPY (psycopg 3), each a few seconds.
    """
    meta, quote = Measurement._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in (*KEYS, *COMPARED))
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        places = ", ".join(["%s"] * (len(KEYS) + len(COMPARED)))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({places})"
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])


class MeasurementSync:
    def __init__(self, indicators, periods, *, batch=None, computation=None, is_aggregate=False):
        self.batch, self.computation, self.is_aggregate = batch, computation, is_aggregate
        stored = Measurement.objects.filter(indicator__in=indicators, period__in=periods).only(
            "indicator_id", "organisation_id", "period_id", "batch_id", "computation_id", *COMPARED
        )
        if is_aggregate:  # parents only: a practice is never an aggregate
            stored = stored.exclude(organisation__kind=Kind.PRACTICE)
        self.existing = {(m.indicator_id, m.organisation_id, m.period_id): m for m in stored}
        self.wanted: set[tuple[int, int, int]] = set()
        self.to_create: list[tuple] = []
        self.to_update: list[Measurement] = []
        self.unchanged = self.kept = 0

    def want(self, indicator, organisation_id: int, period, numerator, denominator, published=None):
        key = (indicator.pk, organisation_id, period.pk)
        self.wanted.add(key)
        fields = {
            "numerator": numerator,
            "denominator": denominator,
            "published": published,
            "is_aggregate": self.is_aggregate,
            **estimate(indicator, numerator, denominator),
        }
        stored = self.existing.get(key)
        if stored is None:
            self.to_create.append(self._new(key, fields))
        elif self.is_aggregate and not stored.is_aggregate:
            self.kept += 1
        elif all(getattr(stored, name) == value for name, value in fields.items()):
            self.unchanged += 1
        else:
            self._change(stored, fields)

    def _new(self, key, fields) -> tuple:
        fields["published"] = connection.ops.adapt_datefield_value(fields["published"])
        provenance = (getattr(self.batch, "pk", None), getattr(self.computation, "pk", None))
        return (*key, *provenance, *(fields[name] for name in COMPARED))

    def _change(self, stored: Measurement, fields: dict) -> None:
        for name, value in fields.items():
            setattr(stored, name, value)
        stored.batch, stored.computation = self.batch, self.computation
        self.to_update.append(stored)

    def stale_aggregates(self) -> list[int]:
        """Aggregates stored for organisations the hierarchy no longer puts above any practice."""
        return [
            m.pk for key, m in self.existing.items() if m.is_aggregate and key not in self.wanted
        ]

    def save(self, remove_stale: bool = False) -> dict[str, int]:
        _insert_rows(self.to_create)
        Measurement.objects.bulk_update(
            self.to_update, [*COMPARED, "batch", "computation"], batch_size=BATCH_SIZE
        )
        stale = self.stale_aggregates() if remove_stale else []
        for start in range(0, len(stale), BATCH_SIZE):
            Measurement.objects.filter(pk__in=stale[start : start + BATCH_SIZE]).delete()
        return {
            "created": len(self.to_create),
            "updated": len(self.to_update),
            "unchanged": self.unchanged,
            "kept": self.kept,
            "removed": len(stale),
        }
