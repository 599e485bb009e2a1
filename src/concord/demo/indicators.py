"""The demo's indicator figures, loaded idempotently after the demo economy.

- the indicator definitions, as `concord indicators load` loads them;
- QOF prevalence 2019-20 and 2020-21 for the demo practices, through the `qof-prevalence`
  importer (which rolls the registers up to PCNs, localities, CCGs, STPs and the region);
- Wigan's monthly dementia diagnosis rate as NHS Digital publishes it: a value with its 95%
  limits and no counts, so it is stored as published rather than computed.

Each file is loaded once: a file already imported (same bytes) is skipped.
"""

import hashlib
from importlib import resources

from django.db import transaction
from django.utils import timezone

from concord.accountability.refresh import after_measurements_changed
from concord.indicators.definitions import load_definitions
from concord.indicators.importers import QofPrevalenceImporter
from concord.indicators.models import Indicator, Measurement, Period
from concord.indicators.periods import parse_period
from concord.organisations.models import ImportBatch, Organisation

from .loader import data_file, read

__all__ = ["PUBLISHED_FILE", "QOF_FILES", "load_demo_indicators"]

QOF_FILES = {"qof_prevalence_1920.csv": "2019-20", "qof_prevalence_2021.csv": "2020-21"}
PUBLISHED_FILE = "dementia_diagnosis_rate.csv"
PUBLISHED_KIND = "demo-published-values"
PUBLISHED_FIELDS = ("numerator", "denominator", "value", "lower_95", "upper_95")


def load_demo_indicators(*, by=None) -> dict:
    """Definitions, QOF registers with their roll-ups, and published values. Returns counts."""
    definitions = load_definitions(by=by)
    qof = [import_qof(name, period, by) for name, period in QOF_FILES.items()]
    published = load_published_values(PUBLISHED_FILE, by=by)
    return {
        "definitions created": len(definitions["created"]),
        "QOF practice rows read": sum(batch.rows_read for batch in qof),
        "published values": published.rows_read,
    }


def import_qof(name: str, period: str, by=None) -> ImportBatch:
    with resources.as_file(data_file(name)) as path:
        return QofPrevalenceImporter(path, period=period, by=by, progress=False).run()


def published_batch(name: str, by=None) -> tuple[ImportBatch, bool]:
    """The batch of this version of the file, and whether it is new (not loaded before)."""
    digest = hashlib.sha256(data_file(name).read_bytes()).hexdigest()
    done = ImportBatch.objects.filter(
        kind=PUBLISHED_KIND, checksum=digest, status=ImportBatch.Status.DONE
    ).first()
    if done is not None:
        return done, False
    batch = ImportBatch.objects.create(
        kind=PUBLISHED_KIND, file_name=name, checksum=digest, imported_by=by
    )
    return batch, True


@transaction.atomic
def load_published_values(name: str, *, by=None) -> ImportBatch:
    """Upsert the file's values and limits (indicator, organisation, period) as published."""
    batch, new = published_batch(name, by)
    if not new:
        return batch
    rows = read(name)
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in={r["indicator"] for r in rows})
    }
    orgs = dict(
        Organisation.objects.filter(code__in={r["organisation"] for r in rows}).values_list(
            "code", "pk"
        )
    )
    wanted = [published_measurement(row, indicators, orgs) for row in rows]
    created, updated = upsert(wanted, batch)
    batch.rows_read, batch.created, batch.updated = len(rows), created, updated
    batch.unchanged = len(rows) - created - updated
    batch.notes = rows[0]["source"] if rows else ""
    batch.status, batch.finished_at = ImportBatch.Status.DONE, timezone.now()
    batch.save()
    after_measurements_changed(
        reason=f"the published values of {name} (batch {batch.pk})",
        rows=created + updated,
        batch=batch,
    )
    return batch


def published_measurement(row: dict, indicators: dict, orgs: dict) -> Measurement:
    """One row as a measurement; a KeyError names an unknown indicator or organisation."""
    indicator = indicators[row["indicator"]]
    period = Period.objects.get_for(parse_period(row["period"], indicator.period_type))
    return Measurement(
        indicator=indicator,
        organisation_id=orgs[row["organisation"]],
        period=period,
        value=float(row["value"]),
        lower_95=float(row["lower_95"]),
        upper_95=float(row["upper_95"]),
    )


def upsert(wanted: list[Measurement], batch: ImportBatch) -> tuple[int, int]:
    keys = {(m.indicator_id, m.organisation_id, m.period_id) for m in wanted}
    stored = {
        (m.indicator_id, m.organisation_id, m.period_id): m
        for m in Measurement.objects.filter(
            indicator__in={k[0] for k in keys}, organisation__in={k[1] for k in keys}
        )
    }
    new, changed = [], []
    for measurement in wanted:
        measurement.batch = batch
        stored_measurement = stored.get(
            (measurement.indicator_id, measurement.organisation_id, measurement.period_id)
        )
        if stored_measurement is None:
            new.append(measurement)
        elif any(
            getattr(stored_measurement, f) != getattr(measurement, f) for f in PUBLISHED_FIELDS
        ):
            for field in (*PUBLISHED_FIELDS, "batch"):
                setattr(stored_measurement, field, getattr(measurement, field))
            changed.append(stored_measurement)
    Measurement.objects.bulk_create(new)
    Measurement.objects.bulk_update(changed, [*PUBLISHED_FIELDS, "batch"])
    return len(new), len(changed)
