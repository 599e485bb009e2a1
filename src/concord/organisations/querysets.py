"""Domain words on querysets: practices().within(ccg, as_at=d), in_force(as_at=d)."""

import datetime as dt

from django.db import models
from django.db.models import Q

from .kinds import HIERARCHY_KINDS, Kind


def in_force_q(as_at: dt.date, start: str = "start", end: str = "end") -> Q:
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": as_at})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": as_at})
    )


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
        return self.filter(in_force_q(as_at, "opened", "closed"))

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
