"""A pooled budget changed in Chromium: an editor of its commissioner adds a partner's
contribution, is told when the year is not a financial year, and sees it in the pool."""

import pytest

from concord.contracts.models import Contribution
from tests.integration.contracting import acute_contract, build_world

pytestmark = [pytest.mark.functional, pytest.mark.django_db(transaction=True)]


def test_an_editor_adds_a_contribution(signed_in, missing_files):
    world = build_world()
    pool = acute_contract(
        world,
        reference="S75-1",
        title="Better Care Fund pooled budget",
        kind="section_75",
        providers=[world.council],
        commissioners={world.ccg: None},
        annual_value=None,
    )
    page = signed_in(world.ccg_editor, f"/contracts/{pool.reference}/")

    form = page.locator("#add-contribution form")
    form.get_by_label("Partner").select_option(label=world.council.name)
    form.get_by_label("Financial year").fill("2021")
    form.get_by_label("Amount in pounds").fill("£250,000")
    form.get_by_role("button", name="Add the contribution").click()
    summary = page.locator(".nhsuk-error-summary")
    summary.get_by_role("link", name="A financial year is written like 2021-22").click()
    assert page.evaluate("document.activeElement.id") == "id_contribution_year"
    assert not Contribution.objects.exists()

    form = page.locator("#add-contribution form")
    assert form.get_by_label("Amount in pounds").input_value() == "£250,000"
    form.get_by_label("Financial year").fill("2021-22")
    form.get_by_role("button", name="Add the contribution").click()
    page.get_by_text(f"Contribution of {world.council.name} for 2021-22 added").wait_for()
    assert "£250,000" in page.locator("#contributions").inner_text()
    assert Contribution.objects.get().partner == world.council
    assert missing_files == []
