"""Programmes of care for one condition, their multi-organisation teams, and versioned pathways.

A pathway is drafted, published and retired; publishing a new version retires the one before it,
which stays readable. Only a draft's stages change.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from concord.organisations.models import Organisation, Person

from .querysets import PathwayQuerySet, ProgrammeQuerySet, TeamMemberQuerySet

__all__ = ["Condition", "Pathway", "PathwayStatus", "Programme", "Stage", "TeamMember"]


class Condition(models.TextChoices):
    DEMENTIA = "dementia", "Dementia"
    DIABETES = "diabetes", "Diabetes"
    FRAILTY = "frailty", "Frailty"
    COPD = "copd", "COPD"
    END_OF_LIFE = "end_of_life", "End of life"
    MENTAL_HEALTH = "mental_health", "Mental health"
    OTHER = "other", "Other condition or population group"


class PathwayStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class Programme(models.Model):
    """Care for one condition or population group across organisations, led by one of them."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    condition = models.CharField(max_length=20, choices=Condition.choices)
    population = models.CharField(
        max_length=255, blank=True, help_text="the population group, e.g. people aged 65 and over"
    )
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programmes_led"
    )
    agreements = models.ManyToManyField(
        "governance.Agreement",
        blank=True,
        related_name="programmes",
        help_text="the agreements the programme delivers",
    )
    purpose = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[agreements])

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    """A person in a programme's team, on behalf of an organisation, dated."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="programme_roles")
    on_behalf_of = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programme_members"
    )
    role = models.CharField(max_length=200)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "on_behalf_of__name", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="team_member_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["programme", "person", "on_behalf_of", "start"],
                name="team_member_unique_start",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.role}) for {self.on_behalf_of.name}"


class Pathway(models.Model):
    """One version of a programme's pathway."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pathways")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=PathwayStatus.choices, default=PathwayStatus.DRAFT
    )
    published_on = models.DateField(null=True, blank=True)
    retired_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = PathwayQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="pathway_version_unique"),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status="published"),
                name="pathway_one_published",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="pathway_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(retired_on__isnull=True)
                | (Q(published_on__isnull=False) & Q(retired_on__gte=F("published_on"))),
                name="pathway_retired_after_published",
            ),
        ]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == PathwayStatus.DRAFT


class Stage(models.Model):
    """A step of the pathway: who is responsible, what good looks like, how it is measured."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    standard = models.TextField(help_text="what good looks like at this stage")
    responsible = models.ManyToManyField(Organisation, related_name="pathway_stages")
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="pathway_stages"
    )
    commitments = models.ManyToManyField(
        "governance.Commitment", blank=True, related_name="pathway_stages"
    )
    history = HistoricalRecords(m2m_fields=[responsible, indicators, commitments])

    class Meta:
        ordering = ["pathway", "order"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "order"], name="stage_unique_order"),
            models.CheckConstraint(condition=Q(order__gte=1), name="stage_order_from_one"),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"
