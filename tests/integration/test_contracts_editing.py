"""Changing a contract through its page: an editor of a commissioner adds a KPI serving a
commitment in force, records a variation justified by an agreed decision, the decision on renewal
and the status; viewers and other editors see no forms and are refused; a bad form or a change
the rules refuse is summarised above the form (400), by the field it concerns, and writes
nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from concord.contracts.models import KPI, Contract, Variation
from concord.governance import actions as governance
from tests.factories import UserFactory
from tests.integration.contracting import acute_contract, build_world, serve
from tests.integration.governance import (
    OPENED,
    dementia_proposal,
)
from tests.integration.page_forms import followed, main, rendered_date, rendered_form, summary

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]

NOT_AGREED = "A variation is justified by an agreed decision of a forum."


@pytest.fixture
def world():
    found = build_world()
    found.contract = acute_contract(found)
    return found


@pytest.fixture
def editor(client, world):
    client.force_login(world.ccg_editor)
    return client


def contract_url(contract):
    return reverse("contracts:contract", args=[contract.reference])


def kpi_data(world, code="DEM-2", **more) -> dict:
    return {
        "change": "add-kpi",
        "code": code,
        "name": "Diagnosis within six weeks",
        "indicator": world.indicator.pk,
        "comparison": "at_least",
        "threshold": "66.7",
        "measurement_period": "quarter",
        "consequence": "Remedial action plan",
        "commitment": world.commitment_of(world.acute).pk,
        **more,
    }


def variation_data(world, **more) -> dict:
    return {
        "change": "vary",
        "description": "Extended by a year",
        "effective_from": "2023-04-01",
        "decision": world.decision.pk,
        "new_end": "2025-03-31",
        "new_annual_value": "",
        "new_status": "",
        "new_title": "",
        **more,
    }


def not_agreed_decision(world):
    """A decision of the senate not to agree a second proposal, at the same meeting."""
    proposal = dementia_proposal(world.senate)
    governance.open_proposal(by=world.senate.editor, proposal=proposal, on=OPENED)
    return governance.record_decision(
        by=world.senate.chair,
        meeting=world.decision.meeting,
        proposal=proposal,
        outcome="not_agreed",
    )


def test_an_editor_adds_a_kpi_serving_a_commitment_in_force(editor, world):
    page = editor.get(contract_url(world.contract)).content.decode()
    assert "Add a KPI" in page and 'name="commitment"' in page
    commitment = world.commitment_of(world.acute)
    assert f'<option value="{commitment.pk}">{commitment.party.name}: ' in page
    assert f'<option value="{world.indicator.pk}">{world.indicator.title}</option>' in page

    page = followed(editor, editor.post(contract_url(world.contract), kpi_data(world)))

    assert "KPI DEM-2 added: Diagnosis within six weeks" in page
    kpi = KPI.objects.get()
    assert (kpi.contract, kpi.code, kpi.indicator, kpi.commitment) == (
        world.contract,
        "DEM-2",
        world.indicator,
        commitment,
    )
    assert (kpi.threshold, kpi.comparison, kpi.measurement_period) == (66.7, "at_least", "quarter")
    assert kpi.history.first().history_user == world.ccg_editor
    assert f'id="kpi-{kpi.pk}"' in page


def test_an_editor_records_a_variation_justified_by_an_agreed_decision(editor, world):
    page = editor.get(contract_url(world.contract)).content.decode()
    assert "Record a variation" in page
    assert f'<option value="{world.decision.pk}">Dementia strategy: ' in page

    data = variation_data(world, new_annual_value="£1,200,000", new_title="Acute and memory")
    page = followed(editor, editor.post(contract_url(world.contract), data))

    assert "Variation 1 recorded: Extended by a year" in page
    variation = Variation.objects.get()
    assert (variation.number, variation.decision, variation.effective_from) == (
        1,
        world.decision,
        dt.date(2023, 4, 1),
    )
    assert variation.recorded_by == world.ccg_editor
    assert variation.changes["end"] == {"old": "2024-03-31", "new": "2025-03-31"}
    contract = Contract.objects.get()
    assert (contract.end, contract.annual_value, contract.title) == (
        dt.date(2025, 3, 31),
        Decimal("1200000"),
        "Acute and memory",
    )
    assert contract.party_links.get(organisation=world.ccg).share == Decimal("1200000")
    assert "£1,000,000 → £1,200,000" in page


def test_a_variation_without_an_agreed_decision_is_refused_with_the_actions_message(editor, world):
    response = editor.post(contract_url(world.contract), variation_data(world, decision=""))

    html = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in html
    found = summary(html)
    assert NOT_AGREED in found and 'href="#id_decision"' in found
    assert 'id="id_decision-error"' in html and "Extended by a year" in html
    typed = rendered_form(html, "new_annual_value")  # what was typed is kept
    assert rendered_date(typed, "new_end") == dt.date(2025, 3, 31)
    assert not Variation.objects.exists()
    assert Contract.objects.get().end == dt.date(2024, 3, 31)

    refused = not_agreed_decision(world)
    page = editor.get(contract_url(world.contract)).content.decode()
    assert (
        f'<option value="{refused.pk}">'
        not in page.split('id="id_decision"')[1].split("</select>")[0]
    )
    response = editor.post(contract_url(world.contract), variation_data(world, decision=refused.pk))
    assert response.status_code == 400
    assert "Choose an agreed decision from the list" in summary(response.content.decode())
    assert not Variation.objects.exists()


def test_the_decision_on_renewal_and_the_status(editor, world):
    refused = not_agreed_decision(world)
    data = {"change": "renewal", "renewal_decision": refused.pk}
    page = followed(editor, editor.post(contract_url(world.contract), data))
    recorded = (
        "Decision on renewal recorded: Dementia strategy: Test clinical senate, 10 March 2021"
    )
    assert f"{recorded} (not agreed)" in page
    assert "No decision on renewal yet" not in page and ": not agreed" in page
    assert Contract.objects.get().renewal_decision == refused

    page = followed(
        editor, editor.post(contract_url(world.contract), {"change": "status", "status": "ended"})
    )
    assert "Status changed to ended" in page
    assert Contract.objects.get().status == "ended"
    assert 'value="ended" checked' in page


@pytest.mark.parametrize("who", ["ccg_viewer", "acute_viewer", "outsider_editor"])
def test_viewers_and_other_editors_see_no_forms_and_are_refused(client, world, who):
    serve(world, world.contract, world.acute)
    client.force_login(getattr(world, who))
    response = client.get(contract_url(world.contract))
    assert response.status_code == 200
    html = main(response.content.decode())
    assert "<form" not in html
    for control in ("Add a KPI", "Record a variation", "Decision on renewal", "Change the status"):
        assert control not in html

    for data in [
        kpi_data(world),
        variation_data(world),
        {"change": "renewal", "renewal_decision": world.decision.pk},
        {"change": "status", "status": "ended"},
        {"change": "other"},
    ]:
        assert client.post(contract_url(world.contract), data).status_code == 403
    contract = Contract.objects.get()
    assert (contract.end, contract.status, contract.renewal_decision) == (
        dt.date(2024, 3, 31),
        "active",
        None,
    )
    assert KPI.objects.count() == 1 and not Variation.objects.exists()


def test_an_administrator_holding_no_post_in_a_commissioner_sees_no_forms(client, world):
    client.force_login(UserFactory(role="admin"))
    html = client.get(contract_url(world.contract)).content.decode()
    assert "Add a KPI" not in html and "Record a variation" not in html
    assert 'name="new_annual_value"' not in html


def test_a_bad_kpi_is_summarised_and_nothing_is_written(editor, world):
    data = kpi_data(world, code="", threshold="lots", commitment="", consequence="Typed and kept")

    response = editor.post(contract_url(world.contract), data)

    html = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in html
    found = summary(html)
    assert 'href="#id_code"' in found and "Enter the KPI&#x27;s number" in found
    assert 'href="#id_threshold"' in found and "Enter the threshold as a number" in found
    assert 'href="#id_commitment"' in found and "Choose the commitment the KPI serves" in found
    assert "nhsuk-form-group--error" in html and 'value="lots"' in html
    assert "Typed and kept" in html and 'value="quarter" checked' in html
    assert not KPI.objects.exists()

    response = editor.post(contract_url(world.contract), kpi_data(world, measurement_period=""))
    assert response.status_code == 400
    assert 'href="#measurement_period-1"' in summary(response.content.decode())
    assert not KPI.objects.exists()


def test_kpis_the_rules_refuse_are_shown_by_their_field(editor, world):
    serve(world, world.contract, world.acute, code="DEM-2")
    response = editor.post(contract_url(world.contract), kpi_data(world))
    html = response.content.decode()
    assert response.status_code == 400
    found = summary(html)
    assert "NHSSC-2122-001 already has a KPI DEM-2." in found and 'href="#id_code"' in found
    assert 'id="id_code-error"' in html
    assert KPI.objects.count() == 1


def test_variations_the_rules_refuse_write_nothing(editor, world):
    data = variation_data(world, new_end="2020-01-01")
    response = editor.post(contract_url(world.contract), data)
    html = response.content.decode()
    assert response.status_code == 400
    found = summary(html)
    assert "A contract ends on or after the day it starts." in found
    assert 'href="#id_new_end"' in found
    assert "1 April 2021 to 31 March 2024" in html  # the page shows the contract as stored
    assert Contract.objects.get().end == dt.date(2024, 3, 31)
    assert not Variation.objects.exists()

    data = variation_data(world, description="", effective_from="31/02/2023")
    response = editor.post(contract_url(world.contract), data)
    found = summary(response.content.decode())
    assert response.status_code == 400
    assert "Say what the variation changes" in found
    assert "The date the variation takes effect must be a real date" in found
    assert not Variation.objects.exists()


def test_a_value_split_between_commissioners_is_not_varied_here(editor, world):
    Contract.objects.all().delete()
    contract = acute_contract(world, commissioners={world.ccg: 700_000, world.council: 300_000})
    data = variation_data(world, new_annual_value="1200000")
    response = editor.post(contract_url(contract), data)
    assert response.status_code == 400
    found = summary(response.content.decode())
    assert "split between commissioners" in found and 'href="#id_new_annual_value"' in found
    contract.refresh_from_db()
    assert (contract.annual_value, contract.end) == (Decimal("1000000"), dt.date(2024, 3, 31))
    shares = sorted(p.share for p in contract.party_links.filter(role="commissioner"))
    assert shares == [Decimal("300000"), Decimal("700000")]
    assert not Variation.objects.exists()


def test_an_unknown_change_is_a_bad_request(editor, world):
    assert editor.post(contract_url(world.contract), {"change": "other"}).status_code == 400
    assert editor.post(contract_url(world.contract), {}).status_code == 400
