"""A data submission, its rows and its trail of steps (append-only, like an approval audit)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from concord.organisations.models import ImportBatch, Organisation

__all__ = ["Source", "State", "Submission", "SubmissionRow", "SubmissionStep"]


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    REJECTED = "rejected", "Rejected"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class Source(models.TextChoices):
    CSV = "csv", "Uploaded CSV"
    XLSX = "xlsx", "Uploaded Excel workbook"
    FORM = "form", "Entered in the form"
    JSON = "json", "Sent as rows to the API"


class Submission(models.Model):
    """One organisation's figures for one period, as its editor sent them.

    `errors` holds every problem the checks found (row, column, message); a submission with
    errors cannot be submitted. Nothing reaches measurements until it is published."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="submissions"
    )
    period = models.ForeignKey(
        "indicators.Period", on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    source = models.CharField(max_length=8, choices=Source.choices)
    file_name = models.CharField(max_length=255, blank=True)
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of what was sent")
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=255, blank=True)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the batch its published measurements name as their provenance",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="submission_idempotency_key_unique",
            )
        ]

    def __str__(self):
        return f"Submission {self.pk}: {self.organisation.name}, {self.period.label}"


class SubmissionRow(models.Model):
    """One figure of a submission: an indicator's numerator and denominator."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(help_text="its row in the file, as a spreadsheet shows")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    published = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="submission_row_unique_indicator"
            )
        ]

    def __str__(self):
        return f"{self.indicator_id}: {self.numerator} / {self.denominator}"


class SubmissionStep(models.Model):
    """One step of a submission's trail: the state it reached, who took it, when and why.
    Steps are only ever added (the actions have no path to change one)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(max_length=12, choices=State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["submission", "at", "id"]

    def __str__(self):
        return f"{self.get_state_display()} at {self.at:%Y-%m-%d %H:%M}"
