"""Changing a programme's pathway through its pages: an editor of the lead organisation drafts a
version, adds and removes stages and publishes it, which retires the version before; viewers and
other editors see no controls and are refused; a bad form or a change the rules refuse is
summarised above the form (400) and writes nothing."""

import pytest
from django.urls import reverse

from concord.pathways import actions
from concord.pathways.models import Pathway, Stage
from tests.factories import UserFactory
from tests.integration.contracting import build_world, dementia_programme
from tests.integration.page_forms import followed, main, summary

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def programme(world):
    return dementia_programme(world)


@pytest.fixture
def editor(client, world):
    client.force_login(world.ccg_editor)
    return client


def programme_url(programme):
    return reverse("pathways:programme", args=[programme.slug])


def pathway_url(pathway):
    return reverse("pathways:pathway", args=[pathway.programme.slug, pathway.number])


def draft(world, programme, title="Dementia pathway"):
    return actions.draft_pathway(by=world.ccg_editor, programme=programme, title=title)


def stage_data(world, name="Diagnosing well", **more) -> dict:
    return {
        "transition": "add-stage",
        "name": name,
        "standard": f"{name}, as the strategy says",
        "responsible": [world.mental_health.pk],
        **more,
    }


def test_an_editor_drafts_adds_and_removes_stages_and_publishes(editor, world, programme):
    page = editor.get(programme_url(programme)).content.decode()
    assert "Draft a new version" in page and 'name="title"' in page

    response = editor.post(
        programme_url(programme), {"title": "Dementia pathway", "summary": "Five stages"}
    )

    first = Pathway.objects.get()
    assert response.url == pathway_url(first)
    assert (first.number, first.title, first.summary, first.status) == (
        1,
        "Dementia pathway",
        "Five stages",
        "draft",
    )
    page = followed(editor, response)
    assert "Version 1 drafted" in page and "Add a stage" in page
    assert world.mental_health.name in page and world.indicator.title in page
    page = editor.get(programme_url(programme)).content.decode()
    assert "Continue version 1" in page and 'name="title"' not in page

    commitment = world.commitment_of(world.mental_health)
    data = stage_data(
        world, indicators=[world.indicator.pk], commitments=[commitment.pk], other_organisation=""
    )
    page = followed(editor, editor.post(pathway_url(first), data))
    assert "Stage 1 added: Diagnosing well" in page
    diagnosis = first.stages.get()
    assert list(diagnosis.responsible.all()) == [world.mental_health]
    assert list(diagnosis.indicators.all()) == [world.indicator]
    assert list(diagnosis.commitments.all()) == [commitment]
    assert diagnosis.history.first().history_user == world.ccg_editor

    support = stage_data(world, "Supporting well", responsible=[world.council.pk])
    support["other_organisation"] = world.acute.code.lower()  # not in the list: by its code
    assert editor.post(pathway_url(first), support).status_code == 302
    assert {o.name for o in first.stages.get(order=2).responsible.all()} == {
        world.council.name,
        world.acute.name,
    }

    removing = {"transition": "remove-stage", "stage": diagnosis.pk}
    page = followed(editor, editor.post(pathway_url(first), removing))
    assert "Stage 1 removed: Diagnosing well" in page
    assert [(s.order, s.name) for s in first.stages.all()] == [(1, "Supporting well")]

    page = followed(editor, editor.post(pathway_url(first), {"transition": "publish"}))
    first.refresh_from_db()
    assert first.status == "published" and "Version 1 published" in page
    assert "Add a stage" not in page and "Retire this version" in page

    # the next version starts from the published one, which it retires when published
    page = editor.get(programme_url(programme)).content.decode()
    assert 'value="Dementia pathway"' in page and "Five stages" in page
    response = editor.post(programme_url(programme), {"title": "Dementia pathway", "summary": ""})
    second = Pathway.objects.get(number=2)
    assert response.url == pathway_url(second)
    assert [s.name for s in second.stages.all()] == ["Supporting well"]
    page = followed(editor, editor.post(pathway_url(second), {"transition": "publish"}))
    assert "Version 2 published. Version 1 is retired and stays readable" in page
    first.refresh_from_db()
    assert first.status == "retired" and [s.name for s in first.stages.all()] == ["Supporting well"]


def test_the_published_version_is_retired(editor, world, programme):
    pathway = draft(world, programme)
    actions.add_stage(
        by=world.ccg_editor, pathway=pathway, name="S", standard="x", responsible=[world.ccg]
    )
    actions.publish_pathway(by=world.ccg_editor, pathway=pathway)
    page = followed(editor, editor.post(pathway_url(pathway), {"transition": "retire"}))
    pathway.refresh_from_db()
    assert pathway.status == "retired" and "Version 1 retired" in page
    assert "Retire this version" not in page


@pytest.mark.parametrize("who", ["ccg_viewer", "outsider_editor"])
def test_viewers_and_other_editors_see_no_controls_and_are_refused(client, world, programme, who):
    pathway = draft(world, programme)
    stage = actions.add_stage(
        by=world.ccg_editor, pathway=pathway, name="S", standard="x", responsible=[world.ccg]
    )
    client.force_login(getattr(world, who))
    for url in (programme_url(programme), pathway_url(pathway)):
        response = client.get(url)
        assert response.status_code == 200
        html = main(response.content.decode())
        assert "<form" not in html
        for control in ("Draft a new version", "Add a stage", "Remove", "Publish this version"):
            assert control not in html

    assert client.post(programme_url(programme), {"title": "Mine"}).status_code == 403
    for data in [
        stage_data(world),
        {"transition": "remove-stage", "stage": stage.pk},
        {"transition": "publish"},
        {"transition": "retire"},
    ]:
        assert client.post(pathway_url(pathway), data).status_code == 403
    pathway.refresh_from_db()
    assert Pathway.objects.count() == 1 and pathway.status == "draft"
    assert list(pathway.stages.all()) == [stage]


def test_an_administrator_holding_no_post_in_the_lead_sees_no_controls(client, world, programme):
    draft(world, programme)
    client.force_login(UserFactory(role="admin"))
    assert "Add a stage" not in client.get(pathway_url(programme.pathways.get())).content.decode()


def test_a_bad_stage_is_summarised_and_nothing_is_written(editor, world, programme):
    pathway = draft(world, programme)
    data = stage_data(world, name="", responsible=[], standard="Typed and kept")

    response = editor.post(pathway_url(pathway), data)

    html = response.content.decode()
    assert response.status_code == 400 and "<title>Error: " in html
    found = summary(html)
    assert 'href="#id_name"' in found and "Enter the name of the stage" in found
    assert 'href="#id_responsible-1"' in found
    assert "Choose at least one organisation responsible for the stage" in found
    assert 'id="id_responsible-1"' in html and "nhsuk-form-group--error" in html
    assert "Typed and kept" in html
    assert not Stage.objects.exists()

    data = stage_data(world, other_organisation="NOSUCH")
    response = editor.post(pathway_url(pathway), data)
    assert response.status_code == 400
    assert "No organisation has the code NOSUCH" in summary(response.content.decode())
    assert not Stage.objects.exists()


def test_an_organisation_outside_the_choices_is_refused(editor, world, programme):
    pathway = draft(world, programme)
    stranger = UserFactory(role="viewer")  # any pk that is not an organisation of the programme
    data = stage_data(world, responsible=[stranger.pk + 10_000])
    response = editor.post(pathway_url(pathway), data)
    assert response.status_code == 400 and not Stage.objects.exists()


def test_publishing_a_draft_with_no_stages_shows_why(editor, world, programme):
    pathway = draft(world, programme)
    response = editor.post(pathway_url(pathway), {"transition": "publish"})
    html = response.content.decode()
    assert response.status_code == 400
    found = summary(html)
    assert "A pathway needs at least one stage before it is published." in found
    assert 'href="#publish"' in found
    pathway.refresh_from_db()
    assert pathway.status == "draft"


def test_changes_the_rules_refuse_are_shown_on_the_page(editor, world, programme):
    pathway = draft(world, programme)
    response = editor.post(programme_url(programme), {"title": "Another"})
    assert response.status_code == 400
    assert "already has a draft pathway" in summary(response.content.decode())
    assert Pathway.objects.count() == 1

    response = editor.post(programme_url(programme), {"title": ""})
    assert response.status_code == 400
    assert "Enter the title of the new version" in summary(response.content.decode())

    actions.add_stage(
        by=world.ccg_editor, pathway=pathway, name="S", standard="x", responsible=[world.ccg]
    )
    actions.publish_pathway(by=world.ccg_editor, pathway=pathway)
    response = editor.post(pathway_url(pathway), stage_data(world))
    assert response.status_code == 400
    assert "Version 1 is published: draft a new version to change it." in summary(
        response.content.decode()
    )
    assert pathway.stages.count() == 1

    other = draft(world, programme)
    stage_of_other = other.stages.get()
    removing = {"transition": "remove-stage", "stage": stage_of_other.pk}
    response = editor.post(pathway_url(pathway), removing)
    assert response.status_code == 400
    assert "That stage is no longer in this version" in summary(response.content.decode())
    assert editor.post(pathway_url(pathway), {"transition": "other"}).status_code == 400
