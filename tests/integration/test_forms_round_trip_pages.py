"""The other forms with a date give back what they show: the directory's filters and the
organisation page's as-at date (a link's ISO date shown in the day, month and year boxes, and the
boxes submitted as shown give the same page), and a contract's variation shown back after a
mistake, then posted as shown with the mistake put right; and a pathway's next draft, which
starts from the latest version's title and summary."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.contracts.models import Contract, Variation
from concord.organisations.models import Kind
from concord.pathways import actions as pathways
from tests.factories import CCGFactory, PracticeFactory, RelationshipFactory
from tests.integration.contracting import acute_contract, build_world, dementia_programme
from tests.integration.page_forms import rendered_date, rendered_form, submitted_as_rendered

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
ON = dt.date(2019, 12, 1)


@pytest.fixture
def ccg():
    found = CCGFactory(code="02S", name="NHS South CCG")
    RelationshipFactory(child=PracticeFactory(code="P81001"), parent=found, start=ON)
    return found


def shown_again(client, url: str, params: dict):
    """The page for the params, then the page its form gives when submitted as shown."""
    first = client.get(url, params)
    form = rendered_form(first.content.decode(), "as_at_day")
    return first, form, client.get(url, form)


def test_the_directory_filters_submitted_as_shown_give_the_same_list(client, viewer, ccg):
    client.force_login(viewer)
    params = {"kind": Kind.PRACTICE, "within": "02S", "as_at": ON.isoformat(), "status": "open"}

    first, form, again = shown_again(client, reverse("organisations"), params)

    assert rendered_date(form, "as_at") == ON
    assert (form["kind"], form["within"], form["status"]) == (Kind.PRACTICE, "02S", "open")
    assert again.context["as_at"] == first.context["as_at"] == ON
    codes = [o.code for o in again.context["page"].object_list]
    assert codes == [o.code for o in first.context["page"].object_list] == ["P81001"]


def test_the_organisation_page_as_at_submitted_as_shown_gives_the_same_date(client, viewer, ccg):
    client.force_login(viewer)
    url = reverse("organisation", args=["02S"])

    first, form, again = shown_again(client, url, {"as_at": ON.isoformat()})

    assert rendered_date(form, "as_at") == ON
    assert again.context["as_at"] == first.context["as_at"] == ON
    assert "nhsuk-error-summary" not in again.content.decode()


def test_an_impossible_as_at_date_is_named_in_the_error_summary(client, viewer, ccg):
    client.force_login(viewer)
    params = {"as_at_day": "31", "as_at_month": "2", "as_at_year": "2020"}
    html = client.get(reverse("organisations"), params).content.decode()
    assert "The as-at date must be a real date" in html and 'href="#id_as_at"' in html


@pytest.fixture
def world():
    found = build_world()
    found.contract = acute_contract(found)
    return found


def test_a_variation_shown_back_after_a_mistake_keeps_its_dates(client, world):
    client.force_login(world.ccg_editor)
    url = reverse("contracts:contract", args=[world.contract.reference])
    typed = {
        "change": "vary",
        "description": "Extended by a year",
        "effective_from_day": "1",
        "effective_from_month": "4",
        "effective_from_year": "2023",
        "decision": "",
        "new_end_day": "31",
        "new_end_month": "3",
        "new_end_year": "2025",
    }
    shown = rendered_form(client.post(url, typed).content.decode(), "new_end_day")

    assert client.post(url, {**shown, "decision": world.decision.pk}).status_code == 302
    assert Variation.objects.get().effective_from == dt.date(2023, 4, 1)
    assert Contract.objects.get().end == dt.date(2025, 3, 31)


def test_a_pathway_draft_posted_as_shown_starts_from_the_latest_version(client, world):
    programme = dementia_programme(world)
    summary = "For people with dementia and their carers.\nDiagnosis, then support at home."
    first = pathways.draft_pathway(
        by=world.ccg_editor, programme=programme, title="Dementia pathway", summary=summary
    )
    pathways.add_stage(
        by=world.ccg_editor,
        pathway=first,
        name="Diagnosing well",
        standard="Within six weeks",
        responsible=[world.mental_health],
    )
    pathways.publish_pathway(by=world.ccg_editor, pathway=first)
    client.force_login(world.ccg_editor)
    url = reverse("pathways:programme", args=[programme.slug])

    assert submitted_as_rendered(client, url, "title").status_code == 302
    draft = programme.pathways.get(number=2)
    assert (draft.title, draft.summary) == (first.title, first.summary)
    assert [s.name for s in draft.stages.all()] == ["Diagnosing well"]
