"""Writing contracts through the actions: parties and shares, KPIs serving commitments,
variations justified by agreed decisions, pooled budgets; refusals change nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from concord.contracts import actions
from concord.contracts.errors import ContractError, NotAllowed
from concord.contracts.models import Contract
from tests.integration.contracting import acute_contract, build_world, serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_a_joint_contract_splits_its_value_between_two_commissioners(world):
    other = world.council
    contract = acute_contract(
        world, commissioners={world.ccg: 600_000, other: 400_000}, annual_value=1_000_000
    )
    shares = {p.organisation: p.share for p in contract.commissioners}
    assert shares == {world.ccg: Decimal(600_000), other: Decimal(400_000)}
    assert sum(shares.values()) == contract.annual_value
    assert [p.organisation for p in contract.providers] == [world.acute]
    assert contract.history.first().history_user == world.ccg_editor


def test_shares_that_do_not_add_up_are_refused(world):
    with pytest.raises(ContractError, match="add up to £900,000.00"):
        acute_contract(world, commissioners={world.ccg: 500_000, world.council: 400_000})
    with pytest.raises(ContractError, match="every commissioner"):
        acute_contract(world, commissioners={world.ccg: 1_000_000, world.council: None})
    assert not Contract.objects.exists()


def test_only_editors_of_a_commissioner_create_its_contracts(world):
    with pytest.raises(NotAllowed):
        acute_contract(world, commissioners={world.council: None}, annual_value=None)
    with pytest.raises(NotAllowed):
        actions.create_contract(
            by=world.outsider_editor,
            reference="X",
            title="X",
            kind="grant",
            start=dt.date(2021, 4, 1),
            end=dt.date(2022, 3, 31),
            providers=[world.acute],
            commissioners={world.ccg: None},
        )
    assert not Contract.objects.exists()


def test_a_kpi_serves_a_commitment_and_only_commissioners_editors_add_one(world):
    contract = acute_contract(world)
    kpi = serve(world, contract, world.acute)
    assert kpi.commitment.agreement == world.agreement
    assert kpi.threshold_text == "At least 66.7"
    with pytest.raises(ContractError, match="already has a KPI"):
        serve(world, contract, world.acute)
    with pytest.raises(NotAllowed):
        actions.add_kpi(
            by=world.outsider_editor,
            contract=contract,
            code="K9",
            name="n",
            indicator=world.indicator,
            threshold=1,
            measurement_period="month",
            consequence="c",
        )


def test_a_variation_needs_an_agreed_decision_and_keeps_old_and_new(world):
    contract = acute_contract(world)
    new_end = dt.date(2025, 3, 31)
    variation = actions.vary_contract(
        by=world.ccg_editor,
        contract=contract,
        description="Extended one year to carry the dementia strategy",
        effective_from=dt.date(2023, 4, 1),
        decision=world.decision,
        end=new_end,
        annual_value=1_100_000,
    )
    contract.refresh_from_db()
    assert contract.end == new_end and contract.annual_value == Decimal(1_100_000)
    assert variation.number == 1
    assert variation.changes["end"] == {"old": "2024-03-31", "new": "2025-03-31"}
    with pytest.raises(ContractError, match="does not change"):
        actions.vary_contract(
            by=world.ccg_editor,
            contract=contract,
            description="x",
            effective_from=dt.date(2023, 4, 1),
            decision=world.decision,
            kind="grant",
        )


def test_a_pooled_budget_takes_contributions_from_its_partners_only(world):
    pool = acute_contract(
        world,
        reference="S75-1",
        kind="section_75",
        providers=[world.council],
        commissioners={world.ccg: None},
        annual_value=None,
    )
    made = actions.add_contribution(
        by=world.ccg_editor, contract=pool, partner=world.council, year="2021-22", amount=250_000
    )
    assert made.amount == Decimal(250_000)
    with pytest.raises(ContractError, match="not a partner"):
        actions.add_contribution(
            by=world.ccg_editor, contract=pool, partner=world.acute, year="2021-22", amount=1
        )
    with pytest.raises(ContractError, match="2021-22"):
        actions.add_contribution(
            by=world.ccg_editor, contract=pool, partner=world.ccg, year="2021-23", amount=1
        )
    acute = acute_contract(world)
    with pytest.raises(ContractError, match="not a Section 75"):
        actions.add_spend_line(
            by=world.ccg_editor, contract=acute, year="2021-22", description="x", amount=1
        )
