"""What accountability writes: statuses with their explanations, red flags, agenda proposals.
Nothing here is typed in: statuses and flags come from data (see status.py and flags.py); people
only acknowledge, resolve, accept, dismiss."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from concord.governance.models import AgendaItem, Agreement, Commitment, Forum, Meeting
from concord.indicators.models import ComputationRun
from concord.organisations.models import ImportBatch, Organisation

from . import status as s
from .querysets import AgendaProposalQuerySet, ChangeQuerySet, FlagQuerySet, StatusQuerySet

__all__ = [
    "AgendaProposal",
    "CommitmentStatus",
    "FlagKind",
    "FlagState",
    "MeasurementChange",
    "ProposalKind",
    "ProposalState",
    "RedFlag",
    "STATUS_CHOICES",
    "USER",
]

USER = settings.AUTH_USER_MODEL
STATUS_CHOICES = [(k, v) for k, v in s.LABELS.items()]


class CommitmentStatus(models.Model):
    """The computed status of a commitment in one period, with the rule and numbers behind it."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="statuses")
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=STATUS_CHOICES)
    rule = models.PositiveSmallIntegerField(help_text="the rule that decided (status.py)")
    explanation = models.TextField()
    numbers = models.JSONField(default=dict)
    is_current = models.BooleanField(default=False, help_text="the latest period assessed")
    computed_at = models.DateTimeField(auto_now=True)

    objects = StatusQuerySet.as_manager()

    class Meta:
        ordering = ["commitment", "period__start"]
        verbose_name_plural = "commitment statuses"
        constraints = [
            models.UniqueConstraint(fields=["commitment", "period"], name="status_one_per_period")
        ]
        indexes = [models.Index(fields=["is_current", "status"])]

    def __str__(self):
        return f"{self.commitment}: {self.get_status_display()} ({self.period})"

    @property
    def severity(self) -> int:
        return s.SEVERITY[self.status]


class FlagKind(models.TextChoices):
    SPECIAL_CAUSE = "special_cause", "Special cause of concern on a committed indicator"
    FAILING = "failing", "Consistently failing the target"
    OVERDUE = "overdue", "Commitment overdue"
    NO_DATA = "no_data", "No data"
    INQUORATE = "inquorate", "Forum inquorate at its last two meetings"
    SEAT_VACANT = "seat_vacant", "Seat vacant"
    CONTRACT_ENDING = "contract_ending", "Contract ending with no renewal decision"
    KPI_UNBACKED = "kpi_unbacked", "KPI with no agreement behind it"


class FlagState(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class RedFlag(models.Model):
    """An alert raised from evidence. Acknowledged or resolved by a person; never deleted."""

    kind = models.CharField(max_length=20, choices=FlagKind.choices)
    key = models.CharField(max_length=120, db_index=True, help_text="what the flag is about")
    title = models.CharField(max_length=255)
    evidence = models.TextField()
    link = models.CharField(max_length=255, help_text="where the evidence is shown")
    numbers = models.JSONField(default=dict, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="red_flags", help_text="against"
    )
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.PROTECT, related_name="red_flags"
    )
    forum = models.ForeignKey(
        Forum, null=True, blank=True, on_delete=models.PROTECT, related_name="red_flags"
    )
    state = models.CharField(max_length=12, choices=FlagState.choices, default=FlagState.OPEN)
    still_holds = models.BooleanField(default=True, help_text="at the last refresh")
    raised_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(auto_now=True)
    handled_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL)
    handled_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self):
        return self.title

    def delete(self, *args, **kwargs):
        raise PermissionError("Red flags are resolved by a person, never deleted.")


class ProposalKind(models.TextChoices):
    FLAG = "flag", "Red flag"
    REVIEW = "review", "Did it work? Review of an agreement"


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class AgendaProposal(models.Model):
    """An item Concord proposes for a meeting's agenda; the chair accepts or dismisses it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proposals")
    kind = models.CharField(max_length=8, choices=ProposalKind.choices)
    flag = models.ForeignKey(RedFlag, null=True, blank=True, on_delete=models.PROTECT)
    agreement = models.ForeignKey(Agreement, null=True, blank=True, on_delete=models.PROTECT)
    title = models.CharField(max_length=255)
    reason = models.TextField(help_text="why Concord proposes it")
    state = models.CharField(
        max_length=10, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = AgendaProposalQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "flag"], condition=Q(flag__isnull=False), name="proposal_flag"
            ),
            models.UniqueConstraint(
                fields=["meeting", "agreement"],
                condition=Q(agreement__isnull=False),
                name="proposal_review",
            ),
            models.CheckConstraint(
                condition=Q(kind="flag", flag__isnull=False)
                | Q(kind="review", agreement__isnull=False),
                name="proposal_has_its_subject",
            ),
        ]

    def __str__(self):
        return self.title


class MeasurementChange(models.Model):
    """A change of measurements (an import, a computation, a roll-up) and the status refresh it
    is owed. Written in the transaction that changed the measurements, so it commits with them;
    `refreshed_at` stays empty until a refresh that began after the change completes. A change
    whose refresh failed or was interrupted is refreshed by the next import, computation, rerun
    or `concord accountability refresh` (see refresh.after_measurements_changed)."""

    reason = models.CharField(max_length=255, help_text="e.g. import of a file as batch 12")
    rows = models.PositiveIntegerField(help_text="measurements created, updated or removed")
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    computation = models.ForeignKey(
        ComputationRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["refreshed_at"])]

    def __str__(self):
        return self.reason
