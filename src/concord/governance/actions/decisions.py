"""Recording a forum's decision at a held, quorate meeting, and the agreement it creates.

A joint committee records a separate decision for each statutory body it acts for. An agreed
decision creates an immutable agreement with the version's commitments; when the proposal varies
an earlier agreement, the new one supersedes it and the chain is kept.
"""

from django.db import transaction

from ..errors import GovernanceError
from ..models import Agreement, Commitment, Decision, Proposal
from ..models.choices import MeetingStatus, Outcome, ProposalStatus
from ..terms import quorum, tally
from .common import require
from .locking import locked
from .proposals import move


def check_meeting(meeting, proposal: Proposal) -> int:
    """The number of seats present, when a decision may be taken at this meeting."""
    if meeting.forum_id != proposal.forum_id:
        raise GovernanceError("That proposal was put to another forum.")
    if meeting.status != MeetingStatus.HELD:
        raise GovernanceError("Decisions are recorded at a meeting that has been held.")
    if proposal.status != ProposalStatus.OPEN:
        raise GovernanceError("Only an open proposal can be decided.")
    check = quorum(meeting)
    if not check.quorate:
        raise GovernanceError(f"No decision can be taken. {check.explain()}")
    return check.seats_present


def check_body(proposal: Proposal, acting_for) -> None:
    forum = proposal.forum
    if not forum.is_joint:
        if acting_for is not None:
            raise GovernanceError("Only a joint committee decides for a statutory body.")
        return
    if acting_for is None or not forum.acts_for.filter(pk=acting_for.pk).exists():
        names = ", ".join(o.name for o in forum.acts_for.all())
        raise GovernanceError(f"A joint committee decides for each of its bodies: {names}.")
    if Decision.objects.filter(version=proposal.current, acting_for=acting_for).exists():
        raise GovernanceError(f"{acting_for.name} has already decided on this version.")


@transaction.atomic
def record_decision(
    *, by, meeting, proposal: Proposal, outcome: str, acting_for=None, item=None, notes: str = ""
) -> Decision:
    require(by, "governance.record_decision", meeting.forum)
    proposal = locked(proposal)  # two decisions at once: the second sees the first
    seats_present = check_meeting(meeting, proposal)
    check_body(proposal, acting_for)
    version = proposal.current
    if outcome == Outcome.AGREED and not (result := tally(version)).carries:
        raise GovernanceError(result.explain())
    if outcome not in Outcome.values:
        raise GovernanceError("A decision is agreed or not agreed.")
    decision = Decision(
        meeting=meeting,
        item=item,
        version=version,
        outcome=outcome,
        acting_for=acting_for,
        seats_present=seats_present,
        notes=notes,
        recorded_by=by,
    )
    decision._history_user = by
    decision.save()
    if outcome == Outcome.AGREED:
        make_agreement(decision, by=by)
    settle(proposal, by=by, reason=notes)
    return decision


def make_agreement(decision: Decision, *, by) -> Agreement:
    version, proposal = decision.version, decision.version.proposal
    agreement = Agreement(
        decision=decision,
        forum=proposal.forum,
        proposal=proposal,
        version=version,
        acting_for=decision.acting_for,
        title=proposal.title,
        strategy=version.strategy,
        agreed_on=decision.meeting.date,
        supersedes=superseded(proposal, decision.acting_for),
    )
    agreement._history_user = by
    agreement.save()
    for proposed in version.commitments.prefetch_related("indicators"):
        commitment = Commitment(agreement=agreement, **proposed.terms())
        commitment._history_user = by
        commitment.save()
        commitment.indicators.set(proposed.indicators.all())
    return agreement


def superseded(proposal: Proposal, acting_for) -> Agreement | None:
    """The agreement in force that this proposal varies, for the same body."""
    if proposal.varies is None:
        return None
    old = Agreement.objects.in_force().filter(
        proposal=proposal.varies.proposal, acting_for=acting_for
    )
    return old.first()


def settle(proposal: Proposal, *, by, reason: str) -> None:
    """Agreed or not agreed once every body has decided; the varied proposal is superseded."""
    decisions = list(Decision.objects.filter(version=proposal.current))
    bodies = proposal.forum.acts_for.count() if proposal.forum.is_joint else 1
    if len(decisions) < bodies:
        return
    agreed = any(d.outcome == Outcome.AGREED for d in decisions)
    move(
        proposal,
        ProposalStatus.AGREED if agreed else ProposalStatus.NOT_AGREED,
        by=by,
        reason=reason,
    )
    old = proposal.varies.proposal if agreed and proposal.varies else None
    if old is not None and not old.agreements.in_force().exists():
        move(old, ProposalStatus.SUPERSEDED, by=by, reason=f"Superseded by {proposal.title}")
