"""Sending what the outbox holds: each immediate notification in an email of its own, and each
person's daily ones in one digest. A row is locked, sent and marked sent in one transaction, so
two workers never send one twice and a failed send leaves it owed (the worker's task fails and
the next one sends it); an address the mail server refuses is kept with the refusal, unsent.
"""

import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import Delivery, Notification

__all__ = ["DIGEST_SUBJECT", "absolute", "footer", "send_digests", "send_immediate"]

DIGEST_SUBJECT = "Concord: your daily summary"


def absolute(path: str) -> str:
    return f"{settings.CONCORD_SITE_URL}{path}"


def footer(reasons: list[str]) -> str:
    why = "\n".join(f"You are receiving this because {r}." for r in dict.fromkeys(reasons))
    return (
        f"{why}\n\nTo choose which emails you get, and whether straight away, once a day or "
        f"never: {absolute(reverse('notifications:preferences'))}"
    )


def _body_of(n: Notification) -> str:
    return f"{n.text}\n\n{absolute(n.link)}\n\n-- \n{footer([n.reason])}\n"


def _digest_body(items: list[Notification]) -> str:
    listed = "\n\n".join(f"- {n.subject}\n  {n.text}\n  {absolute(n.link)}" for n in items)
    return f"Since your last summary:\n\n{listed}\n\n-- \n{footer([n.reason for n in items])}\n"


def send_immediate(connection=None) -> int:
    """Send every immediate notification not sent yet; returns how many were sent."""
    sent = 0
    while True:
        # one email per transaction: its row stays claimed (locked) while it is sent and is
        # marked sent in the same commit, so a second worker never sends it again
        with transaction.atomic():
            notifications = Notification.objects.pending().filter(delivery=Delivery.IMMEDIATE)
            n = notifications.claimed().select_related("recipient").order_by("pk").first()
            if n is None:
                return sent
            try:
                send_mail(
                    n.subject,
                    _body_of(n),
                    settings.DEFAULT_FROM_EMAIL,
                    [n.recipient.email],
                    connection=connection,
                )
            except smtplib.SMTPRecipientsRefused as refused:
                # this address will not take it: kept with the reason, so others still go
                error = f"The mail server refused {n.recipient.email}: {refused.recipients}"
                Notification.objects.filter(pk=n.pk).update(error=error[:1000])
                continue
            Notification.objects.filter(pk=n.pk).update(sent_at=timezone.now())
            sent += 1


def send_digests(connection=None, today=None) -> int:
    """The daily run: the actions due are noticed, then one email goes to each person with daily
    notifications not sent yet, listing them all (immediate ones owed are sent too); returns the
    number of summaries sent."""
    from .notices import actions_due

    with transaction.atomic():
        actions_due(today)
    send_immediate(connection)
    people = (
        Notification.objects.pending()
        .filter(delivery=Delivery.DAILY)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(_send_digest_to(person_id, connection) for person_id in sorted(set(people)))


def _send_digest_to(person_id: int, connection=None) -> int:
    with transaction.atomic():
        notifications = Notification.objects.pending().filter(delivery=Delivery.DAILY)
        items = list(
            notifications.filter(recipient_id=person_id).claimed().select_related("recipient")
        )
        if not items:
            return 0  # another worker sent them meanwhile
        try:
            send_mail(
                DIGEST_SUBJECT,
                _digest_body(items),
                settings.DEFAULT_FROM_EMAIL,
                [items[0].recipient.email],
                connection=connection,
            )
        except smtplib.SMTPRecipientsRefused as refused:
            error = f"The mail server refused {items[0].recipient.email}: {refused.recipients}"
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(error=error[:1000])
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(sent_at=timezone.now())
        return 1
