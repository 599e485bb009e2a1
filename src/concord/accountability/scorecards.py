"""Scorecards: counts by status, the worst items first, and the trend over the last periods,
for any set of commitments: an organisation's (the commissioner's on the same footing as any
provider's), a forum's, a programme's, a locality's (its own and those of the organisations
within it); and "how are we doing" for a person across every body they serve."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.timezone import localdate

from concord.governance.models import Commitment
from concord.indicators.models import Measurement
from concord.organisations.hierarchy import descendant_ids
from concord.organisations.models import Organisation, Post
from concord.organisations.names import by_name

from . import status as s
from .models import CommitmentStatus, RedFlag

__all__ = [
    "Scorecard",
    "TREND_PERIODS",
    "bodies_served",
    "in_force",
    "of_forum",
    "of_locality",
    "of_organisation",
    "of_programme",
    "scorecard",
    "synthetic_behind",
    "trend",
]

TREND_PERIODS = 6


@dataclass
class Scorecard:
    title: str
    counts: list  # (status, label, count), worst first, every status
    items: list  # current CommitmentStatus rows, worst first
    trend: list  # (period label, {status: count}) oldest first
    flags: list = field(default_factory=list)
    link: str = ""

    @property
    def total(self) -> int:
        return sum(n for _, _, n in self.counts)


def in_force(commitments):
    return commitments.filter(agreement__superseded_by__isnull=True)


def of_organisation(org: Organisation):
    return in_force(Commitment.objects.filter(party=org))


def of_forum(forum):
    return in_force(Commitment.objects.filter(agreement__forum=forum))


def of_programme(programme):
    return in_force(Commitment.objects.filter(agreement__programmes=programme))


def of_locality(locality: Organisation, as_at: dt.date | None = None):
    ids = descendant_ids(locality, as_at or localdate()) | {locality.pk}
    return in_force(Commitment.objects.filter(party_id__in=ids))


def _worst_first(rows) -> list:
    return sorted(rows, key=lambda r: (-s.SEVERITY[r.status], r.commitment.party.name, r.pk))


def trend(commitments, periods: int = TREND_PERIODS) -> list:
    rows = CommitmentStatus.objects.for_commitments(commitments)
    starts = sorted(set(rows.values_list("period__start", flat=True)))[-periods:]
    counted = {}
    for start, label, status in rows.filter(period__start__in=starts).values_list(
        "period__start", "period__label", "status"
    ):
        counted.setdefault((start, label), Counter())[status] += 1
    return [(label, dict(c)) for (_, label), c in sorted(counted.items())]


def scorecard(title: str, commitments, link: str = "") -> Scorecard:
    current = CommitmentStatus.objects.current().for_commitments(commitments)
    rows = list(current.select_related("commitment__party", "commitment__agreement", "period"))
    counts = Counter(r.status for r in rows)
    flags = RedFlag.objects.open().filter(commitment__in=commitments).select_related("organisation")
    return Scorecard(
        title=title,
        counts=[(k, s.LABELS[k], counts.get(k, 0)) for k in s.STATUSES],
        items=_worst_first(rows),
        trend=trend(commitments),
        flags=list(flags),
        link=link,
    )


def bodies_served(person, on: dt.date | None = None) -> list[Organisation]:
    """The organisations a person holds posts in or sits on behalf of, on a date."""
    posts = Post.objects.in_force(on or localdate()).filter(person=person)
    ids = set()
    for org_id, behalf_id in posts.values_list("organisation_id", "on_behalf_of_id"):
        ids.add(behalf_id or org_id)
    return list(Organisation.objects.filter(pk__in=ids).order_by(*by_name()))


def synthetic_behind(commitments) -> bool:
    """Whether any figure that judges these commitments is synthetic (invented people, or the
    demo's synthetic continuation): their pages say so wherever such figures are shown.

    Asked from the commitments' side: each of their (indicator, party) links looks up its
    synthetic figures on the measurements' (indicator, organisation, period) index. Asked from
    the measurements' side, every synthetic figure was checked against the commitments (most
    of the overview's time, and growing with the figures held)."""
    synthetic = Measurement.objects.filter(
        computation__synthetic=True,
        indicator_id=OuterRef("indicator_id"),
        organisation_id=OuterRef("commitment__party_id"),
    )
    links = Commitment.indicators.through.objects.filter(commitment__in=commitments)
    return links.filter(Exists(synthetic)).exists()
