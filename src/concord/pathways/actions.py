"""Every write to programmes and pathways: atomic, keyword-only, the acting user first.

Each checks `pathways.edit` for the programme (an editor holding a post in its lead
organisation) and raises a PathwayError (changing nothing) when the change is not allowed.
The history records who made each change.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.timezone import localdate

from concord.access import posts
from concord.access.history import saved
from concord.access.refusals import register, require

from .errors import NotAllowed, PathwayError
from .models import Pathway, PathwayStatus, Programme, Stage, TeamMember

__all__ = [
    "REFUSALS",
    "REFUSED",
    "add_stage",
    "add_team_member",
    "create_programme",
    "draft_pathway",
    "end_team_membership",
    "publish_pathway",
    "remove_stage",
    "require_edit",
    "retire",
    "retire_pathway",
]

REFUSED = posts.REFUSAL  # for the programme's lead organisation
REFUSALS = register({"pathways.edit": REFUSED})


def require_edit(by, programme: Programme) -> None:
    require(by, "pathways.edit", programme)


@transaction.atomic
def create_programme(
    *, by, name: str, condition: str, lead_organisation, slug: str = "", agreements=(), **more
) -> Programme:
    """more: population, purpose. Editors create programmes their organisation leads."""
    if not posts.acts_for(by, [lead_organisation]):
        raise NotAllowed(REFUSED)
    slug = slug or slugify(name)[:80]
    if Programme.objects.filter(slug=slug).exists():
        raise PathwayError(f"There is already a programme called {name}.")
    programme = saved(
        Programme(
            name=name, slug=slug, condition=condition, lead_organisation=lead_organisation, **more
        ),
        by,
    )
    programme.agreements.set(agreements)
    return programme


@transaction.atomic
def add_team_member(
    *, by, programme, person, on_behalf_of, role: str, start: dt.date, end: dt.date | None = None
) -> TeamMember:
    require_edit(by, programme)
    if end is not None and end < start:
        raise PathwayError("A membership ends on or after the day it starts.")
    member = TeamMember(
        programme=programme,
        person=person,
        on_behalf_of=on_behalf_of,
        role=role,
        start=start,
        end=end,
    )
    return saved(member, by)


@transaction.atomic
def end_team_membership(*, by, member: TeamMember, end: dt.date) -> TeamMember:
    require_edit(by, member.programme)
    if end < member.start:
        raise PathwayError("A membership ends on or after the day it starts.")
    member.end = end
    return saved(member, by)


@transaction.atomic
def draft_pathway(*, by, programme, title: str, summary: str = "") -> Pathway:
    """A new draft version, carrying over the stages of the latest version (if any)."""
    require_edit(by, programme)
    if programme.pathways.drafts().exists():
        raise PathwayError("This programme already has a draft pathway: publish or edit it.")
    latest = programme.pathways.latest_first().first()
    number = (latest.number + 1) if latest else 1
    pathway = saved(
        Pathway(programme=programme, number=number, title=title, summary=summary, created_by=by),
        by,
    )
    for stage in latest.stages.all() if latest else ():
        _copy_stage(stage, pathway, by)
    return pathway


def _copy_stage(stage: Stage, pathway: Pathway, by) -> Stage:
    copy = saved(
        Stage(pathway=pathway, order=stage.order, name=stage.name, standard=stage.standard), by
    )
    copy.responsible.set(stage.responsible.all())
    copy.indicators.set(stage.indicators.all())
    copy.commitments.set(stage.commitments.all())
    return copy


def _check_draft(pathway: Pathway) -> None:
    if not pathway.is_draft:
        raise PathwayError(
            f"Version {pathway.number} is {pathway.get_status_display().lower()}: "
            "draft a new version to change it."
        )


@transaction.atomic
def add_stage(
    *, by, pathway, name: str, standard: str, responsible, indicators=(), commitments=()
) -> Stage:
    """A stage at the end of a draft pathway; at least one responsible organisation."""
    require_edit(by, pathway.programme)
    _check_draft(pathway)
    if not list(responsible):
        raise PathwayError("Name at least one organisation responsible for the stage.")
    last = pathway.stages.aggregate(last=Max("order"))["last"] or 0
    stage = saved(Stage(pathway=pathway, order=last + 1, name=name, standard=standard), by)
    stage.responsible.set(responsible)
    stage.indicators.set(indicators)
    stage.commitments.set(commitments)
    return stage


@transaction.atomic
def remove_stage(*, by, stage: Stage) -> None:
    """Take a stage out of a draft; the stages after it move up one."""
    pathway = stage.pathway
    require_edit(by, pathway.programme)
    _check_draft(pathway)
    # lowest first: each stage moves into the place the one before it has just left, so the
    # unique order of a pathway's stages (stage_unique_order) holds at every save
    later = list(pathway.stages.filter(order__gt=stage.order).order_by("order"))
    stage.delete()
    for each in later:
        each.order -= 1
        saved(each, by)


@transaction.atomic
def publish_pathway(*, by, pathway, on: dt.date | None = None) -> Pathway:
    """Publish a draft; the version published before it is retired, and stays readable."""
    require_edit(by, pathway.programme)
    _check_draft(pathway)
    if not pathway.stages.exists():
        raise PathwayError("A pathway needs at least one stage before it is published.")
    on = on or localdate()
    for previous in pathway.programme.pathways.published():
        retire(previous, on, by)
    pathway.status, pathway.published_on = PathwayStatus.PUBLISHED, on
    return saved(pathway, by)


def retire(pathway: Pathway, on: dt.date, by) -> Pathway:
    pathway.status = PathwayStatus.RETIRED
    pathway.retired_on = max(on, pathway.published_on)
    return saved(pathway, by)


@transaction.atomic
def retire_pathway(*, by, pathway, on: dt.date | None = None) -> Pathway:
    require_edit(by, pathway.programme)
    if pathway.status != PathwayStatus.PUBLISHED:
        raise PathwayError("Only the published version can be retired.")
    return retire(pathway, on or localdate(), by)
