"""A small economy with indicator figures for the indicator pages' tests (factories only).

England > one CCG > one locality; every practice is part of the CCG and a member of the
locality. Each practice has a monthly dementia diagnosis series, and the first practice has
small counts so that disclosure control has something to suppress. Parents are rolled up.
"""

import datetime as dt

from concord.indicators.aggregation import roll_up
from concord.indicators.definitions import load_definitions
from concord.indicators.limits import estimate
from concord.indicators.models import Indicator, Measurement, Period
from concord.indicators.periods import month
from concord.organisations.models import Kind, RelationshipKind
from tests.factories import CCGFactory, OrganisationFactory, PracticeFactory, RelationshipFactory

DEMENTIA = "dementia-diagnosis-rate-65"
START = dt.date(2019, 1, 1)
SMALL = (5, 23)  # the first practice's numerator and denominator in every month


def months(count: int) -> list[Period]:
    specs = [month(2020 + (k // 12), k % 12 + 1) for k in range(count)]
    return [Period.objects.get_for(spec) for spec in specs]


def figures(practice_index: int, month_index: int) -> tuple[int, int]:
    """A deterministic (numerator, denominator): every value below 100%."""
    if practice_index == 0:
        return SMALL
    denominator = 80 + 37 * practice_index
    numerator = denominator * (55 + (practice_index * 7 + month_index * 3) % 25) // 100
    return numerator, denominator


def build(practices: int = 3, periods: int = 15) -> dict:
    load_definitions()
    indicator = Indicator.objects.get(code=DEMENTIA)
    england = OrganisationFactory(code="ENG", name="England", kind=Kind.NATION)
    ccg = CCGFactory(code="01X", name="NHS Riverside CCG")
    other_ccg = CCGFactory(code="02Y", name="NHS Hillside CCG")
    locality = OrganisationFactory(code="LOC01", name="North Locality", kind=Kind.LOCALITY)
    for child, parent in ((ccg, england), (other_ccg, england), (locality, ccg)):
        RelationshipFactory(child=child, parent=parent, start=START)
    members = [PracticeFactory(name=f"Practice {k:02d}") for k in range(practices)]
    other = PracticeFactory(name="Hillside Surgery")
    RelationshipFactory(child=other, parent=other_ccg, start=START)
    for practice in members:
        RelationshipFactory(child=practice, parent=ccg, start=START)
        RelationshipFactory(
            child=practice, parent=locality, kind=RelationshipKind.MEMBER_OF, start=START
        )
    stored = months(periods)
    rows = []
    for j, period in enumerate(stored):
        for k, practice in enumerate([*members, other]):
            n, d = figures(k + 1 if practice is other else k, j)
            rows.append(
                Measurement(
                    indicator=indicator,
                    organisation=practice,
                    period=period,
                    numerator=n,
                    denominator=d,
                    **estimate(indicator, n, d),
                )
            )
    Measurement.objects.bulk_create(rows)
    for period in stored:
        roll_up([indicator], period)
    return {
        "indicator": indicator,
        "england": england,
        "ccg": ccg,
        "other_ccg": other_ccg,
        "locality": locality,
        "practices": members,
        "periods": stored,
    }
