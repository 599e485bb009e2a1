"""Accountability benchmarks for `make bench`, run after the others in run.py.

- refresh: 1,000 commitments × 36 monthly periods, each period with the XmR chart of its series
  so far (goal < 5 s). Baseline, same run: reading the same measurements with one query.
- pack: a meeting pack of about 30 pages, a page per red flag with its SPC and funnel charts
  (goal < 10 s). Baseline, same run: gathering the pack and rendering its HTML alone.

Synthetic commitments on a synthetic forum (clearly named so), in the benchmark database.
"""

import datetime as dt
import random
import time
from pathlib import Path

COMMITMENTS = 1000
PERIODS = 36
HISTORY = 24  # months measured before the commitments start
REFRESH_GOAL, PACK_GOAL = 5.0, 10.0
TODAY = dt.date(2024, 3, 15)


def synthetic_world():
    """A forum, an agreement binding COMMITMENTS organisations, and their monthly series."""
    from concord.indicators.definitions import load_definitions
    from concord.indicators.models import Indicator, Measurement, Period
    from concord.indicators.periods import month
    from concord.organisations.models import Organisation
    from tests.integration.accountable import months_from

    load_definitions()
    indicator = Indicator.objects.get(code="dementia-diagnosis-rate-65")
    orgs = Organisation.objects.bulk_create(
        Organisation(code=f"BENCH{n:04d}", name=f"Synthetic body {n}", kind="ccg")
        for n in range(COMMITMENTS)
    )
    specs = months_from(dt.date(2019, 4, 1), HISTORY + PERIODS)
    periods = [Period.objects.get_for(s) for s in specs]
    rng = random.Random(6)
    Measurement.objects.bulk_create(
        counted(indicator, o, p, v, rng.randint(1500, 6000))
        for o in orgs
        for p, v in zip(periods, walk(rng, len(periods)), strict=True)
    )
    _ = month
    return indicator, orgs


def counted(indicator, organisation, period, value: float, denominator: int):
    """A measurement with counts, as imported ones have: status reads them through disclosure
    control (concord.indicators.presentation), which the benchmark must pay for."""
    from concord.indicators.limits import estimate
    from concord.indicators.models import Measurement

    numerator = round(value * denominator / 100)
    return Measurement(
        indicator=indicator,
        organisation=organisation,
        period=period,
        numerator=numerator,
        denominator=denominator,
        **estimate(indicator, numerator, denominator),
    )


def walk(rng, count: int) -> list[float]:
    value, found = rng.uniform(60, 72), []
    for _ in range(count):
        value += rng.gauss(0, 0.6)
        found.append(round(value, 1))
    return found


def agreement_for(orgs, indicator):
    from concord.governance.models import Agreement, Commitment, Decision, Forum, Meeting

    forum = Forum.objects.create(
        name="Synthetic benchmark forum", slug="bench-forum", kind="clinical_senate"
    )
    meeting = Meeting.objects.create(forum=forum, date=dt.date(2021, 3, 10), status="held")
    upcoming = Meeting.objects.create(forum=forum, date=TODAY + dt.timedelta(days=20))
    agreement = bench_agreement(forum, meeting, orgs[0])
    made = Commitment.objects.bulk_create(
        Commitment(
            agreement=agreement,
            party=o,
            what="Synthetic commitment",
            target=66.7,
            trajectory=[
                {"period": "2021-22", "target": 65.0},
                {"period": "2022-23", "target": 66.0},
            ],
            start=dt.date(2021, 4, 1),
            due=dt.date(2024, 3, 31),
        )
        for o in orgs
    )
    Commitment.indicators.through.objects.bulk_create(
        Commitment.indicators.through(commitment_id=c.pk, indicator_id=indicator.pk) for c in made
    )
    _ = (Agreement, Decision)
    return upcoming


def bench_agreement(forum, meeting, org):
    from concord.governance.models import Agreement, Decision, Proposal, ProposalVersion

    proposal = Proposal.objects.create(
        forum=forum, title="Synthetic", author_organisation=org, status="agreed"
    )
    version = ProposalVersion.objects.create(proposal=proposal, number=1, problem="-", strategy="-")
    decision = Decision.objects.create(
        meeting=meeting, version=version, outcome="agreed", seats_present=1
    )
    return Agreement.objects.create(
        decision=decision,
        forum=forum,
        proposal=proposal,
        version=version,
        title="Synthetic agreement",
        strategy="-",
        agreed_on=meeting.date,
    )


def warm_up() -> None:
    """Load the URL configuration (flags link to their evidence) and WeasyPrint before timing:
    the benchmarks measure the work, not Python importing modules (the full run has usually
    loaded them already, running alone it has not)."""
    import weasyprint  # noqa: F401
    from django.urls import reverse

    reverse("accountability:commitment", args=[1])


def read_seconds() -> float:
    from concord.indicators.models import Measurement

    started = time.perf_counter()
    list(
        Measurement.objects.filter(organisation__code__startswith="BENCH").values_list(
            "value", "period__start"
        )
    )
    return time.perf_counter() - started


def refresh_and_pack(data: Path) -> list:
    from concord.accountability.refresh import refresh

    from .run import Result

    indicator, orgs = synthetic_world()
    agreement_for(orgs, indicator)
    warm_up()
    baseline = read_seconds()
    started = time.perf_counter()
    result = refresh(today=TODAY)
    seconds = time.perf_counter() - started
    rows = [
        Result(
            "Status refresh 1,000 x 36 with SPC", result.statuses, seconds, baseline, REFRESH_GOAL
        )
    ]
    return rows + [pack_result(orgs, indicator)]


PACK_FLAGS = 10  # each with its SPC and funnel charts (about 3 pages), plus the other sections


def pack_forum(orgs, indicator):
    """A second forum whose PACK_FLAGS commitments were due before TODAY and missed: overdue."""
    from concord.governance.models import Commitment, Forum, Meeting

    forum = Forum.objects.create(
        name="Synthetic pack forum", slug="bench-pack", kind="clinical_senate"
    )
    held = Meeting.objects.create(forum=forum, date=dt.date(2021, 3, 10), status="held")
    upcoming = Meeting.objects.create(forum=forum, date=TODAY + dt.timedelta(days=20))
    agreement = bench_agreement(forum, held, orgs[0])
    made = Commitment.objects.bulk_create(
        Commitment(
            agreement=agreement,
            party=o,
            what="Synthetic",
            target=90.0,
            start=dt.date(2021, 4, 1),
            due=dt.date(2023, 3, 31),
        )
        for o in orgs[:PACK_FLAGS]
    )
    Commitment.indicators.through.objects.bulk_create(
        Commitment.indicators.through(commitment_id=c.pk, indicator_id=indicator.pk) for c in made
    )
    return upcoming


def pack_result(orgs, indicator):
    from concord.accountability import pack
    from concord.accountability.refresh import refresh

    from .run import Result

    meeting = pack_forum(orgs, indicator)
    refresh(today=TODAY)
    started = time.perf_counter()
    pack.render_html(meeting, pack.pack_context(meeting))
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    document = pack.pdf_document(meeting, pack.pack_context(meeting))  # as `concord pack` does
    document.write_pdf()
    seconds = time.perf_counter() - started
    pages = len(document.pages)
    return Result(f"Meeting pack, {pages} pages (PDF)", pages, seconds, baseline, PACK_GOAL)


BENCHMARKS = [refresh_and_pack]
