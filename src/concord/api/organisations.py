"""Organisations: the directory, one organisation with its dated links, and its members; and
the administrators' writes: adding an organisation ODS does not hold, changing its name or
postcode, linking organisations and ending a link (the same actions as the pages)."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate

from concord.api.bounds import Id
from concord.api.pagination import Paged
from concord.organisations import actions, hierarchy
from concord.organisations.models import Kind, Organisation, Relationship
from concord.organisations.population import latest_extract_date, registered_population

from .acting import act_on_registry, named, setting_up
from .registry_schemas import (
    EndIn,
    InvalidOut,
    LinkIn,
    OrganisationChangeIn,
    OrganisationIn,
    RelationshipOut,
)
from .schemas import Error, OrganisationDetailOut, OrganisationOut

router = Router(tags=["organisations"])
REFUSED = {403: Error, 404: Error, 409: Error, 422: InvalidOut}


class AsAt(Schema):
    as_at: dt.date | None = Field(None, description="the date to answer for (default: today)")

    def date(self) -> dt.date:
        return self.as_at or localdate()


class MemberFilters(AsAt):
    kind: list[Kind] | None = Field(None, description="only these kinds (repeat to give several)")

    def apply(self, qs: QuerySet) -> QuerySet:
        return qs.of_kind(*self.kind) if self.kind else qs


class OrganisationFilters(MemberFilters):
    within: str | None = Field(None, description="code of an organisation they sit within")
    q: str | None = Field(None, description="code, postcode or part of the name")
    open: bool | None = Field(None, description="open (true) or closed (false) on as_at")

    def apply(self, qs: QuerySet) -> QuerySet:
        qs, as_at = super().apply(qs), self.date()
        if self.within:
            qs = qs.within(known_organisation(self.within), as_at=as_at)
        if self.q:
            qs = qs.search(self.q)
        if self.open is not None:
            open_ids = Organisation.objects.open_on(as_at).values("pk")
            qs = qs.filter(pk__in=open_ids) if self.open else qs.exclude(pk__in=open_ids)
        return qs


def known_organisation(code: str) -> Organisation:
    """The organisation a `within` filter names; a 422 naming the parameter when there is none."""
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        msg = f"no organisation has the code {code!r}"
        raise ValidationError([{"type": "unknown_code", "loc": ["query", "within"], "msg": msg}])
    return org


def organisation_or_404(code: str, as_at: dt.date | None = None) -> Organisation:
    found = Organisation.objects.with_status_on(as_at) if as_at else Organisation.objects
    org = found.filter(code=code).first()
    if org is None:
        raise HttpError(404, f"No organisation has the code {code!r}.")
    return org


def in_force(link: Relationship, as_at: dt.date) -> bool:
    return (link.start is None or link.start <= as_at) and (link.end is None or link.end >= as_at)


def links(org: Organisation, as_at: dt.date, *, up: bool) -> list[dict]:
    """Every dated link from `org` upwards (to parents) or downwards (to children)."""
    other = "parent" if up else "child"
    qs = (org.links_up if up else org.links_down).select_related(other).order_by("start", "id")
    return [
        dict(
            id=link.pk,
            kind=link.kind,
            organisation=getattr(link, other),
            start=link.start,
            end=link.end,
            in_force=in_force(link, as_at),
        )
        for link in qs
    ]


def population(org: Organisation) -> dict | None:
    """Registered patients at the latest extract, rolled up as at that extract's date."""
    extract_date = latest_extract_date(org)
    if extract_date is None:
        return None
    return dict(extract_date=extract_date, patients=registered_population(org, extract_date))


def relationships(org: Organisation, as_at: dt.date) -> dict:
    return dict(
        links_up=links(org, as_at, up=True),
        links_down=links(org, as_at, up=False),
        successors=hierarchy.successors(org),
        predecessors=hierarchy.predecessors(org),
    )


@router.get("", response=list[OrganisationOut], url_name="organisations")
@paginate(Paged)
def list_organisations(request, filters: Query[OrganisationFilters]):
    """The directory: filter by kind, position in the hierarchy on a date, text, open or closed.

    `status` is each organisation's ODS status on as_at; open means active on as_at (or, with no
    ODS status on record, within its open and close dates)."""
    as_at = filters.date()
    return filters.apply(Organisation.objects.with_status_on(as_at).order_by("name", "code"))


@router.get("/{code}", response={200: OrganisationDetailOut, 404: Error}, url_name="organisation")
def organisation(request, code: str, when: Query[AsAt]):
    """One organisation with its links up and down (in force on as_at or not) and population."""
    as_at = when.date()
    org = organisation_or_404(code, as_at)
    org.as_at, org.relationships = as_at, relationships(org, as_at)
    org.population = population(org)
    return org


@router.get(
    "/{code}/members", response={200: list[OrganisationOut], 404: Error}, url_name="members"
)
@paginate(Paged)
def members(request, code: str, filters: Query[MemberFilters]):
    """Organisations within this one, at any depth, through links in force on as_at."""
    org, as_at = organisation_or_404(code), filters.date()
    within = Organisation.objects.with_status_on(as_at).within(org, as_at=as_at)
    return filters.apply(within.order_by("name", "code"))


def shown(org: Organisation) -> Organisation:
    """The organisation as the directory shows it today (with its ODS status that day)."""
    return Organisation.objects.with_status_on(localdate()).get(pk=org.pk)


@router.post("", response={201: OrganisationOut, **REFUSED}, url_name="create_organisation")
def create_organisation(request, data: OrganisationIn):
    """Administrators add an organisation ODS does not hold, with a local code."""
    made = act_on_registry(actions.create_organisation, by=request.auth, **data.dict())
    return Status(201, shown(made))


@router.patch("/{code}", response={200: OrganisationOut, **REFUSED}, url_name="update_organisation")
def update_organisation(request, code: str, data: OrganisationChangeIn):
    """A local organisation's name or postcode (ODS-held ones are kept by the importers: 409)."""
    setting_up(request)
    org = organisation_or_404(code)
    act_on_registry(actions.update_organisation, by=request.auth, organisation=org, **data.dict())
    return shown(org)


@router.post("/{code}/links", response={201: RelationshipOut, **REFUSED}, url_name="link")
def link(request, code: str, data: LinkIn):
    """This organisation is <kind> the parent from start to end."""
    setting_up(request)
    made = act_on_registry(
        actions.link_organisations,
        by=request.auth,
        child=organisation_or_404(code),
        parent=named(data.parent, "parent"),
        **data.dict(exclude={"parent"}),
    )
    return Status(201, made)


@router.post("/{code}/links/{int:link_id}/end", response={200: RelationshipOut, **REFUSED})
def end_link(request, code: str, link_id: Id, data: EndIn):
    """A link up or down from this organisation, in force up to and including `end`."""
    setting_up(request)
    org = organisation_or_404(code)
    found = get_object_or_404(
        Relationship.objects.select_related("child", "parent").filter(Q(child=org) | Q(parent=org)),
        pk=link_id,
    )
    return act_on_registry(actions.end_link, by=request.auth, link=found, end=data.end)
