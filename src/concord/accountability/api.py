"""The accountability endpoints, one router under /api/v1/: /accountability, current statuses
with their explanations, red flags, and the handling of flags and proposed agenda items; and
/me/needs, what needs the signed-in person, as their home page shows it.

Writes call the same actions as the pages: a flag is acknowledged or resolved by an editor acting
for its organisation (or the chair of its forum); a proposed agenda item is accepted or dismissed
by the chair or the forum's secretariat, one at a time or several at once (all decided or none).
Refused is 403, already handled 409, unknown 404, input that does not fit the schema 422.
"""

from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate
from ninja import Router
from ninja.errors import HttpError

from concord.api.acting import REFUSED, act
from concord.api.bounds import Id

from . import actions
from .models import AgendaProposal, CommitmentStatus, RedFlag
from .needs import needs_for
from .schemas import (
    AgendaProposalOut,
    DecideIn,
    DismissIn,
    FlagOut,
    HandledFlagOut,
    NeedsOut,
    NoteIn,
    StatusOut,
)

__all__ = ["router"]

accountability = Router(tags=["accountability"])
me = Router(tags=["me"])
router = Router()  # mounted at the API's root


@accountability.get("/statuses", response=list[StatusOut])
def statuses(request, party: str | None = None):
    """The current status of every commitment in force (of one party, by ODS code)."""
    rows = CommitmentStatus.objects.current().select_related("commitment__party", "period")
    if party:
        rows = rows.filter(commitment__party__code=party)
    return [
        StatusOut(
            commitment=r.commitment_id,
            party=r.commitment.party.code,
            period=r.period.label,
            status=r.status,
            rule=r.rule,
            explanation=r.explanation,
            numbers=r.numbers,
        )
        for r in rows.order_by("commitment_id")
    ]


@accountability.get("/flags", response=list[FlagOut])
def flags(request, unresolved: bool = True):
    red_flags = RedFlag.objects.select_related("organisation")
    red_flags = red_flags.open() if unresolved else red_flags
    return [flag_out(f) for f in red_flags]


def flag_out(f: RedFlag, shape=FlagOut, **more) -> FlagOut:
    return shape(
        id=f.pk,
        kind=f.kind,
        title=f.title,
        evidence=f.evidence,
        link=f.link,
        against=f.organisation.code,
        state=f.state,
        still_holds=f.still_holds,
        **more,
    )


def handled_out(f: RedFlag) -> HandledFlagOut:
    by = f.handled_by.get_username() if f.handled_by_id else None
    return flag_out(f, HandledFlagOut, note=f.note, handled_by=by, handled_at=f.handled_at)


def flag_of(pk: int) -> RedFlag:
    return get_object_or_404(RedFlag.objects.select_related("organisation"), pk=pk)


@accountability.post("/flags/{int:pk}/acknowledge", response={200: HandledFlagOut, **REFUSED})
def acknowledge_flag(request, pk: Id, data: NoteIn):
    flag = act(actions.acknowledge_flag, by=request.auth, flag=flag_of(pk), note=data.note)
    return handled_out(flag)


@accountability.post("/flags/{int:pk}/resolve", response={200: HandledFlagOut, **REFUSED})
def resolve_flag(request, pk: Id, data: NoteIn):
    """Say how the flag was resolved (a note is needed)."""
    flag = act(actions.resolve_flag, by=request.auth, flag=flag_of(pk), note=data.note)
    return handled_out(flag)


def proposal_of(pk: int) -> AgendaProposal:
    return get_object_or_404(AgendaProposal.objects.select_related("meeting__forum"), pk=pk)


@accountability.post("/proposals/{int:pk}/accept", response={200: AgendaProposalOut, **REFUSED})
def accept_proposal(request, pk: Id, data: NoteIn):
    """Put the proposed item on its meeting's agenda."""
    return act(actions.accept_proposal, by=request.auth, proposal=proposal_of(pk), note=data.note)


@accountability.post("/proposals/{int:pk}/dismiss", response={200: AgendaProposalOut, **REFUSED})
def dismiss_proposal(request, pk: Id, data: DismissIn):
    return act(
        actions.dismiss_proposal, by=request.auth, proposal=proposal_of(pk), reason=data.reason
    )


def proposals_of(ids: list[int]) -> list[AgendaProposal]:
    """The proposed items named, in the order given; 404 naming any that does not exist."""
    by_pk = AgendaProposal.objects.select_related("meeting__forum").in_bulk(ids)
    missing = sorted(set(ids) - set(by_pk))
    if missing:
        raise HttpError(404, f"No item was proposed with the id {', '.join(map(str, missing))}.")
    return [by_pk[pk] for pk in dict.fromkeys(ids)]


@accountability.post("/proposals/decide", response={200: list[AgendaProposalOut], **REFUSED})
def decide_proposals(request, data: DecideIn):
    """Accept or dismiss several proposed items at once: if any one is refused (already
    decided, say), none is decided, and the 409 names each refused item."""
    return act(
        actions.decide_proposals,
        by=request.auth,
        proposals=proposals_of(data.proposals),
        accept=data.accept,
        reason=data.reason,
    )


@me.get("/needs", response=NeedsOut, url_name="my-needs")
def my_needs(request):
    """The positions the person's seats owe, their organisations' commitments off track or at
    risk, open red flags, meeting actions due, their forums' next meetings and, for an analyst,
    submissions awaiting approval and jobs queued or running."""
    return needs_for(request.auth, localdate())  # the session's user or the token's


router.add_router("/accountability", accountability)
router.add_router("/me", me)
