"""The governance API: forums, meetings, proposals, positions, agreements, commitments.

Reading needs the viewer role (the API's own check). Writes call the same actions as the pages,
so the same permissions apply, through the API's one runner (`concord.api.acting.act`): a refused
action is a 403, an invalid transition a 409, an unknown record 404, input that does not fit the
schema 422. The writes that set forums up and run
their meetings are in meetings_api.py, on this router.
Lists are paginated with limit and offset and give the total count (as the directory does).
There is no endpoint that changes an agreement or a commitment.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from concord.api.acting import REFUSED, act, organisation
from concord.api.bounds import Id
from concord.api.pagination import Paged
from concord.api.schemas import Error

from . import actions
from .models import Agreement, Commitment, Forum, Meeting, Position, Proposal, Seat
from .schemas import (
    AgreementOut,
    AmendIn,
    ChangeOut,
    CommitmentOut,
    DecisionIn,
    DecisionOut,
    ForumDetailOut,
    ForumOut,
    MeetingOut,
    PositionIn,
    PositionOut,
    ProposalDetailOut,
    ProposalIn,
    ProposalOut,
    ReasonIn,
)
from .timeline import timeline

__all__ = [
    "ProposalFilters",
    "agreement",
    "agreements",
    "agreements_qs",
    "amend",
    "commitments",
    "draft",
    "forum",
    "forum_meetings",
    "forums",
    "meeting_history",
    "open_for_positions",
    "proposal",
    "proposal_history",
    "proposal_of",
    "proposals",
    "record_decision",
    "record_position",
    "router",
    "withdraw",
]

router = Router(tags=["governance"])


def proposal_of(pk: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("forum"), pk=pk)


@router.get("/forums", response=list[ForumOut], url_name="forums")
@paginate(Paged)
def forums(request):
    forums = Forum.objects.select_related("chair", "organisation").prefetch_related("acts_for")
    return forums.order_by("name", "pk")


@router.get("/forums/{slug}", response={200: ForumDetailOut, 404: Error}, url_name="forum")
def forum(request, slug: str):
    return get_object_or_404(Forum.objects.prefetch_related("seats__organisation"), slug=slug)


@router.get("/forums/{slug}/meetings", response=list[MeetingOut], url_name="forum_meetings")
@paginate(Paged)
def forum_meetings(request, slug: str):
    return Meeting.objects.filter(forum__slug=slug).select_related("forum").order_by("date", "pk")


class ProposalFilters(Schema):
    forum: str | None = None
    status: str | None = None


@router.get("/proposals", response=list[ProposalOut], url_name="proposals")
@paginate(Paged)
def proposals(request, filters: Query[ProposalFilters]):
    qs = Proposal.objects.select_related("forum", "author_organisation")
    if filters.forum:
        qs = qs.filter(forum__slug=filters.forum)
    return qs.filter(status=filters.status) if filters.status else qs


@router.get(
    "/proposals/{int:pk}", response={200: ProposalDetailOut, 404: Error}, url_name="proposal"
)
def proposal(request, pk: Id):
    positions = Position.objects.select_related("seat__organisation", "person")
    qs = Proposal.objects.select_related("forum", "author_organisation").prefetch_related(
        "versions__commitments__party",
        "versions__commitments__indicators",
        Prefetch("versions__positions", queryset=positions),
        "transitions",
    )
    return get_object_or_404(qs, pk=pk)


@router.get(
    "/proposals/{int:pk}/history",
    response={200: list[ChangeOut], 404: Error},
    url_name="proposal_history",
)
def proposal_history(request, pk: Id):
    """Every change to the proposal, its versions, positions, decisions and agreements."""
    return timeline(get_object_or_404(Proposal, pk=pk))


@router.get(
    "/meetings/{int:pk}/history",
    response={200: list[ChangeOut], 404: Error},
    url_name="meeting_history",
)
def meeting_history(request, pk: Id):
    """Every change to the meeting, its attendance, agenda, actions and decisions."""
    return timeline(get_object_or_404(Meeting, pk=pk))


@router.post("/proposals", response={201: ProposalOut, **REFUSED}, url_name="draft")
def draft(request, data: ProposalIn):
    created = act(
        actions.create_proposal,
        by=request.auth,
        forum=get_object_or_404(Forum, slug=data.forum),
        author_organisation=organisation(data.author_organisation),
        **data.dict(exclude={"forum", "author_organisation"}),
    )
    return Status(201, created)


@router.post("/proposals/{int:pk}/amend", response={201: ProposalOut, **REFUSED})
def amend(request, pk: Id, data: AmendIn):
    proposal = proposal_of(pk)
    act(actions.amend_proposal, by=request.auth, proposal=proposal, **data.dict())
    return Status(201, proposal)


@router.post("/proposals/{int:pk}/open", response={200: ProposalOut, **REFUSED})
def open_for_positions(request, pk: Id, data: ReasonIn):
    return act(actions.open_proposal, by=request.auth, proposal=proposal_of(pk), reason=data.reason)


@router.post("/proposals/{int:pk}/withdraw", response={200: ProposalOut, **REFUSED})
def withdraw(request, pk: Id, data: ReasonIn):
    return act(
        actions.withdraw_proposal, by=request.auth, proposal=proposal_of(pk), reason=data.reason
    )


@router.post("/proposals/{int:pk}/positions", response={200: PositionOut, **REFUSED})
def record_position(request, pk: Id, data: PositionIn):
    proposal = proposal_of(pk)
    seat = get_object_or_404(Seat, pk=data.seat, forum=proposal.forum)
    return act(
        actions.record_position,
        by=request.auth,
        version=proposal.current,
        seat=seat,
        stance=data.stance,
        reason=data.reason,
        seen=data.seen,
    )


@router.post("/proposals/{int:pk}/decisions", response={201: DecisionOut, **REFUSED})
def record_decision(request, pk: Id, data: DecisionIn):
    proposal = proposal_of(pk)
    decision = act(
        actions.record_decision,
        by=request.auth,
        meeting=get_object_or_404(Meeting, pk=data.meeting),
        proposal=proposal,
        outcome=data.outcome,
        acting_for=organisation(data.acting_for) if data.acting_for else None,
        notes=data.notes,
    )
    return Status(201, decision)


def agreements_qs():
    return Agreement.objects.select_related(
        "forum", "version", "acting_for", "superseded_by"
    ).prefetch_related("commitments__party", "commitments__indicators")


@router.get("/agreements", response=list[AgreementOut], url_name="agreements")
@paginate(Paged)
def agreements(request, forum: str | None = None):
    qs = agreements_qs()
    return qs.filter(forum__slug=forum) if forum else qs


@router.get("/agreements/{int:pk}", response={200: AgreementOut, 404: Error}, url_name="agreement")
def agreement(request, pk: Id):
    return get_object_or_404(agreements_qs(), pk=pk)


@router.get("/commitments", response=list[CommitmentOut], url_name="commitments")
@paginate(Paged)
def commitments(request, party: str | None = None, in_force: bool = True):
    """Commitments, of one party (organisation code) if given; in force unless in_force=false."""
    qs = Commitment.objects.select_related("party").prefetch_related("indicators")
    qs = qs.in_force() if in_force else qs
    return qs.filter(party__code=party) if party else qs


# The writes that set forums up and run meetings, on this router (GET and POST share paths).
from . import meetings_api  # noqa: E402, F401
