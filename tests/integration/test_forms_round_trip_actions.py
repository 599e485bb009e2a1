"""The forms without a date give back what they show too: each is read from its page as a
browser reads it and posted unchanged; a form that shows a current value (a contract's status
and renewal decision) changes nothing, and a form that adds something (a KPI, a position, a
decision) refuses the empty post by its fields and writes nothing."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.integration.contracting import acute_contract, build_world
from tests.integration.governance import (  # noqa: F401
    build_senate,
    dementia_proposal,
)
from tests.integration.page_forms import rendered_form

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
RECORDS = ("contracts", "governance", "pathways", "accountability")


def everything() -> dict:
    """Every row of the apps whose records these forms change, and of their history."""
    return {
        model._meta.label: sorted(map(str, model.objects.values_list()))
        for app in RECORDS
        for model in apps.get_app_config(app).get_models()
    }


def posted_as_shown(client, url, having):
    form = rendered_form(client.get(url).content.decode(), having)
    return form, client.post(url, form)


@pytest.fixture
def world():
    found = build_world()
    found.contract = acute_contract(found)
    return found


@pytest.mark.parametrize("change", ["status", "renewal"])
def test_a_contracts_current_values_posted_as_shown_change_nothing(client, world, change):
    client.force_login(world.ccg_editor)
    url = reverse("contracts:contract", args=[world.contract.reference])
    before = everything()
    form, response = posted_as_shown(client, url, change)
    assert form["change"] == change
    assert response.status_code in (200, 302, 400)
    if change == "status":  # said, not recorded as a change from active to active
        assert "already active: nothing to change" in response.content.decode()
    assert everything() == before


@pytest.mark.parametrize("change", ["add-kpi", "vary"])
def test_a_contracts_empty_forms_posted_as_shown_write_nothing(client, world, change):
    client.force_login(world.ccg_editor)
    url = reverse("contracts:contract", args=[world.contract.reference])
    before = everything()
    _, response = posted_as_shown(client, url, change)
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert everything() == before


@pytest.mark.parametrize("who,transition", [("rep", "position"), ("chair", "decide")])
def test_a_proposals_empty_forms_posted_as_shown_write_nothing(client, who, transition):
    senate = build_senate()
    proposal = dementia_proposal(senate)
    from concord.governance import actions

    actions.open_proposal(by=senate.editor, proposal=proposal)
    client.force_login(senate.rep(1) if who == "rep" else senate.chair)
    url = reverse("governance:proposal", args=[proposal.pk])
    before = everything()
    _, response = posted_as_shown(client, url, transition)
    assert response.status_code in (200, 400)
    assert "There is a problem" in response.content.decode()
    assert everything() == before


def test_a_pathways_empty_stage_form_posted_as_shown_writes_nothing(client, world):
    from concord.pathways import actions as pathways
    from tests.integration.contracting import dementia_programme

    programme = dementia_programme(world)
    pathway = pathways.draft_pathway(by=world.ccg_editor, programme=programme, title="Dementia")
    client.force_login(world.ccg_editor)
    url = reverse("pathways:pathway", args=[programme.slug, pathway.number])
    before = everything()
    _, response = posted_as_shown(client, url, "add-stage")
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert everything() == before
