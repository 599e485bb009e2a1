"""The contracts and programmes API: values only for the parties concerned (and admins), edits
only by editors of a commissioner, the KPI → commitment → agreement → decision chain, the
traceability report and the pathway on a page."""

import datetime as dt

import pytest

from concord.access.models import ApiToken
from concord.pathways import actions as pathway_actions
from tests.factories import UserFactory
from tests.integration.contracting import acute_contract, build_world, serve

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _, token = ApiToken.objects.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def world():
    found = build_world()
    found.contract = acute_contract(
        found, commissioners={found.ccg: 700_000, found.council: 300_000}
    )
    found.kpi = serve(found, found.contract, found.acute)
    return found


def get(client, user, path):
    response = client.get(f"/api/v1{path}", **bearer(user))
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    "who, sees",
    [("ccg_viewer", True), ("acute_viewer", True), ("outsider_editor", False), ("admin", True)],
)
def test_contract_values_only_for_its_commissioners_providers_and_admins(client, world, who, sees):
    user = UserFactory(role="admin") if who == "admin" else getattr(world, who)
    found = get(client, user, f"/contracts/{world.contract.reference}")
    assert found["values_visible"] is sees
    assert (found["annual_value"] is not None) is sees
    shares = {p["organisation"]["code"]: p["share"] for p in found["parties"]}
    expected = {world.ccg.code: "700000.00", world.council.code: "300000.00"}
    if sees:
        assert {k: shares[k] for k in expected} == expected
    else:
        assert all(share is None for share in shares.values())
    listed = get(client, user, "/contracts")["items"][0]
    assert (listed["annual_value"] is not None) is sees


def test_a_kpi_carries_its_chain_to_the_decision(client, world):
    found = get(client, world.outsider_editor, f"/contracts/{world.contract.reference}")
    (kpi,) = found["kpis"]
    commitment = world.commitment_of(world.acute)
    assert kpi["serves"] == {
        "commitment": commitment.pk,
        "party": world.acute.code,
        "agreement": world.agreement.pk,
        "agreement_title": world.agreement.title,
        "agreement_in_force": True,
        "decision": world.decision.pk,
        "meeting": world.decision.meeting_id,
        "decided_on": world.decision.meeting.date.isoformat(),
    }
    carried = get(client, world.ccg_viewer, f"/contracts/commitments/{commitment.pk}")
    assert [c["reference"] for c in carried["contracts"]] == [world.contract.reference]


def test_only_editors_of_a_commissioner_add_kpis_and_variations(client, world):
    path = f"/api/v1/contracts/{world.contract.reference}/kpis"
    body = {
        "code": "K2",
        "name": "Screening",
        "indicator": "dementia-diagnosis-rate-65",
        "threshold": 80,
        "measurement_period": "quarter",
        "consequence": "Plan",
        "commitment": world.commitment_of(world.ccg).pk,
    }
    refused = client.post(
        path, body, content_type="application/json", **bearer(world.outsider_editor)
    )
    assert refused.status_code == 403
    made = client.post(path, body, content_type="application/json", **bearer(world.ccg_editor))
    assert made.status_code == 201 and made.json()["serves"]["party"] == world.ccg.code
    again = client.post(path, body, content_type="application/json", **bearer(world.ccg_editor))
    assert again.status_code == 409
    variation = {
        "description": "Longer",
        "effective_from": "2023-04-01",
        "decision": world.decision.pk,
        "end": "2025-03-31",
    }
    varied = client.post(
        f"/api/v1/contracts/{world.contract.reference}/variations",
        variation,
        content_type="application/json",
        **bearer(world.ccg_editor),
    )
    assert varied.status_code == 201 and varied.json()["changes"]["end"]["new"] == "2025-03-31"


def test_the_traceability_report_and_obligations(client, world):
    report = get(client, world.ccg_viewer, "/contracts/traceability?months=6")
    uncarried = {c["party"]["code"] for c in report["commitments_not_carried"]}
    assert uncarried == {world.ccg.code, world.council.code, world.mental_health.code}
    assert report["kpis_without_agreement"] == []
    owes = get(client, world.ccg_viewer, f"/contracts/obligations/{world.acute.code}")
    assert [k["code"] for k in owes["kpis"]] == [world.kpi.code]
    assert [c["id"] for c in owes["commitments"]] == [world.commitment_of(world.acute).pk]


def test_a_programme_and_its_pathway_on_a_page(client, world):
    programme = pathway_actions.create_programme(
        by=world.ccg_editor,
        name="Dementia",
        condition="dementia",
        lead_organisation=world.ccg,
        agreements=[world.agreement],
    )
    pathway = pathway_actions.draft_pathway(by=world.ccg_editor, programme=programme, title="P")
    pathway_actions.add_stage(
        by=world.ccg_editor,
        pathway=pathway,
        name="Diagnosis",
        standard="Early",
        responsible=[world.mental_health],
        indicators=[world.indicator],
    )
    publish = client.post(
        f"/api/v1/programmes/{programme.slug}/pathways/1/publish", **bearer(world.outsider_editor)
    )
    assert publish.status_code == 403
    publish = client.post(
        f"/api/v1/programmes/{programme.slug}/pathways/1/publish", **bearer(world.ccg_editor)
    )
    assert publish.status_code == 200 and publish.json()["status"] == "published"
    page = get(client, world.ccg_viewer, f"/programmes/{programme.slug}/pathways/1/on-a-page")
    assert page[0]["name"] == "Diagnosis"
    assert page[0]["readings"][0] == {
        "indicator": world.indicator.code,
        "organisation": None,
        "period": None,
        "value": None,
        "synthetic": False,
        "target": world.indicator.national_target,
        "status": "no data",
    }
    assert get(client, world.ccg_viewer, f"/programmes/{programme.slug}")["pathways"] == [1]
    assert dt.date.fromisoformat(publish.json()["published_on"])
