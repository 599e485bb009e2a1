"""A proposal's life: drafted, amended (a new version), opened for positions, withdrawn.

Every change of status is recorded as a Transition with who, when and why.
"""

import datetime as dt

from django.db import transaction
from django.utils.timezone import localdate, localtime

from concord.access.refusals import Conflict, Invalid, NotAllowed

from .. import representation as rep
from ..models import Position, Proposal, ProposalVersion, ProposedCommitment, Transition
from ..models.choices import ProposalStatus, Stance
from .common import REFUSALS, require, saved
from .locking import created, locked

__all__ = [
    "EDITABLE",
    "RECORDED_MEANWHILE",
    "amend_proposal",
    "at",
    "carried",
    "create_proposal",
    "move",
    "open_proposal",
    "propose_commitment",
    "record_position",
    "withdraw_proposal",
]

EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.OPEN)


def move(proposal: Proposal, to: str, *, by, reason: str = "") -> Proposal:
    """Change the status and record the transition, in the caller's transaction."""
    Transition.objects.create(
        proposal=proposal, from_status=proposal.status, to_status=to, by=by, reason=reason
    )
    proposal.status = to
    return saved(proposal, by)


def _add_version(proposal, *, by, problem, strategy, commitments, change_summary=""):
    number = (proposal.current.number + 1) if proposal.versions.exists() else 1
    version = saved(
        ProposalVersion(
            proposal=proposal,
            number=number,
            problem=problem,
            strategy=strategy,
            change_summary=change_summary,
            created_by=by,
        ),
        by,
    )
    for terms in commitments:
        propose_commitment(version, by=by, **terms)
    return version


def propose_commitment(version, *, by, indicators=(), **terms) -> ProposedCommitment:
    commitment = saved(ProposedCommitment(version=version, **terms), by)
    if indicators:
        commitment.indicators.set(indicators)
    return commitment


@transaction.atomic
def create_proposal(
    *,
    by,
    forum,
    title: str,
    author_organisation,
    problem: str,
    strategy: str,
    condition: str = "",
    commitments=(),
    varies=None,
) -> Proposal:
    """A draft with its first version. commitments: dicts of commitment terms (party, what…)."""
    require(by, "governance.draft_proposal", forum)
    require(by, "governance.draft_for", author_organisation)
    if varies is not None and (varies.forum_id != forum.pk or not varies.in_force):
        raise Invalid("Only an agreement of this forum that is still in force can be varied.")
    proposal = saved(
        Proposal(
            forum=forum,
            title=title,
            condition=condition,
            author_organisation=author_organisation,
            varies=varies,
            created_by=by,
        ),
        by,
    )
    Transition.objects.create(proposal=proposal, to_status=ProposalStatus.DRAFT, by=by)
    _add_version(proposal, by=by, problem=problem, strategy=strategy, commitments=commitments)
    return proposal


@transaction.atomic
def amend_proposal(
    *,
    by,
    proposal: Proposal,
    change_summary: str,
    problem: str | None = None,
    strategy: str | None = None,
    commitments=None,
    on: dt.date | None = None,
    based_on: int | None = None,
) -> ProposalVersion:
    """A new version; what is not given is carried over. Positions start afresh on it.

    An open proposal's new version is put to the forum on the day it is made (`on`, today unless
    given); a decision on it can be taken only at a meeting on or after that day. `based_on` is
    the number of the version the amendment was written from: if someone amended the proposal
    meanwhile, the amendment is refused rather than silently put over theirs.
    """
    require(by, "governance.amend_proposal", proposal)
    proposal = locked(proposal)  # two amendments at once: the second waits, then is checked
    if proposal.status not in EDITABLE:
        raise Invalid(
            f"A proposal that is {proposal.get_status_display().lower()} cannot be amended."
        )
    if not change_summary.strip():
        raise Invalid("Say what the amendment changes.")
    current = proposal.current
    if based_on is not None and based_on != current.number:
        raise Conflict(_amended_meanwhile(current))
    opened = _opening_day(current, on) if proposal.status == ProposalStatus.OPEN else None
    if commitments is None:
        commitments = [carried(c) for c in current.commitments.all()]
    version = _add_version(
        proposal,
        by=by,
        problem=current.problem if problem is None else problem,
        strategy=current.strategy if strategy is None else strategy,
        commitments=commitments,
        change_summary=change_summary,
    )
    return _put_to_forum(version, opened, by=by) if opened else version


def _opening_day(previous: ProposalVersion | None, on: dt.date | None) -> dt.date:
    """The day a version is put to the forum: today, or a past day no earlier than the last."""
    day = on or localdate()
    if day > localdate():
        raise Invalid("A proposal is put to the forum today or on a day that has passed.")
    if previous is not None and previous.opened_on and day < previous.opened_on:
        raise Invalid(
            f"Version {previous.number} was put to the forum on {previous.opened_on:%-d %B %Y}: "
            "a later version cannot be put to it before then."
        )
    return day


def _put_to_forum(version: ProposalVersion, day: dt.date, *, by) -> ProposalVersion:
    """Date the version as put to the forum; each seat's representatives are asked for its
    position once this commits."""
    from concord.notifications import notices

    version.opened_on = day
    version = saved(version, by)
    notices.positions_awaited(version.proposal, version)
    return version


def _amended_meanwhile(current: ProposalVersion) -> str:
    who = rep.person_of(current.created_by)
    name = who.name if who else getattr(current.created_by, "username", "someone")
    return (
        f"{name} amended it (version {current.number}) at {localtime(current.created_at):%H:%M} "
        "while you were editing; review it and submit again."
    )


def carried(commitment: ProposedCommitment) -> dict:
    return {**commitment.terms(), "indicators": list(commitment.indicators.all())}


@transaction.atomic
def open_proposal(
    *, by, proposal: Proposal, reason: str = "", on: dt.date | None = None
) -> Proposal:
    """Put the draft's current version to the forum on `on` (today unless given)."""
    require(by, "governance.open_proposal", proposal)
    proposal = locked(proposal)
    if proposal.status != ProposalStatus.DRAFT:
        raise Invalid("Only a draft can be opened for positions.")
    _put_to_forum(proposal.current, _opening_day(None, on), by=by)
    return move(proposal, ProposalStatus.OPEN, by=by, reason=reason)


@transaction.atomic
def withdraw_proposal(*, by, proposal: Proposal, reason: str) -> Proposal:
    require(by, "governance.withdraw_proposal", proposal)
    proposal = locked(proposal)
    if proposal.status not in EDITABLE:
        raise Invalid("Only a draft or open proposal can be withdrawn.")
    if not reason.strip():
        raise Invalid("Give a reason for withdrawing the proposal.")
    return move(proposal, ProposalStatus.WITHDRAWN, by=by, reason=reason)


def _check_position(version: ProposalVersion, seat, stance: str, reason: str) -> None:
    proposal = version.proposal
    if proposal.status != ProposalStatus.OPEN:
        raise Invalid("Positions are taken only while the proposal is open.")
    if version.pk != proposal.current.pk:
        raise Invalid(
            f"Version {version.number} has been amended: record positions on the latest version."
        )
    if seat.forum_id != proposal.forum_id:
        raise Invalid("That seat belongs to another forum.")
    if stance not in Stance.values:
        raise Invalid("A position is support, support with concerns, abstain or object.")
    if stance == Stance.OBJECT and not reason.strip():
        raise Invalid("An objection needs a reason.")


def _who_records(by, seat, on: dt.date):
    """The person giving the position and whether the chair records it on the seat's behalf."""
    require(by, "governance.record_position", seat)
    person = rep.person_of(by)
    if rep.sits_for(person, seat, on):
        return person, False
    if rep.chairs(person, seat.forum):
        return person, True
    raise NotAllowed(REFUSALS["governance.record_position"])


@transaction.atomic
def record_position(
    *,
    by,
    version: ProposalVersion,
    seat,
    stance: str,
    reason: str = "",
    on: dt.date | None = None,
    seen: int | None = None,
) -> Position:
    """A new entry in the seat's trail on this version; earlier entries stay and are shown.

    Only the seat changes a position the seat gave; the chair records on the seat's behalf only
    while the seat has not answered on this version. `seen` is the newest entry the person had
    in front of them: if the seat's standing entry is newer, someone recorded it meanwhile and
    this is refused rather than silently put over it. Changing an objection to another stance
    is how an objector withdraws it.
    """
    locked(version.proposal)  # two people recording at once: the second waits, then sees
    _check_position(version, seat, stance, reason)
    person, by_chair = _who_records(by, seat, on or localdate())
    trail = list(version.positions.filter(seat=seat).select_related("person").order_by("pk"))
    standing = trail[-1] if trail else None
    if by_chair and any(not entry.by_chair for entry in trail):
        raise Invalid(_seat_answered(seat, standing))
    _refuse_unseen(standing, seen)
    entry = Position(
        version=version,
        seat=seat,
        stance=stance,
        reason=reason.strip(),
        person=person,
        by_chair=by_chair,
        recorded_by=by,
        replaces=standing,
    )
    return created(lambda: saved(entry, by), RECORDED_MEANWHILE)


RECORDED_MEANWHILE = (
    "Someone recorded a position for this seat while you were editing; review it and submit again."
)


def at(entry: Position) -> str:
    return f"{localtime(entry.recorded_at):%H:%M on %-d %B %Y}"


def _refuse_unseen(standing: Position | None, seen: int | None) -> None:
    """Refuse to change a standing position the person has not seen."""
    if standing is None or (seen is not None and standing.pk <= seen):
        return
    given = f"{standing.get_stance_display().lower()}, by {standing.person.name} at {at(standing)}"
    if seen is None:
        raise Conflict(
            f"This seat has already given its position ({given}): review it, then change it "
            f"by saying which entry you are changing (entry {standing.pk})."
        )
    raise Conflict(
        f"{standing.person.name} recorded a position for this seat "
        f"({standing.get_stance_display().lower()}) at {at(standing)} while you were "
        "editing; review it and submit again."
    )


def _seat_answered(seat, standing: Position) -> str:
    return (
        f"{seat.organisation.name} has given its own position on this version "
        f"({standing.get_stance_display().lower()}, by {standing.person.name} at {at(standing)}): "
        "only the seat's representative changes it; the chair records a position only for a "
        "seat that has not answered."
    )
