"""Walks the dated graph of organisations: one or two queries per level, never a fixed tree.

`part_of` says where an organisation belongs (a practice is part of its commissioner); `member_of`
says which groups it joins (a PCN, a locality). Walking down from an organisation, its own members
count as within it, but the members of a group further down count only if they have no `part_of`
link of their own: a PCN of Chorley and South Ribble CCG with one Greater Preston practice keeps
that practice in the PCN, yet the practice is within Greater Preston, not Chorley and South
Ribble. Walking up follows the same rule.
"""

import datetime as dt
from collections import defaultdict

from .kinds import RelationshipKind
from .models import Organisation, Relationship

__all__ = [
    "ancestor_links",
    "descendant_ids",
    "descendant_ids_of_many",
    "parent_of_kind",
    "predecessors",
    "successors",
]

PART_OF, MEMBER_OF = RelationshipKind.PART_OF, RelationshipKind.MEMBER_OF


def _id(org_or_id) -> int:
    return org_or_id.pk if isinstance(org_or_id, Organisation) else int(org_or_id)


def _links_in_force(as_at: dt.date):
    return Relationship.objects.hierarchy().in_force(as_at)


def _has_own_place(ids: set[int], as_at: dt.date) -> set[int]:
    """Those of `ids` that are part_of something on `as_at`."""
    if not ids:
        return set()
    rows = _links_in_force(as_at).filter(kind=PART_OF, child_id__in=ids)
    return set(rows.values_list("child_id", flat=True))


def descendant_ids(ancestor, as_at: dt.date, max_depth: int = 10) -> set[int]:
    """Ids of every organisation within `ancestor` on `as_at` (not including itself)."""
    top = _id(ancestor)
    return descendant_ids_of_many([top], as_at, max_depth)[top]


def descendant_ids_of_many(ancestors, as_at: dt.date, max_depth: int = 10) -> dict[int, set[int]]:
    """For each ancestor, the ids of every organisation within it on `as_at`: one walk for all
    of them, so a page of organisations costs two queries per level, not two per organisation."""
    tops = {_id(a) for a in ancestors}
    descendants: dict[int, set[int]] = {top: set() for top in tops}
    frontier: dict[int, set[int]] = {top: {top} for top in tops}
    for _ in range(max_depth):
        asked = set().union(*frontier.values())
        if not asked:
            break
        below = defaultdict(list)
        rows = _links_in_force(as_at).filter(parent_id__in=asked)
        for child_id, kind, parent_id in rows.values_list("child_id", "kind", "parent_id"):
            below[parent_id].append((child_id, kind))
        parts, members = {}, {}
        for top in tops:
            part, member = set(), set()
            for parent_id in frontier[top]:
                for child_id, kind in below[parent_id]:
                    (part if kind == PART_OF or parent_id == top else member).add(child_id)
            parts[top], members[top] = part, member - part - descendants[top]
        placed = _has_own_place(set().union(*members.values()), as_at)
        for top in tops:
            frontier[top] = (parts[top] | (members[top] - placed)) - descendants[top] - {top}
            descendants[top] |= frontier[top]
    return descendants


def ancestor_links(org, as_at: dt.date, max_depth: int = 10) -> list[Relationship]:
    """Every hierarchy link above `org` in force on `as_at`, nearest first.

    All of the organisation's own links are listed; above them, the walk climbs through `part_of`
    links, and through `member_of` only from an organisation that is part of nothing."""
    links: list[Relationship] = []
    frontier, seen = {_id(org)}, {_id(org)}
    for _ in range(max_depth):
        level = [
            link
            for link in _links_in_force(as_at)
            .filter(child_id__in=frontier)
            .select_related("child", "parent")
            if link.parent_id not in seen
        ]
        if not level:
            break
        links += level
        frontier = _climb_from(level)
        seen |= {link.parent_id for link in level}
    return links


def _climb_from(level: list[Relationship]) -> set[int]:
    by_child: dict[int, list[Relationship]] = defaultdict(list)
    for link in level:
        by_child[link.child_id].append(link)
    climb: set[int] = set()
    for child_links in by_child.values():
        part = [link.parent_id for link in child_links if link.kind == PART_OF]
        climb |= set(part or [link.parent_id for link in child_links])
    return climb


def parent_of_kind(org, kind: str, as_at: dt.date) -> Organisation | None:
    """The organisation of `kind` that `org` sits within on `as_at` (e.g. a practice's locality)."""
    for link in ancestor_links(org, as_at):
        if link.parent.kind == kind:
            return link.parent
    return None


def successors(org) -> list[Organisation]:
    """Organisations that succeeded `org`, directly or through a chain of mergers, oldest first."""
    result: list[Organisation] = []
    frontier, seen = {_id(org)}, {_id(org)}
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
        kind=RelationshipKind.SUCCESSOR_OF, child_id=_id(org)
    ).select_related("parent")
    return [link.parent for link in links]
