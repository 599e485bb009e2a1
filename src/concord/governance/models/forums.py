"""Forums, their dated seats and representatives, and meetings with agenda, attendance, actions."""

import datetime as dt

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from concord.organisations.models import Organisation, Person

from ..querysets import ForumQuerySet, MeetingQuerySet, RepresentativeQuerySet, SeatQuerySet
from .choices import ActionStatus, Cadence, DecisionRule, ForumKind, ItemKind, MeetingStatus

__all__ = [
    "AgendaItem",
    "Attendance",
    "Forum",
    "Meeting",
    "MeetingAction",
    "Representative",
    "Seat",
    "dated_check",
]


def dated_check(name: str, start: str = "start", end: str = "end") -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=name,
    )


class Forum(models.Model):
    """A body that meets and decides, with its terms of reference (quorum, decision rule, cadence,
    whether silence is consent).

    A forum may be backed by an organisation of kind forum secretariat; people sit in it through
    posts in that organisation on behalf of a seat, or through a representative appointment.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=ForumKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forums",
        help_text="the forum's secretariat, when it has one in the registry",
    )
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="chairs"
    )
    quorum_min_seats = models.PositiveIntegerField(
        default=1, help_text="at least this many seats represented"
    )
    decision_rule = models.CharField(
        max_length=10, choices=DecisionRule.choices, default=DecisionRule.CONSENT
    )
    silence_is_consent = models.BooleanField(
        default=False,
        help_text="a seat that has not answered is taken to consent; otherwise every seat answers",
    )
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.MONTHLY)
    acts_for = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="joint_committees",
        help_text="statutory bodies a joint committee decides for, each with its own decision",
    )
    purpose = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[acts_for])

    objects = ForumQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_min_seats__gte=1), name="forum_quorum_at_least_one"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_joint(self) -> bool:
        return self.kind == ForumKind.JOINT_COMMITTEE


class Seat(models.Model):
    """A member organisation's seat in a forum, dated; `required` seats must be present."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="seats")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="seats")
    required = models.BooleanField(default=False, help_text="the forum is inquorate without it")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = SeatQuerySet.as_manager()

    class Meta:
        ordering = ["forum", "organisation__name"]
        constraints = [
            dated_check("seat_end_after_start"),
            models.UniqueConstraint(
                fields=["forum", "organisation", "start"], name="seat_unique_start"
            ),
        ]

    def __str__(self):
        return f"{self.organisation.name} in {self.forum.name}"

    def in_force(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or self.end >= on)


class Representative(models.Model):
    """A person appointed to sit for a seat, dated (for forums without a secretariat post)."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="representatives")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="seat_appointments")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["seat", "start", "id"]
        constraints = [dated_check("representative_end_after_start")]

    def __str__(self):
        return f"{self.person} for {self.seat.organisation.name}"


class Meeting(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    location = models.CharField(max_length=200, blank=True)
    minutes = models.TextField(blank=True, help_text="Markdown; sanitised when shown")
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "date"], name="meeting_unique_date")
        ]

    def __str__(self):
        return f"{self.forum.name}, {self.date:%-d %B %Y}"


class Attendance(models.Model):
    """A person at a meeting, sitting for a seat (or in attendance without one)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    seat = models.ForeignKey(
        Seat, null=True, blank=True, on_delete=models.PROTECT, related_name="attendance"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "seat__organisation__name", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once")
        ]

    def __str__(self):
        return f"{self.person} at {self.meeting}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=24, choices=ItemKind.choices)
    title = models.CharField(max_length=255)
    proposal = models.ForeignKey(
        "governance.Proposal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_unique_order")
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class MeetingAction(models.Model):
    """An action from a meeting: what, owned by which organisation (and person), due when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="meeting_actions"
    )
    owner_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_actions"
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "due", "id"]

    def __str__(self):
        return self.description[:80]
