"""Two people changing the same record at once: the second waits for the first, then sees it.

An action that changes a row someone else may be changing re-reads it under a row lock held to
the end of its transaction (SELECT … FOR UPDATE on PostgreSQL; on SQLite every transaction
begins IMMEDIATE, so writers queue for the whole database). Whatever the action checks, it then
checks against what the other person committed, never against the copy the page read earlier.
"""

from django.db import IntegrityError, transaction
from django.utils.timezone import localtime

from concord.access.refusals import Conflict

__all__ = ["created", "latest_change", "locked", "refuse_changed_since"]


def locked(instance):
    """`instance` re-read as committed now, its row locked until the transaction ends."""
    instance.refresh_from_db(from_queryset=type(instance)._default_manager.select_for_update())
    return instance


def created(make, refusal: str):
    """Run `make()` in a savepoint; a unique constraint another writer won becomes a Conflict."""
    try:
        with transaction.atomic():
            return make()
    except IntegrityError as exc:
        raise Conflict(refusal) from exc


def latest_change(instance):
    """The newest row of the record's history: what a form shows it was based on."""
    return instance.history.select_related("history_user").order_by("-history_id").first()


def refuse_changed_since(instance, based_on: int | None, what: str) -> None:
    """Refuse a change made from a page that showed an older state of the record."""
    latest = latest_change(instance)
    if based_on is None or latest is None or latest.history_id == based_on:
        return
    who = latest.history_user.get_username() if latest.history_user else "someone"
    raise Conflict(
        f"{who} changed {what} at {localtime(latest.history_date):%H:%M} while you were "
        "editing; review it and submit again."
    )
