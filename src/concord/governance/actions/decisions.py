"""Recording a forum's decision at a held, quorate meeting, and the agreement it creates.

A decision is taken only where it could have been: at a held meeting of the proposal's forum,
dated on or after the day the current version was put to the forum and not in the future, and
quorate by the attendance recorded for it. An agreed decision needs the version to carry under
the forum's decision rule, judged against the seats in force on the meeting's date.

A joint committee records a separate decision for each statutory body it acts for. An agreed
decision creates an immutable agreement with the version's commitments; when the proposal varies
an earlier agreement, the new one supersedes it and the chain is kept.
"""

from django.db import transaction
from django.utils.timezone import localdate

from concord.access.refusals import Invalid

from ..models import Agreement, Commitment, Decision, Proposal
from ..models.choices import MeetingStatus, Outcome, ProposalStatus
from ..terms import quorum, tally
from .common import require
from .locking import locked
from .proposals import move

__all__ = ["check_dated", "make_agreement", "record_decision", "settle", "superseded"]


def _check_meeting(meeting, proposal: Proposal) -> int:
    """The number of seats present, when a decision may be taken at this meeting."""
    if meeting.forum_id != proposal.forum_id:
        raise Invalid("That proposal was put to another forum.")
    if meeting.status != MeetingStatus.HELD:
        raise Invalid("Decisions are recorded at a meeting that has been held.")
    if proposal.status != ProposalStatus.OPEN:
        raise Invalid("Only an open proposal can be decided.")
    _check_date(meeting, proposal.current)
    check = quorum(meeting)
    if not check.quorate:
        raise Invalid(f"No decision can be taken. {check.explain()}")
    return check.seats_present


def _check_date(meeting, version) -> None:
    """The meeting could have decided this version: not before it was put, not in the future."""
    if meeting.date > localdate():
        raise Invalid(
            f"The meeting of {meeting.date:%-d %B %Y} is in the future: "
            "a decision is recorded at a meeting that has taken place."
        )
    if version.opened_on is None:
        raise Invalid(f"Version {version.number} has not been put to the forum.")
    if meeting.date < version.opened_on:
        raise Invalid(
            f"Version {version.number} was put to the forum on {version.opened_on:%-d %B %Y}; "
            f"the meeting of {meeting.date:%-d %B %Y} came before it and cannot have decided it."
        )


def _check_body(proposal: Proposal, acting_for) -> None:
    forum = proposal.forum
    if not forum.is_joint:
        if acting_for is not None:
            raise Invalid("Only a joint committee decides for a statutory body.")
        return
    if acting_for is None or not forum.acts_for.filter(pk=acting_for.pk).exists():
        names = ", ".join(o.name for o in forum.acts_for.all())
        raise Invalid(f"A joint committee decides for each of its bodies: {names}.")
    if Decision.objects.filter(version=proposal.current, acting_for=acting_for).exists():
        raise Invalid(f"{acting_for.name} has already decided on this version.")


@transaction.atomic
def record_decision(
    *, by, meeting, proposal: Proposal, outcome: str, acting_for=None, item=None, notes: str = ""
) -> Decision:
    require(by, "governance.record_decision", meeting.forum)
    proposal = locked(proposal)  # two decisions at once: the second sees the first
    seats_present = _check_meeting(meeting, proposal)
    _check_body(proposal, acting_for)
    version = proposal.current
    check_dated(version, outcome)
    if outcome == Outcome.AGREED and not (result := tally(version, meeting.date)).carries:
        raise Invalid(result.explain())
    if outcome not in Outcome.values:
        raise Invalid("A decision is agreed or not agreed.")
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


def check_dated(version, outcome: str) -> None:
    """A commitment is agreed only with its due date and its review date."""
    if outcome != Outcome.AGREED:
        return
    commitments = version.commitments.select_related("party").order_by("id")
    undated = [_undated_terms(n, c) for n, c in enumerate(commitments, start=1)]
    if missing := [text for text in undated if text]:
        raise Invalid(
            f"A commitment is agreed only with its due date and review date. {' '.join(missing)} "
            "Amend the proposal to give them."
        )


def _undated_terms(n: int, commitment) -> str:
    missing = [name for name in ("due", "review") if getattr(commitment, name) is None]
    if not missing:
        return ""
    names = " and no ".join(f"{name} date" for name in missing)
    return f"Commitment {n} ({commitment.party.name}: “{commitment.what}”) has no {names}."
