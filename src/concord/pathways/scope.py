"""What belongs to a programme: the commitments of its agreements, the organisations taking part
in it, and the indicators that measure it. The pages offer these first when a stage is added."""

import datetime as dt

from concord.governance.models import Commitment
from concord.indicators.models import Indicator
from concord.organisations.models import Organisation
from concord.organisations.names import by_name

from .models import Programme

__all__ = ["indicators_of", "organisations_of", "programme_commitments"]


def programme_commitments(programme: Programme):
    """The commitments in force of the agreements the programme delivers."""
    return Commitment.objects.filter(agreement__in=programme.agreements.all()).in_force()


def organisations_of(programme: Programme, on: dt.date):
    """The lead organisation, the team's organisations on the date, the parties of the programme's
    commitments and every organisation responsible for a stage of one of its versions."""
    organisations = {programme.lead_organisation_id}
    organisations |= set(programme.team.in_force(on).values_list("on_behalf_of", flat=True))
    organisations |= set(programme_commitments(programme).values_list("party", flat=True))
    organisations |= set(
        Organisation.objects.filter(pathway_stages__pathway__programme=programme).values_list(
            "pk", flat=True
        )
    )
    return Organisation.objects.filter(pk__in=organisations).order_by(*by_name())


def indicators_of(programme: Programme):
    """The indicators of the programme's commitments and of the stages of its versions."""
    indicators = set(programme_commitments(programme).values_list("indicators", flat=True))
    indicators |= set(
        Indicator.objects.filter(pathway_stages__pathway__programme=programme).values_list(
            "pk", flat=True
        )
    )
    return Indicator.objects.filter(pk__in=indicators - {None}).order_by("title")
