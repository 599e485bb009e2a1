"""The contract, commitment, traceability, obligations, programme and pathway pages, on the demo:
the KPI chain as links, values hidden from outsiders, the deliberate gap shown, idempotent demo."""

import io

import pytest
from django.core.management import call_command

from concord.contracts import traceability
from concord.contracts.models import KPI, Contract
from concord.governance.models import Commitment
from concord.organisations.models import Person
from concord.pathways.models import Programme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
GAP = "LOC-02H-5"


@pytest.fixture(scope="module")
def demo(module_db, django_db_blocker):
    """The demo, loaded once for the module's tests (what each writes is undone after it)."""
    with django_db_blocker.unblock():
        call_command("concord_demo", "--no-static", "--no-analytics", stdout=io.StringIO())


def page(client, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_demo_loads_twice_to_the_same_state(demo):
    counts = (Contract.objects.count(), KPI.objects.count(), Programme.objects.count())
    call_command("concord_demo", "--no-static", "--no-analytics", stdout=io.StringIO())
    assert (Contract.objects.count(), KPI.objects.count(), Programme.objects.count()) == counts
    pathway = Programme.objects.get(slug="wigan-dementia").pathways.published().get()
    assert pathway.stages.count() == 5
    team = {m.on_behalf_of.code for m in Programme.objects.get().team.all()}
    assert {"02H", "RRF", "RY2", "RTV", "LA-WIGAN"} <= team


def test_the_demo_leaves_exactly_one_commitment_uncarried(demo):
    (gap,) = traceability.uncarried_commitments()
    assert gap.party.code == GAP
    wigan = Commitment.objects.filter(agreement__forum__slug="wigan-borough-clinical-senate")
    for party in ("RRF", "RY2", "RTV", "LA-WIGAN"):
        carried = traceability.contracts_carrying(wigan.get(party__code=party))
        assert carried.exists(), party
    assert not traceability.unbacked_kpis().exists()


def test_a_contract_page_links_each_kpi_to_commitment_agreement_and_decision(demo, client):
    kpi = KPI.objects.get(contract__reference="WIG-NHSSC-RRF-21", code="DEM-1")
    agreement = kpi.commitment.agreement
    html = page(client, UserFactory(role="viewer"), f"/contracts/{kpi.contract.reference}/")
    assert f'href="/contracts/commitments/{kpi.commitment.pk}/"' in html
    assert f'href="/governance/agreements/{agreement.pk}/"' in html
    assert f'href="/governance/meetings/{agreement.decision.meeting_id}/#decisions"' in html
    assert "Shown only to the commissioners and providers" in html


def test_values_show_to_a_member_of_the_commissioner(demo, client):
    user = Person.objects.get(name="Jules Fictitious").user
    html = page(client, user, "/contracts/WIG-S75-BCF-21/")
    assert "£30,000,000" in html and "£21,000,000 a year" in html


def test_the_commitment_page_lists_the_contracts_that_carry_it(demo, client):
    viewer = UserFactory(role="viewer")
    carried = Commitment.objects.get(party__code="RTV", agreement__forum__slug__startswith="wigan")
    html = page(client, viewer, f"/contracts/commitments/{carried.pk}/")
    assert "WIG-NHSSC-RTV-21" in html and "Not carried by any contract" not in html
    gap = Commitment.objects.get(party__code=GAP)
    assert "Not carried by any contract" in page(
        client, viewer, f"/contracts/commitments/{gap.pk}/"
    )


def test_the_traceability_obligations_and_programme_pages(demo, client):
    viewer = UserFactory(role="viewer")
    report = page(client, viewer, "/contracts/traceability/?months=12")
    assert "1 gap found" in report and "Ashton, Golborne and Lowton" in report
    owes = page(client, viewer, "/contracts/obligations/RTV/")
    assert "MAS-2" in owes and "Provide the specialist memory assessment service" in owes
    programme = page(client, viewer, "/programmes/wigan-dementia/")
    assert "WIG-NHSSC-RRF-21" in programme and "Casey Illustra" in programme
    onapage = page(client, viewer, "/programmes/wigan-dementia/pathway/1/on-a-page/")
    assert onapage.count('class="concord-stage"') == 5 and "@media print" in onapage
