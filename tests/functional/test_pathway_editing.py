"""A programme's pathway changed in Chromium: an editor of the lead organisation drafts the first
version from the programme page, adds a stage with its responsible organisation, indicator and
commitment, and publishes it; the programme page then shows it as the published pathway."""

import pytest

from concord.pathways import actions
from concord.pathways.models import Pathway
from tests.integration.contracting import build_world

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]


def test_an_editor_drafts_a_version_adds_a_stage_and_publishes_it(signed_in, missing_files):
    world = build_world()
    programme = actions.create_programme(
        by=world.ccg_editor,
        name="Dementia",
        condition="dementia",
        lead_organisation=world.ccg,
        agreements=[world.agreement],
    )
    commitment = world.commitment_of(world.mental_health)
    commitment.indicators.add(world.indicator)  # so the programme's own indicators list it first
    page = signed_in(world.ccg_editor, f"/programmes/{programme.slug}/")

    page.get_by_label("Title").fill("Dementia pathway")
    page.get_by_label("Summary (optional)").fill("The stages of the dementia strategy.")
    page.get_by_role("button", name="Draft a new version").click()
    page.get_by_text("Version 1 drafted").wait_for()
    assert "Draft" in page.locator("#status").inner_text()

    form = page.locator("#add-stage form")
    form.get_by_role("button", name="Add the stage").click()  # nothing filled in
    summary = page.locator(".nhsuk-error-summary")
    assert "Enter the name of the stage" in summary.inner_text()
    summary.get_by_role("link", name="Choose at least one organisation").click()
    assert page.evaluate("document.activeElement.id") == "id_responsible-1"

    form.get_by_label("Name of the stage").fill("Diagnosing well")
    form.get_by_label("Standard").fill("Two in three people with dementia are diagnosed.")
    form.get_by_label(world.mental_health.name, exact=True).check()
    assert form.get_by_text("Other indicators").is_visible()
    form.get_by_label(world.indicator.title, exact=True).check()
    form.get_by_label(f"{commitment.party.name}: {commitment.what}").check()
    form.get_by_role("button", name="Add the stage").click()
    page.get_by_text("Stage 1 added: Diagnosing well").wait_for()
    stage = page.locator("#stage-1")
    assert world.mental_health.name in stage.inner_text()
    assert world.indicator.title in stage.inner_text()

    page.get_by_role("button", name="Publish this version").click()
    page.get_by_text("Version 1 published").wait_for()
    assert "Published" in page.locator("#status").inner_text()
    assert page.locator("#add-stage").count() == 0
    assert Pathway.objects.get().status == "published"

    page.locator(".nhsuk-breadcrumb").get_by_role("link", name="Dementia", exact=True).click()
    assert page.get_by_role("link", name="Dementia pathway, version 1").is_visible()
    assert missing_files == []
