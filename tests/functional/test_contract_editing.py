"""A contract changed in Chromium: an editor of its commissioner adds a KPI serving a commitment
of the agreed strategy, then records a variation justified by the senate's agreed decision; the
contract page shows both."""

import datetime as dt

import pytest

from concord.contracts.forms import commitment_label, decision_label
from concord.contracts.models import KPI, Contract, Variation
from tests.functional.conftest import table_after
from tests.functional.dates import fill_date
from tests.integration.contracting import acute_contract, build_world

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]


def test_an_editor_adds_a_kpi_and_records_a_variation(signed_in, missing_files):
    world = build_world()
    contract = acute_contract(world)
    commitment = world.commitment_of(world.acute)
    page = signed_in(world.ccg_editor, f"/contracts/{contract.reference}/")

    form = page.locator("#add-kpi form")
    form.get_by_role("button", name="Add the KPI").click()  # nothing filled in
    summary = page.locator(".nhsuk-error-summary")
    assert "Enter the KPI's number" in summary.inner_text()
    summary.get_by_role("link", name="Choose the commitment the KPI serves").click()
    assert page.evaluate("document.activeElement.id") == "id_commitment"

    form.get_by_label("KPI number").fill("DEM-2")
    form.get_by_label("Name of the KPI").fill("Diagnosis within six weeks")
    form.get_by_label("Indicator").select_option(label=world.indicator.title)
    form.get_by_label("At least").check()
    form.get_by_label("Threshold").fill("66.7")
    form.get_by_label("Quarterly").check()
    form.get_by_label("Consequence of a breach").fill("Remedial action plan")
    form.get_by_label("Commitment it serves").select_option(label=commitment_label(commitment))
    form.get_by_role("button", name="Add the KPI").click()
    page.get_by_text("KPI DEM-2 added: Diagnosis within six weeks").wait_for()
    kpis = page.locator("#kpis")
    assert "Diagnosis within six weeks" in kpis.inner_text()
    assert f"Commitment of {world.acute.name}" in kpis.inner_text()
    assert KPI.objects.get().commitment == commitment

    form = page.locator("#vary form")
    form.get_by_label("What the variation changes").fill("Extended by a year")
    fill_date(form, "Takes effect from", dt.date(2023, 4, 1))
    fill_date(form, "New end date (optional)", dt.date(2025, 3, 31))
    form.get_by_role("button", name="Record the variation").click()  # no decision chosen
    summary = page.locator(".nhsuk-error-summary")
    assert "A variation is justified by an agreed decision of a forum." in summary.inner_text()
    assert not Variation.objects.exists()

    form = page.locator("#vary form")
    assert form.get_by_label("What the variation changes").input_value() == "Extended by a year"
    form.get_by_label("The agreed decision that justifies it").select_option(
        label=decision_label(world.decision)
    )
    form.get_by_role("button", name="Record the variation").click()
    page.get_by_text("Variation 1 recorded: Extended by a year").wait_for()
    assert "31 March 2025" in page.locator("#summary").inner_text()
    assert "Dementia strategy" in table_after(page, "variations").inner_text()
    assert Contract.objects.get().variations.get().decision == world.decision
    assert missing_files == []
