"""Dated links between organisations, made and ended by administrators: a locality's practices,
a management team hosted by a CCG, a voluntary body serving a PCN."""

import datetime as dt

from django.db import transaction

from ..errors import Conflict, Invalid
from ..kinds import RelationshipKind
from ..models import Organisation, Relationship
from .common import check_order, created, ended, locked, overlaps, require_set_up, saved

__all__ = ["end_link", "link_organisations"]


@transaction.atomic
def link_organisations(
    *,
    by,
    child: Organisation,
    parent: Organisation,
    kind: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Relationship:
    """`child` is <kind> `parent` from start to end (blank: before our records, still in force).
    Refused: a link to itself, one ending before it starts, one the same as a link on record
    for any of its days."""
    require_set_up(by)
    if kind not in RelationshipKind.values:
        raise Invalid("Choose the kind of link", "kind")
    if child.pk == parent.pk:
        raise Invalid("An organisation cannot be linked to itself", "parent")
    check_order(start, end, "A link")
    locked(child)  # two links made for the same organisation at once queue here
    _refuse_overlap(child, parent, kind, start, end)
    link = Relationship(child=child, parent=parent, kind=kind, start=start, end=end)
    refusal = f"{_same_link(child, parent, kind)}: another administrator made the link just now."
    return created(lambda: saved(link, by), refusal, "start")


def _refuse_overlap(child, parent, kind, start, end) -> None:
    same = Relationship.objects.filter(child=child, parent=parent, kind=kind)
    clash = next((link for link in same if overlaps(link, start, end)), None)
    if clash is not None:
        raise Conflict(f"{_same_link(child, parent, kind)} {dates(clash)}.", "start")


def _same_link(child, parent, kind) -> str:
    label = RelationshipKind(kind).label.lower()
    return f"{child.name} is already {label} {parent.name}"


def dates(link: Relationship) -> str:
    since = f"from {link.start:%-d %B %Y}" if link.start else "since before our records"
    until = f" to {link.end:%-d %B %Y}" if link.end else ""
    return since + until


@transaction.atomic
def end_link(*, by, link: Relationship, end: dt.date) -> Relationship:
    """The link is in force up to and including `end`."""
    require_set_up(by)
    return saved(ended(locked(link), end, "A link"), by)
