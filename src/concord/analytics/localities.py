"""The registry side of segments: which locality each practice was in on a given day.

Segments count people by the locality of their practice on the last day of the segment's
12-month window, on the hierarchy in force that day (concord.indicators.aggregation.Hierarchy,
the walk the roll-ups use), not on today's registry: a practice that moved locality since is
counted where it was then. A practice in no locality is counted under its commissioner.
"""

import datetime as dt

from concord.indicators.aggregation import Hierarchy
from concord.organisations.kinds import COMMISSIONER_KINDS, Kind
from concord.organisations.models import Organisation

__all__ = ["localities"]

PREFERRED = (Kind.LOCALITY, *COMMISSIONER_KINDS)


def localities(as_at: dt.date) -> dict[str, str]:
    """Practice code → the name of its locality (else its commissioner) on `as_at`."""
    hierarchy = Hierarchy(as_at)
    practices = dict(Organisation.objects.practices().values_list("pk", "code"))
    above = {pk: hierarchy.above(pk) for pk in practices}
    names = {
        org.pk: (PREFERRED.index(org.kind), org.name)
        for org in Organisation.objects.filter(
            pk__in=set().union(*above.values()), kind__in=PREFERRED
        )
    }
    locality_of = {}
    for pk, code in practices.items():
        candidates = sorted(names[parent] for parent in above[pk] if parent in names)
        if candidates:
            locality_of[code] = candidates[0][1]
    return locality_of
