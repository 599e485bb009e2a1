"""The programmes API: programmes with their teams, pathway versions with their stages, and the
pathway on a page (latest value and status of each stage's indicators).

Reading needs the viewer role. Writes call the same actions as the pages: only editors holding a
post in the programme's lead organisation start it, change its team, and draft, change, publish
and retire its pathways; refused is 403, invalid is 409, an unknown organisation, person or record
404, input that does not fit the schema 422.
"""

import datetime as dt

from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate
from ninja import Field, Router, Schema, Status

from concord.access.roles import is_analyst
from concord.api.acting import REFUSED, act, organisation
from concord.api.bounds import Id
from concord.api.schemas import Error, OrganisationRef
from concord.governance.models import Commitment
from concord.indicators.models import Indicator
from concord.organisations.models import Person

from . import actions
from .models import Condition, Pathway, Programme, Stage, TeamMember
from .onapage import on_a_page

router = Router(tags=["programmes"])


class TeamMemberOut(Schema):
    id: int
    person: str = Field(alias="person.name")
    on_behalf_of: OrganisationRef
    role: str
    start: dt.date
    end: dt.date | None


class StageOut(Schema):
    order: int
    name: str
    standard: str
    responsible: list[OrganisationRef] = Field(alias="responsible.all")
    indicators: list[str]
    commitments: list[int]

    @staticmethod
    def resolve_indicators(obj) -> list[str]:
        return [i.code for i in obj.indicators.all()]

    @staticmethod
    def resolve_commitments(obj) -> list[int]:
        return [c.pk for c in obj.commitments.all()]


class PathwayOut(Schema):
    programme: str = Field(alias="programme.slug")
    number: int
    title: str
    summary: str
    status: str
    published_on: dt.date | None
    retired_on: dt.date | None
    stages: list[StageOut] = Field(alias="stages.all")


def team_today(members):
    return members.in_force(localdate()).select_related("person", "on_behalf_of")


class ProgrammeOut(Schema):
    slug: str
    name: str
    condition: str
    population: str
    lead_organisation: OrganisationRef
    agreements: list[int]
    team: list[TeamMemberOut]
    pathways: list[int]

    @staticmethod
    def resolve_agreements(obj) -> list[int]:
        return [a.pk for a in obj.agreements.all()]

    @staticmethod
    def resolve_team(obj):
        if hasattr(obj, "team_today"):  # read with the list, for every programme at once
            return obj.team_today
        return team_today(obj.team)

    @staticmethod
    def resolve_pathways(obj) -> list[int]:
        return [p.number for p in obj.pathways.all()]


class ReadingOut(Schema):
    indicator: str = Field(alias="indicator.code")
    organisation: str | None = None
    period: str | None = None
    value: float | str | None = Field(
        None, description="through disclosure control unless an analyst: '*' when withheld"
    )
    synthetic: bool = Field(False, description="computed from synthetic data: invented people")
    target: float | None
    status: str

    @staticmethod
    def resolve_organisation(obj):
        return obj.measurement.organisation.code if obj.measurement else None

    @staticmethod
    def resolve_period(obj):
        return obj.measurement.period.label if obj.measurement else None

    @staticmethod
    def resolve_value(obj):
        return obj.value

    @staticmethod
    def resolve_synthetic(obj):
        computation = obj.measurement.computation if obj.measurement else None
        return bool(computation and computation.synthetic)


class CardOut(Schema):
    order: int = Field(alias="stage.order")
    name: str = Field(alias="stage.name")
    responsible: list[OrganisationRef]
    readings: list[ReadingOut]


class DraftIn(Schema):
    title: str
    summary: str = ""


class StageIn(Schema):
    name: str
    standard: str
    responsible: list[str] = Field(description="organisation codes")
    indicators: list[str] = Field(default_factory=list, description="indicator codes")
    commitments: list[Id] = Field(default_factory=list, description="commitment ids")


class ProgrammeIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    condition: Condition
    lead_organisation: str = Field(description="organisation code; you hold a post in it")
    slug: str = Field("", description="made from the name when blank")
    population: str = ""
    purpose: str = ""


class TeamMemberIn(Schema):
    person: Id = Field(description="the person's id")
    on_behalf_of: str = Field(description="organisation code")
    role: str = Field(min_length=1, max_length=200)
    start: dt.date
    end: dt.date | None = None


class TeamEndIn(Schema):
    end: dt.date


class RetireIn(Schema):
    on: dt.date | None = Field(None, description="today when not given")


def programme_of(slug: str) -> Programme:
    return get_object_or_404(Programme.objects.select_related("lead_organisation"), slug=slug)


def pathway_of(slug: str, number: int) -> Pathway:
    return get_object_or_404(
        Pathway.objects.select_related("programme__lead_organisation"),
        programme__slug=slug,
        number=number,
    )


@router.get("", response=list[ProgrammeOut], url_name="programmes")
def programmes(request):
    team = Prefetch("team", queryset=team_today(TeamMember.objects), to_attr="team_today")
    return Programme.objects.select_related("lead_organisation").prefetch_related(
        "agreements", "pathways", team
    )


@router.get("/{slug}", response={200: ProgrammeOut, 404: Error}, url_name="programme")
def programme(request, slug: str):
    return programme_of(slug)


@router.get(
    "/{slug}/pathways/{int:number}", response={200: PathwayOut, 404: Error}, url_name="pathway"
)
def pathway(request, slug: str, number: Id):
    pathway = pathway_of(slug, number)
    prefetch_related_objects(
        [pathway], "stages__responsible", "stages__indicators", "stages__commitments"
    )
    return pathway


@router.get(
    "/{slug}/pathways/{int:number}/on-a-page",
    response={200: list[CardOut], 404: Error},
    url_name="on_a_page",
)
def pathway_on_a_page(request, slug: str, number: Id):
    return on_a_page(pathway_of(slug, number), is_analyst(request.auth))


@router.post("/{slug}/pathways", response={201: PathwayOut, **REFUSED}, url_name="draft")
def draft(request, slug: str, data: DraftIn):
    made = act(actions.draft_pathway, by=request.auth, programme=programme_of(slug), **data.dict())
    return Status(201, made)


@router.post("/{slug}/pathways/{int:number}/stages", response={201: PathwayOut, **REFUSED})
def add_stage(request, slug: str, number: Id, data: StageIn):
    pathway = pathway_of(slug, number)
    act(
        actions.require_edit, by=request.auth, programme=pathway.programme
    )  # refused before anything it names is looked up
    act(
        actions.add_stage,
        by=request.auth,
        pathway=pathway,
        name=data.name,
        standard=data.standard,
        responsible=[organisation(c) for c in data.responsible],
        indicators=list(Indicator.objects.filter(code__in=data.indicators)),
        commitments=list(Commitment.objects.filter(pk__in=data.commitments)),
    )
    return Status(201, pathway)


@router.post("/{slug}/pathways/{int:number}/publish", response={200: PathwayOut, **REFUSED})
def publish(request, slug: str, number: Id):
    return act(actions.publish_pathway, by=request.auth, pathway=pathway_of(slug, number))


@router.post("", response={201: ProgrammeOut, **REFUSED}, url_name="create_programme")
def create_programme(request, data: ProgrammeIn):
    """Start a programme led by an organisation you hold a post in (as an editor)."""
    made = act(
        actions.create_programme,
        by=request.auth,
        lead_organisation=organisation(data.lead_organisation),
        **data.dict(exclude={"lead_organisation"}),
    )
    return Status(201, programme_of(made.slug))


@router.post("/{slug}/team", response={201: TeamMemberOut, **REFUSED}, url_name="add_member")
def add_team_member(request, slug: str, data: TeamMemberIn):
    act(
        actions.require_edit, by=request.auth, programme=programme_of(slug)
    )  # refused before the person is looked up
    made = act(
        actions.add_team_member,
        by=request.auth,
        programme=programme_of(slug),
        person=get_object_or_404(Person, pk=data.person),
        on_behalf_of=organisation(data.on_behalf_of),
        **data.dict(exclude={"person", "on_behalf_of"}),
    )
    return Status(201, made)


@router.post("/{slug}/team/{int:pk}/end", response={200: TeamMemberOut, **REFUSED})
def end_team_membership(request, slug: str, pk: Id, data: TeamEndIn):
    member = get_object_or_404(
        TeamMember.objects.select_related("programme", "person", "on_behalf_of"),
        programme__slug=slug,
        pk=pk,
    )
    return act(actions.end_team_membership, by=request.auth, member=member, end=data.end)


@router.delete(
    "/{slug}/pathways/{int:number}/stages/{int:order}", response={200: PathwayOut, **REFUSED}
)
def remove_stage(request, slug: str, number: Id, order: Id):
    """Take a stage out of a draft; the stages after it move up one."""
    pathway = pathway_of(slug, number)
    act(
        actions.remove_stage,
        by=request.auth,
        stage=get_object_or_404(Stage, pathway=pathway, order=order),
    )
    return pathway


@router.post("/{slug}/pathways/{int:number}/retire", response={200: PathwayOut, **REFUSED})
def retire(request, slug: str, number: Id, data: RetireIn):
    pathway = pathway_of(slug, number)
    return act(actions.retire_pathway, by=request.auth, pathway=pathway, on=data.on)
