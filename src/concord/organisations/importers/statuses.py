"""Keeps each organisation's dated ODS status in step with a release, never overwriting the past.

The first release to name an organisation dates its status from the open date. A later release
that changes it ends the old status the day before the new one begins: the day the release
describes (`--as-at`), or the day its own close or open date gives (see `statuses.py`). The same
release imported twice changes nothing. Releases must come in date order: an older one after a
newer one is refused, as is a change of status from a release whose date is not given.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import F, Max

from ..models import ImportBatch, StatusPeriod
from ..querysets import in_force
from ..statuses import ONE_DAY, change_starts, first_periods
from .bulk import update_rows

__all__ = ["StatusSync"]

STATUS_COLUMN = "13 (status)"


def _latest_release(kind: str, batch) -> dt.date | None:
    """The latest date described by a release of this kind already imported."""
    done = ImportBatch.objects.filter(kind=kind, status=ImportBatch.Status.DONE)
    return done.exclude(pk=batch.pk).aggregate(latest=Max("as_at"))["latest"]


class StatusSync:
    """Collects the status a release gives each organisation, then writes the difference in bulk."""

    def __init__(self, importer, on: dt.date | None):
        self.importer, self.batch, self.on = importer, importer.batch, on
        latest = _latest_release(importer.kind, self.batch)
        if on and latest and on < latest:
            importer.fail(
                None,
                None,
                f"this file describes {on}, but the registry already holds ODS practices as at "
                f"{latest}; import the releases in date order",
            )
        self.existing: dict[str, list[StatusPeriod]] = defaultdict(list)
        held = StatusPeriod.objects.annotate(code=F("organisation__code"))
        for period in held.order_by(F("start").asc(nulls_first=True), "id"):
            self.existing[period.code].append(period)
        self.to_create: list[tuple[str, StatusPeriod]] = []
        self.to_update: dict[int, StatusPeriod] = {}

    def want(self, number: int, code: str, status: str, *, opened, closed) -> str:
        """Record that the release gives `code` this status; return its latest known status."""
        periods = self.existing[code]
        if not periods:
            for period in first_periods(status, opened=opened, closed=closed):
                self._add(code, periods, len(periods), *period)
        else:
            self._change(number, code, periods, status, opened=opened, closed=closed)
        return periods[-1].status

    def _add(self, code, periods, index, status, start, end) -> None:
        period = StatusPeriod(status=status, start=start, end=end, batch=self.batch)
        periods.insert(index, period)
        self.to_create.append((code, period))

    def _change(self, number, code, periods, status, *, opened, closed) -> None:
        on = self.on or dt.date.max
        current = next((p for p in reversed(periods) if in_force(p, on)), None)
        if current is not None and current.status == status:
            return
        if self.on is None:
            was = (current or periods[-1]).status
            self.importer.fail(
                number,
                STATUS_COLUMN,
                f"{code} was {was} and is {status} in this file; "
                "say which date the file describes (--as-at YYYY-MM-DD on the command line, "
                "or the date the file describes when uploading it)",
            )
        if current is None:  # the release describes a day before the first status on record
            self._add(code, periods, 0, status, self.on, periods[0].start - ONE_DAY)
            return
        start = change_starts(status, opened=opened, closed=closed, since=current.start, on=on)
        if current.start is not None and start <= current.start:  # a release of the same day
            current.status = status
        else:
            inherited, current.end = current.end, start - ONE_DAY
            self._add(code, periods, periods.index(current) + 1, status, start, inherited)
        if current.pk:
            self.to_update[current.pk] = current

    def save(self, orgs) -> dict[str, int]:
        """Write the periods; `orgs` (an OrgSync, already saved) gives each its organisation."""
        for code, period in self.to_create:
            period.organisation = orgs.get(code)
        StatusPeriod.objects.bulk_create([p for _, p in self.to_create], batch_size=2000)
        update_rows(list(self.to_update.values()), ["status", "end"])
        return {"created": len(self.to_create), "closed": len(self.to_update)}
