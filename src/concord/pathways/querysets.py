"""Domain words: Programme.objects.for_condition("dementia"), Pathway.objects.published()."""

import datetime as dt

from django.db import models

from concord.organisations.querysets import in_force_q

__all__ = ["PathwayQuerySet", "ProgrammeQuerySet", "TeamMemberQuerySet"]


class ProgrammeQuerySet(models.QuerySet):
    def for_condition(self, condition: str):
        return self.filter(condition=condition)

    def led_by(self, organisation):
        return self.filter(lead_organisation=organisation)


class TeamMemberQuerySet(models.QuerySet):
    def in_force(self, on: dt.date):
        return self.filter(in_force_q(on))


class PathwayQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def drafts(self):
        return self.filter(status="draft")

    def latest_first(self):
        return self.order_by("-number")
