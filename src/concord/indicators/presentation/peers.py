"""Whom an organisation is compared with: the organisations of its own kind in a chosen group,
on one date -- the end of the period compared (`as_at`).

A practice is compared with the practices of its locality (or PCN, or CCG); a PCN with those of
its locality or CCG; a locality with those of its CCG; anything else with every organisation of
its kind in England. `choose` takes the group asked for, or the first of the default order.
"""

import datetime as dt
from dataclasses import dataclass

from concord.indicators.models import Measurement
from concord.organisations.hierarchy import ancestor_links, descendant_ids
from concord.organisations.kinds import COMMISSIONER_KINDS, Kind
from concord.organisations.names import by_name

__all__ = [
    "EVERYWHERE",
    "PeersInvalid",
    "as_at",
    "choose",
    "peer_group",
    "peer_groups",
    "peer_measurements",
]

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


EVERYWHERE = PeerGroup(ENGLAND, None)


def as_at(period) -> dt.date:
    """The one date on which peers are taken: the end of the period compared."""
    return period.end


def peer_groups(org, on: dt.date) -> dict[str, PeerGroup]:
    """The groups `org` can be compared within on `on`, England always last."""
    groups = {}
    for link in ancestor_links(org, on):
        for key, kinds in GROUP_KINDS.items():
            if link.parent.kind in kinds and key not in groups:
                groups[key] = PeerGroup(key, link.parent)
    groups[ENGLAND] = EVERYWHERE
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


def peer_group(org, period, asked: str | None = None) -> PeerGroup:
    """The group `org` is compared within for `period` (PeersInvalid names a bad `asked`)."""
    return choose(org, peer_groups(org, as_at(period)), asked)


def peer_measurements(indicator, org, period, group: PeerGroup):
    """The measurements for `period` of the organisations of `org`'s kind in the group."""
    measurements = Measurement.objects.shown().filter(
        indicator=indicator, period=period, organisation__kind=org.kind
    )
    if group.parent is not None:
        measurements = measurements.filter(
            organisation_id__in=descendant_ids(group.parent, as_at(period))
        )
    return measurements.order_by(*by_name("organisation__name"))
