"""Decisions, agreements and commitments. Once written they are never updated (see migrations).

An agreement is varied only by a later agreed decision whose agreement supersedes it.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from concord.access.refusals import Immutable
from concord.organisations.models import Organisation

from ..querysets import AgreementQuerySet, CommitmentQuerySet
from .choices import Outcome
from .forums import AgendaItem, Forum, Meeting
from .proposals import CommitmentTerms, Proposal, ProposalVersion

__all__ = ["Agreement", "Commitment", "Decision", "WriteOnce"]


class WriteOnce(models.Model):
    """Saved once; a second save refuses. The database refuses an UPDATE as well."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable(f"{self._meta.verbose_name} {self.pk} cannot be changed once recorded")
        super().save(*args, **kwargs)


class Decision(WriteOnce):
    """A forum's decision on a version at a meeting, for one statutory body when it is joint."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    version = models.ForeignKey(ProposalVersion, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    acting_for = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions_taken_for",
        help_text="the statutory body this decision is for (joint committees)",
    )
    seats_present = models.PositiveIntegerField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__date", "id"]

    def __str__(self):
        body = f" for {self.acting_for.name}" if self.acting_for_id else ""
        return f"{self.version}: {self.get_outcome_display()}{body}"


class Agreement(WriteOnce):
    """An agreed proposal version, binding its parties. Immutable; superseded, never edited."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="agreement")
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="agreements")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="agreements")
    version = models.ForeignKey(ProposalVersion, on_delete=models.PROTECT, related_name="+")
    acting_for = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=255)
    strategy = models.TextField()
    agreed_on = models.DateField()
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-agreed_on", "-id"]

    def __str__(self):
        body = f" (for {self.acting_for.code})" if self.acting_for_id else ""
        return f"{self.title}, agreed {self.agreed_on:%-d %B %Y}{body}"

    @property
    def in_force(self) -> bool:
        return not hasattr(self, "superseded_by")


class Commitment(CommitmentTerms, WriteOnce):
    """What one party has agreed to do, measured by indicators against a baseline and target."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="commitments")
    party = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="commitments")
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="commitments"
    )
    history = HistoricalRecords()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "party__name", "id"]

    def __str__(self):
        return f"{self.party.name}: {self.what[:60]}"
