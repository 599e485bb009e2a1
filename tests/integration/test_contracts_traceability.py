"""The traceability report finds exactly the gaps: commitments no contract carries, KPIs with no
agreement behind them, live contracts ending within N months with no renewal decision; and a
provider's obligations are its commitments and the KPIs of its contracts."""

import datetime as dt

import pytest

from concord.contracts import actions, traceability
from tests.integration.contracting import acute_contract, build_world, serve

pytestmark = pytest.mark.django_db
TODAY = dt.date(2023, 11, 1)


@pytest.fixture
def world():
    return build_world()


def test_commitments_no_contract_carries(world):
    contract = acute_contract(world)
    serve(world, contract, world.acute, "K1")
    serve(world, contract, world.ccg, "K2")
    pool = acute_contract(
        world,
        reference="S75",
        kind="section_75",
        providers=[world.council],
        annual_value=None,
        commissioners={world.ccg: None},
    )
    actions.add_spend_line(
        by=world.ccg_editor,
        contract=pool,
        year="2021-22",
        description="Reablement",
        amount=10,
        commitment=world.commitment_of(world.council),
    )
    found = traceability.uncarried_commitments()
    assert list(found) == [world.commitment_of(world.mental_health)]
    assert set(traceability.contracts_carrying(world.commitment_of(world.ccg))) == {contract}


def test_kpis_with_no_agreement_behind_them(world):
    contract = acute_contract(world)
    serve(world, contract, world.acute, "K1")
    orphan = actions.add_kpi(
        by=world.ccg_editor,
        contract=contract,
        code="K2",
        name="Four-hour wait",
        indicator=world.indicator,
        threshold=95,
        measurement_period="month",
        consequence="Withhold 2%",
    )
    assert list(traceability.unbacked_kpis()) == [orphan]


def test_contracts_ending_within_n_months_with_no_renewal_decision(world):
    soon = acute_contract(world, reference="A", end=TODAY + dt.timedelta(days=90))
    decided = acute_contract(world, reference="B", end=TODAY + dt.timedelta(days=60))
    actions.record_renewal_decision(by=world.ccg_editor, contract=decided, decision=world.decision)
    acute_contract(world, reference="C", end=TODAY + dt.timedelta(days=400))  # beyond 6 months
    acute_contract(world, reference="D", end=TODAY - dt.timedelta(days=1))  # already ended
    ended = acute_contract(world, reference="E", end=TODAY + dt.timedelta(days=30))
    actions.set_status(by=world.ccg_editor, contract=ended, status="terminated")
    assert list(traceability.ending_without_renewal(6, TODAY)) == [soon]
    report = traceability.report(months=6, today=TODAY)
    assert report.ending == [soon]
    longer = traceability.ending_without_renewal(14, TODAY)
    assert {c.reference for c in longer} == {"A", "C"}


def test_a_providers_obligations_in_one_place(world):
    contract = acute_contract(world)
    kpi = serve(world, contract, world.acute, "K1")
    serve(
        world,
        acute_contract(world, reference="MH", providers=[world.mental_health]),
        world.mental_health,
        "K1",
    )
    found = traceability.obligations(world.acute)
    assert found.commitments == [world.commitment_of(world.acute)]
    assert found.kpis == [kpi] and found.contracts == [contract]
