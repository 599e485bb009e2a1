"""Red flags from contracts, and the programme scorecard.

- a live contract ending within CONTRACT_ENDING_MONTHS months with no renewal decision raises a
  flag against its commissioner; a decision, a later end or a contract no longer live does not;
- a KPI with no agreement behind it raises a flag; a KPI serving a commitment does not;
- a flag whose condition no longer holds stays (marked), never deleted;
- a programme's scorecard counts the commitments of the agreements it delivers, and only those.
"""

import datetime as dt

import pytest
from django.urls import reverse

from concord.accountability import scorecards as sc
from concord.accountability.contract_flags import CONTRACT_ENDING_MONTHS
from concord.accountability.models import CommitmentStatus, FlagKind, RedFlag
from concord.accountability.refresh import refresh
from concord.contracts import actions
from concord.governance.actions.meetings import add_months
from concord.pathways import actions as pathways
from tests.integration import accountable
from tests.integration.contracting import acute_contract, build_world, serve

pytestmark = pytest.mark.django_db
TODAY = dt.date(2021, 11, 15)
HORIZON = add_months(TODAY, CONTRACT_ENDING_MONTHS)


@pytest.fixture(scope="module")
def world(module_db, django_db_blocker):
    """Built once for the module's tests (what each writes is undone after it)."""
    with django_db_blocker.unblock():
        return build_world()


def flags_of(kind):
    return RedFlag.objects.filter(kind=kind).order_by("key")


def test_a_contract_ending_soon_with_no_renewal_decision_is_flagged(world):
    soon = acute_contract(world, reference="SOON", end=HORIZON - dt.timedelta(days=1))
    decided = acute_contract(world, reference="DECIDED", end=HORIZON - dt.timedelta(days=30))
    actions.record_renewal_decision(by=world.ccg_editor, contract=decided, decision=world.decision)
    acute_contract(world, reference="LATER", end=HORIZON + dt.timedelta(days=1))
    ended = acute_contract(world, reference="ENDED", end=TODAY + dt.timedelta(days=30))
    actions.set_status(by=world.ccg_editor, contract=ended, status="terminated")
    refresh(today=TODAY)
    flag = flags_of(FlagKind.CONTRACT_ENDING).get()
    assert flag.organisation == world.ccg  # the commissioner owes the decision
    assert flag.link == reverse("contracts:contract", args=[soon.reference])
    assert flag.title.startswith("SOON ") and f"{soon.end:%-d %B %Y}" in flag.title
    assert f"within {CONTRACT_ENDING_MONTHS} months" in flag.evidence


def test_a_renewal_decision_marks_the_flag_but_never_deletes_it(world):
    soon = acute_contract(world, reference="SOON", end=TODAY + dt.timedelta(days=60))
    refresh(today=TODAY)
    actions.record_renewal_decision(by=world.ccg_editor, contract=soon, decision=world.decision)
    refresh(today=TODAY)
    flag = flags_of(FlagKind.CONTRACT_ENDING).get()
    assert flag.still_holds is False and flag.state == "open"


def test_a_kpi_with_no_agreement_behind_it_is_flagged(world):
    contract = acute_contract(world)
    serve(world, contract, world.acute, "BACKED")
    orphan = actions.add_kpi(
        by=world.ccg_editor,
        contract=contract,
        code="ORPHAN",
        name="Four-hour wait",
        indicator=world.indicator,
        threshold=95,
        measurement_period="month",
        consequence="Withhold 2%",
    )
    refresh(today=TODAY)
    flag = flags_of(FlagKind.KPI_UNBACKED).get()
    assert flag.key == f"kpi_unbacked:kpi:{orphan.pk}"
    assert flag.organisation == world.ccg
    assert flag.title == f"{contract.reference} KPI ORPHAN: no agreement behind it"
    assert world.indicator.title in flag.evidence
    assert flag.link == reverse("contracts:contract", args=[contract.reference])


def test_a_kpi_of_a_contract_no_longer_live_is_not_flagged(world):
    contract = acute_contract(world)
    actions.add_kpi(
        by=world.ccg_editor,
        contract=contract,
        code="ORPHAN",
        name="Four-hour wait",
        indicator=world.indicator,
        threshold=95,
        measurement_period="month",
        consequence="Withhold 2%",
    )
    actions.set_status(by=world.ccg_editor, contract=contract, status="terminated")
    refresh(today=TODAY)
    assert not flags_of(FlagKind.KPI_UNBACKED).exists()


@pytest.fixture
def programme(world):
    """The dementia programme delivers an agreement measured by the diagnosis rate; the world's
    own agreement (four unmeasured commitments) it does not."""
    mine = accountable.agree(
        world.senate,
        [accountable.terms(world.ccg), accountable.terms(world.acute)],
        meeting_date=dt.date(2021, 3, 24),
    )
    accountable.measure(world.acute, dt.date(2021, 4, 1), [70.0] * 7)  # above 66.7: on track
    accountable.measure(world.ccg, dt.date(2021, 4, 1), [60.0] * 7)  # well below: off track
    refresh(today=TODAY)
    found = pathways.create_programme(
        by=world.ccg_editor,
        name="Dementia",
        condition="dementia",
        lead_organisation=world.ccg,
        agreements=[mine],
    )
    return found, mine


def current_of(agreement):
    return CommitmentStatus.objects.current().filter(commitment__agreement=agreement)


def test_the_programme_scorecard_counts_the_commitments_of_its_agreements(world, programme):
    found, mine = programme
    card = sc.scorecard(found.name, sc.of_programme(found))
    assert card.total == mine.commitments.count() == current_of(mine).count() == 2
    assert {r.pk for r in card.items} == set(current_of(mine).values_list("pk", flat=True))
    counts = {key: n for key, _, n in card.counts if n}
    assert counts == {"off_track": 1, "on_track": 1}  # 60.0 and 70.0 against 66.7
    assert [r.commitment.party for r in card.items] == [world.ccg, world.acute]  # worst first
    assert len(card.trend) == sc.TREND_PERIODS  # April to November 2021: the last six
    assert card.trend[-1] == (f"{TODAY:%Y-%m}", {"off_track": 1, "on_track": 1})
    assert {f.organisation for f in card.flags} <= {world.ccg, world.acute}


def test_the_programme_scorecard_page_explains_each_status(client, world, programme):
    found, mine = programme
    client.force_login(world.ccg_viewer)
    response = client.get(reverse("accountability:programme", args=[found.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="scorecard-item"') == mine.commitments.count()
    for row in current_of(mine):
        assert row.explanation.split(":")[0] in page
    assert "Part 0 of the dementia strategy" not in page  # not an agreement of the programme
    assert current_of(world.agreement).exists()  # though assessed
