"""Domain words: Seat.objects.in_force(d), Commitment.objects.of_party(org).in_force()."""

import datetime as dt

from django.db import models

from concord.organisations.querysets import in_force_q

__all__ = [
    "AgreementQuerySet",
    "CommitmentQuerySet",
    "ForumQuerySet",
    "MeetingQuerySet",
    "PositionQuerySet",
    "ProposalQuerySet",
    "RepresentativeQuerySet",
    "SeatQuerySet",
]


class ForumQuerySet(models.QuerySet):
    def chaired_by(self, person):
        return self.filter(chair=person)


class SeatQuerySet(models.QuerySet):
    def in_force(self, on: dt.date):
        return self.filter(in_force_q(on))

    def required(self):
        return self.filter(required=True)


class RepresentativeQuerySet(models.QuerySet):
    def in_force(self, on: dt.date):
        return self.filter(in_force_q(on))


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, today: dt.date):
        return self.filter(date__gte=today, status="planned").order_by("date")

    def past(self, today: dt.date):
        return self.exclude(date__gte=today, status="planned").order_by("-date")


class ProposalQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status="open")


class PositionQuerySet(models.QuerySet):
    def standing(self):
        """Each seat's standing position: the entries no later entry replaced."""
        return self.filter(replaced_by__isnull=True)

    def objections(self):
        return self.filter(stance="object")

    def supporting(self):
        return self.filter(stance__in=("support", "concerns"))


class AgreementQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(superseded_by__isnull=True)


class CommitmentQuerySet(models.QuerySet):
    def of_party(self, organisation):
        return self.filter(party=organisation)

    def in_force(self):
        return self.filter(agreement__superseded_by__isnull=True)

    def due_by(self, on: dt.date):
        return self.filter(due__lte=on)
