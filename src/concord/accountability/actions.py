"""Every write a person makes in accountability: atomic, keyword-only, acting user first.

Flags are acknowledged or resolved (never deleted); agenda proposals are accepted, which adds
the item through governance's own action, or dismissed with a reason. History records each.
"""

from django.db import transaction
from django.utils import timezone

from concord.access.posts import REFUSAL
from concord.access.refusals import ActionRefused, Invalid, NotAllowed, register, require
from concord.governance import actions as governance
from concord.governance.models.choices import ItemKind

from .models import AgendaProposal, FlagState, ProposalState, RedFlag

__all__ = [
    "AccountabilityError",
    "FLAG_REFUSAL",
    "REFUSALS",
    "accept_proposal",
    "acknowledge_flag",
    "decide_proposals",
    "decided",
    "dismiss_proposal",
    "handled",
    "resolve_flag",
]


class AccountabilityError(Invalid):
    """A write that is not allowed in the object's current state."""


FLAG_REFUSAL = f"{REFUSAL} The chair of the flag's forum may also handle it."
REFUSALS = register(
    {
        "accountability.handle_flag": FLAG_REFUSAL,
        "accountability.decide_proposal": (
            "Only the chair or the forum's secretariat accepts or dismisses proposed agenda items."
        ),
    }
)


def handled(flag: RedFlag, by, state: str, note: str) -> RedFlag:
    flag.state, flag.note = state, note
    flag.handled_by, flag.handled_at = by, timezone.now()
    flag._history_user = by
    flag.save()
    return flag


@transaction.atomic
def acknowledge_flag(*, by, flag: RedFlag, note: str = "") -> RedFlag:
    require(by, "accountability.handle_flag", flag)
    if flag.state != FlagState.OPEN:
        raise AccountabilityError(f"This flag is already {flag.get_state_display().lower()}.")
    return handled(flag, by, FlagState.ACKNOWLEDGED, note)


@transaction.atomic
def resolve_flag(*, by, flag: RedFlag, note: str) -> RedFlag:
    require(by, "accountability.handle_flag", flag)
    if flag.state == FlagState.RESOLVED:
        raise AccountabilityError("This flag is already resolved.")
    if not note.strip():
        raise AccountabilityError("Say how the flag was resolved.")
    return handled(flag, by, FlagState.RESOLVED, note)


def _check_chair(by, proposal: AgendaProposal) -> None:
    require(by, "accountability.decide_proposal", proposal.meeting.forum)
    if proposal.state != ProposalState.PROPOSED:
        raise AccountabilityError(f"This item was already {proposal.get_state_display().lower()}.")


def decided(proposal: AgendaProposal, by, state: str, note: str) -> AgendaProposal:
    proposal.state, proposal.decision_note = state, note
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal._history_user = by
    proposal.save()
    return proposal


@transaction.atomic
def accept_proposal(*, by, proposal: AgendaProposal, note: str = "") -> AgendaProposal:
    """Put the proposed item on the meeting's agenda (governance's add_agenda_item)."""
    _check_chair(by, proposal)
    proposal.agenda_item = governance.add_agenda_item(
        by=by,
        meeting=proposal.meeting,
        title=proposal.title[:255],
        kind=ItemKind.ACCOUNTABILITY_REVIEW,
    )
    return decided(proposal, by, ProposalState.ACCEPTED, note)


@transaction.atomic
def dismiss_proposal(*, by, proposal: AgendaProposal, reason: str) -> AgendaProposal:
    _check_chair(by, proposal)
    if not reason.strip():
        raise AccountabilityError("Say why the item is dismissed.")
    return decided(proposal, by, ProposalState.DISMISSED, reason)


@transaction.atomic
def decide_proposals(*, by, proposals, accept: bool, reason: str = "") -> list[AgendaProposal]:
    """Accept or dismiss several proposed items at once, in one transaction: if any one is
    refused (already decided, say), none is decided, and each refusal names its item."""
    refused, done = {}, []
    for proposal in proposals:
        try:
            # a savepoint per item: a refused one leaves nothing, and the rest are still tried,
            # so the refusal names every item refused, not only the first
            with transaction.atomic():
                done.append(_decide_one(by, proposal, accept, reason))
        except NotAllowed:
            raise
        except ActionRefused as exc:
            refused[proposal.title] = str(exc)
    if refused:
        raise AccountabilityError(" ".join(f"{title}: {why}" for title, why in refused.items()))
    return done


def _decide_one(by, proposal: AgendaProposal, accept: bool, reason: str) -> AgendaProposal:
    proposal.refresh_from_db()
    if accept:
        return accept_proposal(by=by, proposal=proposal, note=reason)
    return dismiss_proposal(by=by, proposal=proposal, reason=reason)
