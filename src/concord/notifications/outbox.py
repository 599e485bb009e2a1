"""Writing to the outbox. Every kind of change calls `notify` inside its own transaction: the
rows commit with the change (or vanish with it), and once it commits the worker is asked to send
what is owed straight away. A person's choice is read here: off writes nothing, daily waits for
the digest."""

from dataclasses import dataclass

from django.db import connection, transaction

from concord.organisations.models import Person

from .models import DEFAULTS, Delivery, Notification, Preference


@dataclass(frozen=True)
class Change:
    """What happened, as the email tells it."""

    kind: str
    key: str  # names the change; one email per recipient and key, ever
    subject: str
    text: str
    link: str  # a path on the site


def choices(people, kind: str) -> dict[int, str]:
    """person id -> how they want this kind of email."""
    chosen = dict(
        Preference.objects.filter(person__in=people, kind=kind).values_list("person_id", "delivery")
    )
    return {p.pk: chosen.get(p.pk, DEFAULTS[kind]) for p in people}


def notify(change: Change, recipients: dict[Person, str]) -> int:
    """Owe an email about the change to each recipient (person -> why they are told) who has an
    email address and has not turned this kind off. Returns the rows written."""
    people = [p for p in recipients if p.email]
    wanted = choices(people, change.kind)
    rows = [
        Notification(
            recipient=person,
            kind=change.kind,
            key=change.key[:200],
            delivery=wanted[person.pk],
            subject=change.subject[:255],
            text=change.text,
            link=change.link,
            reason=recipients[person],
        )
        for person in people
        if wanted[person.pk] != Delivery.OFF
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True)  # a change noticed again
    if any(r.delivery == Delivery.IMMEDIATE for r in rows) and not sending_owed():
        transaction.on_commit(enqueue_sending)
    return len(rows)


def notify_many(pairs) -> int:
    """notify() for each (change, recipients) pair."""
    return sum(notify(change, recipients) for change, recipients in pairs)


def enqueue_sending() -> None:
    from .tasks import send_immediate

    send_immediate.enqueue()


def sending_owed() -> bool:
    """Whether this transaction already asks for the sending once it commits (one task will do)."""
    return any(entry[1] is enqueue_sending for entry in connection.run_on_commit)
