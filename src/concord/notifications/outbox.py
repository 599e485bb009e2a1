"""Writing to the outbox. Every kind of change calls `notify` inside its own transaction: the
rows commit with the change (or vanish with it), and once it commits the worker is asked to send
what is owed straight away. A person's choice is read here: off writes nothing, daily waits for
the digest."""

from dataclasses import dataclass

from django.db import connection, transaction

from concord.organisations.models import Person

from .models import DEFAULTS, Delivery, Notification, Preference

__all__ = ["Change", "choices", "notify", "notify_many"]


@dataclass(frozen=True)
class Change:
    """What happened, as the email tells it."""

    kind: str
    key: str  # names the change; one email per recipient and key, ever
    subject: str
    text: str
    link: str  # a path on the site


def choices(people, kinds) -> dict[tuple[int, str], str]:
    """(person id, kind) -> how they want that kind of email, the default where not chosen."""
    chosen = Preference.objects.filter(person__in=people, kind__in=kinds)
    deliveries = {(p, k): d for p, k, d in chosen.values_list("person_id", "kind", "delivery")}
    return {(p.pk, k): deliveries.get((p.pk, k), DEFAULTS[k]) for p in people for k in kinds}


def notify(change: Change, recipients: dict[Person, str]) -> int:
    """Owe an email about the change to each recipient (person -> why they are told) who has an
    email address and has not turned this kind off. Returns the rows offered."""
    return notify_many([(change, recipients)])


def notify_many(pairs) -> int:
    """notify() for each (change, recipients) pair, in one read of choices and one write."""
    pairs = [(change, recipients) for change, recipients in pairs if recipients]
    people = {p for _, recipients in pairs for p in recipients if p.email}
    wanted = choices(people, {change.kind for change, _ in pairs})
    rows = [
        Notification(
            recipient=person,
            kind=change.kind,
            key=change.key[:200],
            delivery=wanted[person.pk, change.kind],
            subject=change.subject[:255],
            text=change.text,
            link=change.link,
            reason=reason,
        )
        for change, recipients in pairs
        for person, reason in recipients.items()
        if person.email and wanted[person.pk, change.kind] != Delivery.OFF
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True)  # a change noticed again
    if any(r.delivery == Delivery.IMMEDIATE for r in rows) and not _sending_owed():
        transaction.on_commit(_enqueue_sending)
    return len(rows)


def _enqueue_sending() -> None:
    from .tasks import send_immediate

    send_immediate.enqueue()


def _sending_owed() -> bool:
    """Whether this transaction already asks for the sending once it commits (one task will do)."""
    return any(entry[1] is _enqueue_sending for entry in connection.run_on_commit)
