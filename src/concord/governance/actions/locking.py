"""Two people changing the same record at once: the second waits for the first, then sees it.

An action that changes a row someone else may be changing re-reads it under a row lock held to
the end of its transaction (SELECT … FOR UPDATE on PostgreSQL; on SQLite every transaction
begins IMMEDIATE, so writers queue for the whole database). Whatever the action checks, it then
checks against what the other person committed, never against the copy the page read earlier.
"""

from django.db import IntegrityError, transaction

from ..errors import Conflict


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
