"""A senate that has agreed commitments measured by the dementia diagnosis rate, and helpers to
put measurements behind them, for the accountability tests."""

import datetime as dt

from concord.governance import actions as governance
from concord.governance.models import Agreement
from concord.indicators.definitions import load_definitions
from concord.indicators.models import Indicator, Measurement, Period
from concord.indicators.periods import month
from tests.integration.governance import build_senate, held_meeting

DEMENTIA = "dementia-diagnosis-rate-65"  # monthly, higher is better
START, DUE = dt.date(2021, 4, 1), dt.date(2022, 3, 31)
TRAJECTORY = [{"period": "2021-22", "target": 66.7}]


def indicator() -> Indicator:
    if not Indicator.objects.filter(code=DEMENTIA).exists():
        load_definitions()
    return Indicator.objects.get(code=DEMENTIA)


def terms(org, measured: bool = True, **extra) -> dict:
    found = dict(
        party=org,
        what=f"{org.name} plays its part in the dementia strategy",
        target=66.7,
        start=START,
        due=DUE,
        review=dt.date(2021, 10, 1),
        trajectory=TRAJECTORY,
        indicators=[indicator()] if measured else [],
    )
    return {**found, **extra}


def agree(senate, commitments: list[dict], meeting_date=dt.date(2021, 3, 10)) -> Agreement:
    proposal = governance.create_proposal(
        by=senate.editor,
        forum=senate.forum,
        title="Dementia strategy",
        condition="dementia",
        author_organisation=senate.seats[0].organisation,
        problem="Too few people with dementia are diagnosed.",
        strategy="Diagnose earlier in primary care.",
        commitments=commitments,
    )
    governance.open_proposal(
        by=senate.editor, proposal=proposal, on=meeting_date - dt.timedelta(days=7)
    )
    for n, seat in enumerate(senate.seats):
        governance.record_position(
            by=senate.rep(n),
            version=proposal.current,
            seat=seat,
            stance="support",
            on=meeting_date - dt.timedelta(days=5),
        )
    meeting = held_meeting(senate, date=meeting_date)
    governance.record_decision(
        by=senate.chair, meeting=meeting, proposal=proposal, outcome="agreed"
    )
    return Agreement.objects.get(proposal=proposal)


def months_from(first: dt.date, count: int) -> list:
    specs, year, number = [], first.year, first.month
    for _ in range(count):
        specs.append(month(year, number))
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return specs


def measure(org, first: dt.date, values: list, half_width: float | None = 1.0) -> None:
    """Monthly values from `first`, each with a 95% interval of ± half_width (None: none)."""
    ind = indicator()
    for spec, value in zip(months_from(first, len(values)), values, strict=True):
        Measurement.objects.update_or_create(
            indicator=ind,
            organisation=org,
            period=Period.objects.get_for(spec),
            defaults=dict(
                value=value,
                lower_95=None if half_width is None else value - half_width,
                upper_95=None if half_width is None else value + half_width,
            ),
        )


def senate_with(*, seats: int = 4, measured: int | None = None, **extra):
    """A senate whose seats' organisations each agreed one commitment; the first `measured`
    of them (all by default) measured by the dementia diagnosis rate."""
    senate = build_senate(seats=seats, quorum=3)
    count = seats if measured is None else measured
    commitments = [
        terms(seat.organisation, measured=n < count, **extra) for n, seat in enumerate(senate.seats)
    ]
    return senate, agree(senate, commitments)
