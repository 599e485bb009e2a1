"""What every registry action shares: the administrators' permission, the acting user in the
history, the row lock that makes two writers queue, and dates checked in order."""

import datetime as dt

import rules
from django.db import IntegrityError, transaction

from concord.access.history import saved

from ..errors import Conflict, Invalid, NotAllowed

REFUSAL = (
    "Only administrators set up the registry: its organisations, their links, people and posts."
)

# `saved`: with the acting user in the history, for every registry action
__all__ = [
    "REFUSAL",
    "check_order",
    "created",
    "ended",
    "locked",
    "overlaps",
    "require_set_up",
    "required_text",
    "saved",
]

ENDS_AFTER_START = "{what} ends on or after the day it starts."


def require_set_up(by) -> None:
    """Only administrators set the registry up (`organisations.set_up`)."""
    if by is None or not rules.has_perm("organisations.set_up", by):
        raise NotAllowed(REFUSAL)


def locked(instance):
    """`instance` re-read as committed now, its row locked until the transaction ends
    (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions queue every writer)."""
    manager = type(instance)._default_manager.select_for_update()
    instance.refresh_from_db(from_queryset=manager)
    return instance


def created(make, refusal: str, field: str | None = None):
    """Run `make()` in a savepoint; a constraint another writer won meanwhile becomes a
    Conflict saying so, never a server error."""
    try:
        with transaction.atomic():
            return make()
    except IntegrityError as exc:
        raise Conflict(refusal, field) from exc


def check_order(start: dt.date | None, end: dt.date | None, what: str) -> None:
    if start is not None and end is not None and end < start:
        raise Invalid(ENDS_AFTER_START.format(what=what), "end")


def overlaps(row, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether `row`'s dates and [start, end] share a day (blank: open-ended)."""
    begins_before_end = row.start is None or end is None or row.start <= end
    ends_after_start = row.end is None or start is None or row.end >= start
    return begins_before_end and ends_after_start


def ended(row, end: dt.date | None, what: str):
    """`row` (locked) with its end date set: refused when it has one already or it would end
    before it starts."""
    if end is None:
        raise Invalid(f"Enter the date {what.lower()} ends", "end")
    if row.end is not None:
        raise Conflict(f"{what} already ends on {row.end:%-d %B %Y}.", "end")
    check_order(row.start, end, what)
    row.end = end
    return row


def required_text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise Invalid(message, field)
    return text
