"""Domain words on querysets: practices().within(ccg, as_at=d).active_on(d), in_force(as_at=d)."""

import datetime as dt

from django.apps import apps
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery

from .kinds import HIERARCHY_KINDS, Kind
from .statuses import OdsStatus

__all__ = [
    "OrganisationQuerySet",
    "PostQuerySet",
    "RelationshipQuerySet",
    "StatusPeriodQuerySet",
    "in_force",
    "in_force_q",
]


def in_force_q(as_at: dt.date, start: str = "start", end: str = "end") -> Q:
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": as_at})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": as_at})
    )


def in_force(row, as_at: dt.date) -> bool:
    """The same test as in_force_q, for a row already in memory."""
    return (row.start is None or row.start <= as_at) and (row.end is None or row.end >= as_at)


class RelationshipQuerySet(models.QuerySet):
    def in_force(self, as_at: dt.date):
        return self.filter(in_force_q(as_at))

    def hierarchy(self):
        return self.filter(kind__in=HIERARCHY_KINDS)

    def open(self):
        return self.filter(end__isnull=True)


class PostQuerySet(models.QuerySet):
    def in_force(self, as_at: dt.date):
        return self.filter(in_force_q(as_at))


class StatusPeriodQuerySet(models.QuerySet):
    def in_force(self, as_at: dt.date):
        return self.filter(in_force_q(as_at))


def _status_periods():
    return apps.get_model("organisations", "StatusPeriod").objects.filter(
        organisation=OuterRef("pk")
    )


def _active_q(as_at: dt.date) -> Q:
    """Active on `as_at`: within the open and close dates, with ODS status A in force that day."""
    active = _status_periods().in_force(as_at).filter(status=OdsStatus.ACTIVE)
    return in_force_q(as_at, "opened", "closed") & Q(Exists(active))


def _open_q(as_at: dt.date) -> Q:
    """Open on `as_at`: active, or, with no ODS status on record at all (a trust, a commissioner),
    within the open and close dates. Dormant, closed and proposed are not open."""
    unrecorded = in_force_q(as_at, "opened", "closed") & ~Q(Exists(_status_periods()))
    return _active_q(as_at) | unrecorded


class OrganisationQuerySet(models.QuerySet):
    def of_kind(self, *kinds: str):
        return self.filter(kind__in=kinds)

    def practices(self):
        return self.of_kind(Kind.PRACTICE)

    def pcns(self):
        return self.of_kind(Kind.PCN)

    def localities(self):
        return self.of_kind(Kind.LOCALITY)

    def open_on(self, as_at: dt.date):
        return self.filter(_open_q(as_at))

    def active_on(self, as_at: dt.date):
        return self.filter(_active_q(as_at))

    def with_status_on(self, as_at: dt.date):
        """Each with `status_on_date` (its ODS status that day, None when none is on record) and
        `open_on_date`, both answered in the same query."""
        status = _status_periods().in_force(as_at).order_by("-start").values("status")[:1]
        return self.annotate(
            status_on_date=Subquery(status),
            open_on_date=ExpressionWrapper(_open_q(as_at), output_field=BooleanField()),
        )

    def within(self, ancestor, as_at: dt.date):
        """Organisations below `ancestor` (at any depth) through links in force on `as_at`."""
        from .hierarchy import descendant_ids

        return self.filter(pk__in=descendant_ids(ancestor, as_at))

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(code__iexact=text) | Q(name__icontains=text) | Q(postcode__iexact=text)
        )
