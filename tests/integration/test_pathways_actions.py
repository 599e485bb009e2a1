"""Programmes with dated teams, and versioned pathways: drafted, published, retired; publishing a
new version keeps the old readable; only a draft changes; the pathway on a page reads the data."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from concord.indicators.models import Measurement, Period
from concord.pathways import actions
from concord.pathways.errors import NotAllowed, PathwayError
from concord.pathways.models import Pathway, Stage, TeamMember
from concord.pathways.onapage import MEETS, MISSES, NO_DATA, on_a_page
from concord.stats.disclosure import SUPPRESSED
from tests.factories import PersonFactory
from tests.integration.contracting import build_world, dementia_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def programme(world):
    return dementia_programme(world)


def stage(world, pathway, name, orgs, **more):
    return actions.add_stage(
        by=world.ccg_editor,
        pathway=pathway,
        name=name,
        standard=f"{name} done well",
        responsible=orgs,
        **more,
    )


def test_only_editors_of_the_lead_organisation_change_a_programme(world, programme):
    with pytest.raises(NotAllowed):
        actions.draft_pathway(by=world.outsider_editor, programme=programme, title="P")
    with pytest.raises(NotAllowed):
        actions.draft_pathway(by=world.ccg_viewer, programme=programme, title="P")
    with pytest.raises(NotAllowed):
        actions.create_programme(
            by=world.outsider_editor, name="X", condition="copd", lead_organisation=world.ccg
        )


def test_a_team_drawn_from_several_organisations_with_dated_memberships(world, programme):
    for org in (world.acute, world.council, world.mental_health):
        actions.add_team_member(
            by=world.ccg_editor,
            programme=programme,
            person=PersonFactory(),
            on_behalf_of=org,
            role="Lead",
            start=dt.date(2021, 4, 1),
        )
    leaver = programme.team.get(on_behalf_of=world.council)
    actions.end_team_membership(by=world.ccg_editor, member=leaver, end=dt.date(2022, 3, 31))
    in_force = TeamMember.objects.in_force(dt.date(2022, 6, 1)).filter(programme=programme)
    assert {m.on_behalf_of for m in in_force} == {world.acute, world.mental_health}
    with pytest.raises(PathwayError):
        actions.end_team_membership(by=world.ccg_editor, member=leaver, end=dt.date(2020, 1, 1))


def test_publishing_a_new_version_retires_the_old_one_which_stays_readable(world, programme):
    first = actions.draft_pathway(by=world.ccg_editor, programme=programme, title="Dementia")
    with pytest.raises(PathwayError, match="at least one stage"):
        actions.publish_pathway(by=world.ccg_editor, pathway=first)
    stage(world, first, "Diagnosis", [world.mental_health])
    stage(world, first, "Support", [world.council])
    actions.publish_pathway(by=world.ccg_editor, pathway=first, on=dt.date(2021, 5, 1))
    with pytest.raises(PathwayError, match="draft a new version"):
        stage(world, first, "Late", [world.acute])
    second = actions.draft_pathway(by=world.ccg_editor, programme=programme, title="Dementia")
    assert [s.name for s in second.stages.all()] == ["Diagnosis", "Support"]
    actions.remove_stage(by=world.ccg_editor, stage=second.stages.get(order=1))
    assert [(s.order, s.name) for s in second.stages.all()] == [(1, "Support")]
    actions.publish_pathway(by=world.ccg_editor, pathway=second, on=dt.date(2022, 5, 1))
    first.refresh_from_db()
    assert first.status == "retired" and first.retired_on == dt.date(2022, 5, 1)
    assert [s.name for s in first.stages.all()] == ["Diagnosis", "Support"]
    assert list(programme.pathways.published()) == [second]


def test_the_database_allows_one_published_version_and_ordered_stages(world, programme):
    one = Pathway.objects.create(
        programme=programme, number=1, title="a", status="published", published_on=dt.date.today()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Pathway.objects.create(
            programme=programme,
            number=2,
            title="b",
            status="published",
            published_on=dt.date.today(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Pathway.objects.create(programme=programme, number=3, title="c", status="published")
    Stage.objects.create(pathway=one, order=1, name="s", standard="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.create(pathway=one, order=1, name="t", standard="y")


def measure(world, org, label, value):
    period = Period.objects.create(
        period_type="month",
        label=label,
        start=dt.date.fromisoformat(f"{label}-01"),
        end=dt.date.fromisoformat(f"{label}-28"),
    )
    Measurement.objects.create(
        indicator=world.indicator, organisation=org, period=period, value=value
    )


def test_the_pathway_on_a_page_shows_the_latest_value_against_the_target(world, programme):
    pathway = actions.draft_pathway(by=world.ccg_editor, programme=programme, title="Dementia")
    commitment = world.commitment_of(world.ccg)
    commitment.indicators.add(world.indicator)
    stage(
        world,
        pathway,
        "Diagnosis",
        [world.mental_health],
        indicators=[world.indicator],
        commitments=[commitment],
    )
    stage(world, pathway, "Support", [world.council], indicators=[world.indicator])
    measure(world, world.ccg, "2021-01", 70.0)
    measure(world, world.ccg, "2021-02", 60.0)
    cards = on_a_page(pathway)
    assert [c.stage.name for c in cards] == ["Diagnosis", "Support"]
    reading = cards[0].readings[0]
    assert reading.measurement.period.label == "2021-02"
    assert reading.target == commitment.target and reading.status == MISSES
    assert cards[1].readings[0].target == world.indicator.national_target
    measure(world, world.council, "2020-12", 67.0)
    assert on_a_page(pathway)[1].readings[0].status == MEETS
    Measurement.objects.all().delete()
    assert on_a_page(pathway)[0].readings[0].status == NO_DATA


def test_the_pathway_on_a_page_withholds_a_value_from_too_few_people(world, programme, client):
    """A value from 3 of 40 people is shown as * to everyone but an analyst (disclosure
    control), on the page's readings as in the API."""
    pathway = actions.draft_pathway(by=world.ccg_editor, programme=programme, title="Dementia")
    stage(world, pathway, "Diagnosis", [world.mental_health], indicators=[world.indicator])
    measure(world, world.ccg, "2021-01", 7.5)
    Measurement.objects.update(numerator=3, denominator=40)
    (reading,) = on_a_page(pathway)[0].readings
    assert reading.suppressed and reading.value == SUPPRESSED
    client.force_login(world.ccg_viewer)
    address = reverse("pathways:on-a-page", args=[programme.slug, pathway.number])
    page = client.get(address).content.decode()
    assert '<strong title="withheld' in page and 'id="withheld"' in page
    assert "<strong>7.5" not in page
    (reading,) = on_a_page(pathway, analyst=True)[0].readings
    assert not reading.suppressed and reading.value == 7.5
    Measurement.objects.update(numerator=30, denominator=400, value=7.5)
    (reading,) = on_a_page(pathway)[0].readings
    assert not reading.suppressed and reading.value == pytest.approx(7.5)
