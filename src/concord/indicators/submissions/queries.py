"""What the submission pages and API read: an organisation's own indicators, a period from its
label, and the submissions a user made or may approve."""

from django.db.models import Q

from concord.access import posts
from concord.access.roles import is_analyst
from concord.governance.models import Commitment

from ..models import Indicator, Measurement, Period
from ..periods import parse_period
from .models import State, Submission

__all__ = ["awaiting", "listed", "made_by", "own_indicators", "period_of"]


def own_indicators(organisation) -> list[Indicator]:
    """The indicators of the commitments binding the organisation, and any indicator already
    measured for it: the figures it is asked to send."""
    committed = Commitment.objects.of_party(organisation).in_force().values("indicators")
    measured = Measurement.objects.filter(organisation=organisation).values("indicator")
    indicators = Indicator.objects.filter(Q(pk__in=committed) | Q(pk__in=measured))
    return list(indicators.order_by("title"))


def period_of(label: str) -> Period:
    """The stored period a label names (2021-22, 2021-22 Q4, 2021-03). Raises PeriodInvalid."""
    return Period.objects.get_for(parse_period(label))


def listed():
    return Submission.objects.select_related("organisation", "period", "created_by")


def made_by(user):
    """The submissions of the organisations the user belongs to, and those the user made."""
    return listed().filter(Q(created_by=user) | Q(organisation__in=posts.organisation_ids(user)))


def awaiting(user) -> list[Submission]:
    """Submitted submissions this user may approve (not their own)."""
    if not is_analyst(user):
        return []
    submissions = listed().filter(state=State.SUBMITTED).exclude(created_by=user)
    return [s for s in submissions if user.has_perm("indicators.approve", s)]
