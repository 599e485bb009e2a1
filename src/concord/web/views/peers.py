"""Whom an organisation is compared with: the organisations of its own kind in a chosen group.

A practice is compared with the practices of its locality (or PCN, or CCG); a locality or PCN with
those of its CCG; a CCG with every CCG in England. `?peers=` picks the group.
"""

import datetime as dt
from dataclasses import dataclass

from concord.indicators.models import Measurement
from concord.organisations.hierarchy import ancestor_links, descendant_ids
from concord.organisations.kinds import COMMISSIONER_KINDS, Kind

ENGLAND = "england"
GROUP_KINDS = {
    "locality": (Kind.LOCALITY,),
    "pcn": (Kind.PCN,),
    "ccg": COMMISSIONER_KINDS,
    "stp": (Kind.STP,),
}
DEFAULT_ORDER = {
    Kind.PRACTICE: ("locality", "ccg", "pcn"),
    Kind.PCN: ("locality", "ccg"),
    Kind.LOCALITY: ("ccg",),
}


class PeersInvalid(ValueError):
    pass


@dataclass(frozen=True)
class PeerGroup:
    key: str
    parent: object | None  # None for England

    @property
    def words(self) -> str:
        if self.parent is None:
            return "England"
        return self.parent.name


def peer_groups(org, as_at: dt.date) -> dict[str, PeerGroup]:
    """The groups `org` can be compared within on `as_at`, England always last."""
    groups = {}
    for link in ancestor_links(org, as_at):
        for key, kinds in GROUP_KINDS.items():
            if link.parent.kind in kinds and key not in groups:
                groups[key] = PeerGroup(key, link.parent)
    groups[ENGLAND] = PeerGroup(ENGLAND, None)
    return groups


def choose(org, groups: dict[str, PeerGroup], asked: str | None) -> PeerGroup:
    if asked:
        if asked not in groups:
            offered = ", ".join(groups)
            raise PeersInvalid(
                f"peers={asked!r} is not a group {org.name} belongs to: choose one of {offered}"
            )
        return groups[asked]
    for key in DEFAULT_ORDER.get(org.kind, ()):
        if key in groups:
            return groups[key]
    return groups[ENGLAND]


def peer_measurements(indicator, org, period, group: PeerGroup):
    """The measurements for `period` of the organisations of `org`'s kind in the group."""
    found = Measurement.objects.filter(
        indicator=indicator, period=period, organisation__kind=org.kind
    )
    if group.parent is not None:
        found = found.filter(organisation_id__in=descendant_ids(group.parent, period.end))
    return found.select_related("organisation", "period").order_by("organisation__name")
