"""Domain words: CommitmentStatus.objects.current().off_track(), RedFlag.objects.open(),
MeasurementChange.objects.owed()."""

from django.db import models

from . import status as s

__all__ = ["ChangeQuerySet", "FlagQuerySet", "AgendaProposalQuerySet", "StatusQuerySet"]


class StatusQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def of_status(self, *statuses: str):
        return self.filter(status__in=statuses)

    def off_track(self):
        return self.of_status(s.OFF_TRACK)

    def adverse(self):
        return self.of_status(*s.ADVERSE)

    def for_commitments(self, commitments):
        return self.filter(commitment__in=commitments)


class FlagQuerySet(models.QuerySet):
    def open(self):
        """Not yet resolved by a person (open or acknowledged)."""
        return self.exclude(state="resolved")

    def against(self, organisation):
        return self.filter(organisation=organisation)

    def concerning_forum(self, forum):
        """Flags on the forum itself or on commitments of its agreements."""
        return self.filter(models.Q(forum=forum) | models.Q(commitment__agreement__forum=forum))


class AgendaProposalQuerySet(models.QuerySet):
    def proposed(self):
        return self.filter(state="proposed")


class ChangeQuerySet(models.QuerySet):
    def owed(self):
        """Changes of measurements whose status refresh has not completed."""
        return self.filter(refreshed_at__isnull=True)
