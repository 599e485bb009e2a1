"""Query counts of the contract page and the traceability report are pinned, and do not grow
with their rows: each is requested with few KPIs, variations, contracts and commitments and with
many, under the same ceiling."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.contracts import actions
from tests.integration import accountable
from tests.integration.contracting import acute_contract, build_world, serve

pytestmark = pytest.mark.django_db
FEW, MANY = 1, 6
CONTRACT_QUERIES, TRACEABILITY_QUERIES = 15, 8  # the same for FEW and MANY


@pytest.fixture
def world():
    return build_world()


def orphan(world, contract, code: str):
    return actions.add_kpi(
        by=world.ccg_editor,
        contract=contract,
        code=code,
        name="Four-hour wait",
        indicator=world.indicator,
        threshold=95,
        measurement_period="month",
        consequence="Withhold 2%",
    )


def contract_with(world, rows: int):
    """`rows` KPIs serving commitments, `rows` with no agreement behind them, `rows` variations."""
    contract = acute_contract(world)
    parties = [world.ccg, world.acute, world.council, world.mental_health]
    for n in range(rows):
        serve(world, contract, parties[n % len(parties)], f"K{n}")
        orphan(world, contract, f"X{n}")
        actions.vary_contract(
            by=world.ccg_editor,
            contract=contract,
            description=f"Variation {n}",
            effective_from=dt.date(2021, 10, 1),
            decision=world.decision,
            title=f"Acute services, varied {n} times",
        )
    return contract


@pytest.mark.parametrize("rows", [FEW, MANY])
def test_the_contract_page(client, world, rows, django_assert_max_num_queries):
    contract = contract_with(world, rows)
    client.force_login(world.ccg_viewer)
    url = reverse("contracts:contract", args=[contract.reference])
    client.get(url)
    with django_assert_max_num_queries(CONTRACT_QUERIES):
        page = client.get(url).content.decode()
    for kpi in contract.kpis.all():
        assert kpi.code in page
    assert page.count("Variation ") >= rows


def gaps(world, rows: int):
    """`rows` contracts ending soon, each with an unbacked KPI; `rows` more agreements whose
    commitments no contract carries."""
    today = dt.date.today()
    for n in range(rows):
        contract = acute_contract(world, reference=f"END-{n}", end=today + dt.timedelta(days=30))
        orphan(world, contract, f"X{n}")
        accountable.agree(
            world.senate,
            [accountable.terms(world.acute, what=f"Uncarried {n}")],
            meeting_date=dt.date(2021, 5, 1) + dt.timedelta(days=7 * n),
        )


@pytest.mark.parametrize("rows", [FEW, MANY])
def test_the_traceability_report(client, world, rows, django_assert_max_num_queries):
    gaps(world, rows)
    client.force_login(world.ccg_viewer)
    url = reverse("contracts:traceability")
    client.get(url)
    with django_assert_max_num_queries(TRACEABILITY_QUERIES):
        page = client.get(url).content.decode()
    for n in range(rows):
        assert f"END-{n}" in page and f"Uncarried {n}" in page
