"""Proposals, their versions and proposed commitments, every transition, and seats' positions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from concord.organisations.models import Organisation, Person

from ..querysets import PositionQuerySet, ProposalQuerySet
from .choices import ProposalStatus, Stance
from .forums import Forum, Seat

__all__ = [
    "CommitmentTerms",
    "Position",
    "Proposal",
    "ProposalVersion",
    "ProposedCommitment",
    "Transition",
    "USER",
]

USER = settings.AUTH_USER_MODEL


class Proposal(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(max_length=255)
    condition = models.CharField(max_length=100, blank=True, help_text="e.g. dementia")
    author_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="proposals_authored"
    )
    status = models.CharField(
        max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    varies = models.ForeignKey(
        "governance.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="variations",
        help_text="the agreement this proposal would supersede once agreed",
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def current(self) -> "ProposalVersion":
        return self.versions.order_by("-number").first()


class ProposalVersion(models.Model):
    """One version of a proposal. An amendment makes a new version; positions attach to one."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    problem = models.TextField()
    strategy = models.TextField(help_text="the proposed strategy")
    change_summary = models.TextField(blank=True, help_text="what this version changes")
    opened_on = models.DateField(
        null=True, blank=True, help_text="the day this version was put to the forum for positions"
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_unique")
        ]

    def __str__(self):
        return f"{self.proposal.title}, version {self.number}"


class CommitmentTerms(models.Model):
    """What a party will do and how it is measured; shared by proposed and agreed commitments."""

    party = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    what = models.TextField(help_text="what the party will do")
    indicators = models.ManyToManyField("indicators.Indicator", blank=True, related_name="+")
    baseline_value = models.FloatField(null=True, blank=True)
    baseline_period = models.CharField(max_length=20, blank=True, help_text="e.g. 2019-20")
    target = models.FloatField(null=True, blank=True)
    trajectory = models.JSONField(
        default=list,
        blank=True,
        help_text='target per period: [{"period": "2021-22", "target": 70}]',
    )
    start = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    review = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    TERMS = (
        "party",
        "what",
        "baseline_value",
        "baseline_period",
        "target",
        "trajectory",
        "start",
        "due",
        "review",
    )

    def terms(self) -> dict:
        return {name: getattr(self, name) for name in self.TERMS}


class ProposedCommitment(CommitmentTerms):
    version = models.ForeignKey(
        ProposalVersion, on_delete=models.CASCADE, related_name="commitments"
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="proposed_commitments"
    )
    party = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="proposed_commitments"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due__isnull=True)
                | Q(start__isnull=True)
                | Q(due__gte=models.F("start")),
                name="proposed_commitment_due_after_start",
            )
        ]

    def __str__(self):
        return f"{self.party.name}: {self.what[:60]}"


class Transition(models.Model):
    """A change of a proposal's status: who, when and why. Appended, never changed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ProposalStatus.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.proposal}: {self.from_status or 'new'} → {self.to_status}"


class Position(models.Model):
    """One entry in a seat's trail of positions on one version: support, support with concerns,
    abstain or object. Entries are appended, never changed: a new entry `replaces` the seat's
    standing one, which stays in the trail. The standing position is the entry nobody replaced."""

    version = models.ForeignKey(ProposalVersion, on_delete=models.CASCADE, related_name="positions")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="positions")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    reason = models.TextField(blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="positions", help_text="who gave it"
    )
    by_chair = models.BooleanField(
        default=False, help_text="recorded by the chair on the seat's behalf"
    )
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="replaced_by",
        help_text="the seat's earlier entry on this version that this one changes",
    )
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["version", "seat__organisation__name", "recorded_at", "id"]
        constraints = [
            # one first answer per seat per version; `replaces` is unique, so the entries of a
            # seat form one chain and exactly one of them stands
            models.UniqueConstraint(
                fields=["version", "seat"],
                condition=Q(replaces__isnull=True),
                name="position_first_per_seat",
            ),
            models.CheckConstraint(
                condition=~Q(stance=Stance.OBJECT) | ~Q(reason=""),
                name="position_objection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.seat.organisation.name}: {self.get_stance_display()}"
