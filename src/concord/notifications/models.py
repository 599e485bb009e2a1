"""The outbox (one Notification per change and recipient, unique by its key, written in the
transaction of the change and marked sent once sent) and each person's choice per kind."""

from django.db import models
from simple_history.models import HistoricalRecords

from concord.organisations.models import Person

from .querysets import NotificationQuerySet

__all__ = ["DEFAULTS", "Delivery", "Kind", "Notification", "Preference"]


class Kind(models.TextChoices):
    POSITION = "position", "A position is awaited from your seat"
    STATUS = "status", "A commitment of your organisation changed status or gained a red flag"
    PACK = "pack", "A meeting pack is ready for your forum"
    ACTION = "action", "An action of yours is due"
    APPROVAL = "approval", "A submission awaits your approval"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Straight away, one email each time"
    DAILY = "daily", "In one daily email"
    OFF = "off", "Never"


DEFAULTS = {
    Kind.POSITION: Delivery.IMMEDIATE,
    Kind.STATUS: Delivery.DAILY,
    Kind.PACK: Delivery.IMMEDIATE,
    Kind.ACTION: Delivery.DAILY,
    Kind.APPROVAL: Delivery.IMMEDIATE,
}


class Preference(models.Model):
    """How a person wants one kind of email; without a row, DEFAULTS holds."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="preferences")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.person}: {self.kind} {self.delivery}"


class Notification(models.Model):
    """One email owed to one person for one change. `key` names the change: the database holds
    one row per recipient and key, so the same change noticed twice is never sent twice."""

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=200, help_text="the change, e.g. flag:12")
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    subject = models.CharField(max_length=255)
    text = models.TextField()
    link = models.CharField(max_length=500, help_text="a path on the site")
    reason = models.TextField(help_text="why this person is told")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="why the mail server refused it, if it did")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_change")
        ]
        indexes = [models.Index(fields=["sent_at", "delivery"])]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"
