"""The registry: organisations, dated relationships, people, posts and registered population."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .kinds import Kind, RelationshipKind
from .querysets import (
    OrganisationQuerySet,
    PostQuerySet,
    RelationshipQuerySet,
    StatusPeriodQuerySet,
    in_force,
)
from .statuses import OdsStatus

__all__ = [
    "ImportBatch",
    "Kind",
    "Organisation",
    "Person",
    "PopulationCount",
    "Post",
    "Relationship",
    "RelationshipKind",
    "StatusPeriod",
]


def _dated_range_check(name: str, start: str = "start", end: str = "end"):
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": models.F(start)}),
        name=name,
    )


class ImportBatch(models.Model):
    """One run of an importer over one file: what came in, from where, by whom."""

    class Status(models.TextChoices):
        RUNNING = "running"
        DONE = "done"

    kind = models.CharField(max_length=40)
    file_name = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(
        default=0, help_text="dated links and statuses ended by this vintage"
    )
    as_at = models.DateField(
        null=True, blank=True, help_text="the date the file describes, when the importer was told"
    )
    notes = models.TextField(blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"{self.kind} {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class Organisation(models.Model):
    """Any body in the economy, identified by its ODS code or, failing one, a stable local code."""

    code = models.CharField(max_length=32, unique=True)
    is_local_code = models.BooleanField(
        default=False, help_text="True when the code is Concord's own, not an ODS code"
    )
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    ons_code = models.CharField(max_length=12, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    opened = models.DateField(null=True, blank=True)
    closed = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=1,
        blank=True,
        help_text="the latest ODS status known (A, C, D or P); each date's is a StatusPeriod",
    )
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [_dated_range_check("organisation_closed_after_opened", "opened", "closed")]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def status_on(self, as_at: dt.date) -> str:
        """The ODS status in force on `as_at`; blank when none is on record for that day."""
        periods = (p for p in self.status_periods.all() if in_force(p, as_at))
        return next((p.status for p in periods), "")

    def is_open(self, as_at: dt.date) -> bool:
        """Open on `as_at`, by the same rule as `Organisation.objects.open_on`."""
        return Organisation.objects.open_on(as_at).filter(pk=self.pk).exists()


class StatusPeriod(models.Model):
    """An organisation's ODS status from start to end, as the releases of the ODS file give it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="status_periods"
    )
    status = models.CharField(max_length=1, choices=OdsStatus.choices)
    start = models.DateField(null=True, blank=True, help_text="blank: since before our records")
    end = models.DateField(null=True, blank=True, help_text="blank: still so")
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StatusPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            _dated_range_check("status_period_end_after_start"),
            models.CheckConstraint(
                condition=Q(status__in=OdsStatus.values), name="status_period_known_status"
            ),
            models.UniqueConstraint(
                fields=["organisation", "start"], name="status_period_unique_start"
            ),
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.status} [{self.start}..{self.end or ''}]"


class Relationship(models.Model):
    """A dated link: child is <kind> parent (e.g. practice part_of CCG) from start to end."""

    child = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="links_up")
    parent = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="links_down")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    start = models.DateField(null=True, blank=True, help_text="blank: since before our records")
    end = models.DateField(null=True, blank=True, help_text="blank: still in force")
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            _dated_range_check("relationship_end_after_start"),
            models.CheckConstraint(
                condition=~Q(child=models.F("parent")), name="relationship_not_to_itself"
            ),
            models.UniqueConstraint(
                fields=["child", "parent", "kind", "start"], name="relationship_unique_start"
            ),
        ]
        indexes = [models.Index(fields=["parent", "kind"]), models.Index(fields=["child", "kind"])]

    def __str__(self):
        return f"{self.child.code} {self.kind} {self.parent.code} [{self.start}..{self.end or ''}]"


class Person(models.Model):
    """A person who holds posts. Demo people are fictional and say so."""

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    is_fictional = models.BooleanField(default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name


class Post(models.Model):
    """A dated post held by a person in an organisation, possibly on behalf of another one."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="posts")
    role = models.CharField(max_length=200)
    on_behalf_of = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="represented_by",
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        constraints = [_dated_range_check("post_end_after_start")]

    def __str__(self):
        behalf = f" for {self.on_behalf_of.name}" if self.on_behalf_of_id else ""
        return f"{self.person} – {self.role}, {self.organisation.name}{behalf}"


class PopulationCount(models.Model):
    """Registered patients at a practice on an extract date, in total or by sex and age band."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="population_counts"
    )
    extract_date = models.DateField(db_index=True)
    sex = models.CharField(max_length=6, default="all")  # all, male, female
    age_band = models.CharField(max_length=10, default="all")  # all, 0-4, 5-9, ..., 95+
    patients = models.PositiveIntegerField()
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["extract_date", "sex", "age_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "extract_date", "sex", "age_band"],
                name="population_count_unique",
            )
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.extract_date} {self.sex}/{self.age_band}"
