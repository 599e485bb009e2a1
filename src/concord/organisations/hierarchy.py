"""Walks the dated graph of organisations: one query per level, never a fixed tree."""

import datetime as dt

from .kinds import RelationshipKind
from .models import Organisation, Relationship


def _ids(org_or_id) -> int:
    return org_or_id.pk if isinstance(org_or_id, Organisation) else int(org_or_id)


def descendant_ids(ancestor, as_at: dt.date, max_depth: int = 10) -> set[int]:
    """Ids of every organisation within `ancestor` on `as_at` (not including itself)."""
    found: set[int] = set()
    frontier = {_ids(ancestor)}
    for _ in range(max_depth):
        children = set(
            Relationship.objects.hierarchy()
            .in_force(as_at)
            .filter(parent_id__in=frontier)
            .values_list("child_id", flat=True)
        )
        frontier = children - found - {_ids(ancestor)}
        if not frontier:
            break
        found |= frontier
    return found


def ancestor_links(org, as_at: dt.date, max_depth: int = 10) -> list[Relationship]:
    """Every hierarchy link above `org` in force on `as_at`, nearest first."""
    links: list[Relationship] = []
    frontier, seen = {_ids(org)}, {_ids(org)}
    for _ in range(max_depth):
        level = list(
            Relationship.objects.hierarchy()
            .in_force(as_at)
            .filter(child_id__in=frontier)
            .select_related("child", "parent")
        )
        level = [link for link in level if link.parent_id not in seen]
        if not level:
            break
        links += level
        frontier = {link.parent_id for link in level}
        seen |= frontier
    return links


def parent_of_kind(org, kind: str, as_at: dt.date) -> Organisation | None:
    """The organisation of `kind` that `org` sits within on `as_at` (e.g. a practice's locality)."""
    for link in ancestor_links(org, as_at):
        if link.parent.kind == kind:
            return link.parent
    return None


def successors(org) -> list[Organisation]:
    """Organisations that succeeded `org`, directly or through a chain of mergers, oldest first."""
    result: list[Organisation] = []
    frontier, seen = {_ids(org)}, {_ids(org)}
    while frontier:
        links = (
            Relationship.objects.filter(kind=RelationshipKind.SUCCESSOR_OF, parent_id__in=frontier)
            .select_related("child")
            .order_by("start", "child__code")
        )
        nxt = [link.child for link in links if link.child_id not in seen]
        result += nxt
        frontier = {o.pk for o in nxt}
        seen |= frontier
    return result


def predecessors(org) -> list[Organisation]:
    links = Relationship.objects.filter(
        kind=RelationshipKind.SUCCESSOR_OF, child_id=_ids(org)
    ).select_related("parent")
    return [link.parent for link in links]
