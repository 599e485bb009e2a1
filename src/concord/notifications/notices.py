"""What each kind of change owes, and to whom. Each function is called by name by the code that
makes the change, inside its transaction; recipients are found with the functions that already
say who owns a commitment, who sits for a seat and who may approve a submission."""

import datetime as dt

from django.urls import reverse
from django.utils.timezone import localdate

from concord.organisations.models import Person, Post

from .models import Kind
from .outbox import Change, notify, notify_many

__all__ = [
    "DUE_WITHIN",
    "actions_due",
    "approval_awaited",
    "flags_raised",
    "pack_ready",
    "positions_awaited",
    "status_changed",
]


def _owners_of(organisation_ids, on: dt.date) -> dict[int, list[Person]]:
    from concord.accountability.digest import owners

    return owners(organisation_ids, on)


def _owner_reason(commitment) -> str:
    return f"you hold a post in {commitment.party}, which owes the commitment “{commitment}”"


def status_changed(changes, today: dt.date) -> int:
    """changes: (commitment, status before or None, current status row) for each commitment
    whose current status is new or different."""
    from concord.accountability import status as s

    changes = list(changes)
    owners = _owners_of({c.party_id for c, _, _ in changes}, today)
    pairs = []
    for commitment, before, row in changes:
        now = s.LABELS[row.status].lower()
        was = f" (was {s.LABELS[before].lower()})" if before else ""
        change = Change(
            kind=Kind.STATUS,
            key=f"status:{commitment.pk}:{before or '-'}:{row.status}:{today}",
            subject=f"Commitment now {now}: {commitment}",
            text=f"{commitment}: now {now}{was}. {row.explanation}",
            link=reverse("accountability:commitment", args=[commitment.pk]),
        )
        reason = _owner_reason(commitment)
        pairs.append((change, {p: reason for p in owners.get(commitment.party_id, ())}))
    return notify_many(pairs)


def flags_raised(flags, today: dt.date) -> int:
    """A red flag raised on a commitment: its owners are told."""
    flags = [f for f in flags if f.commitment_id]
    owners = _owners_of({f.commitment.party_id for f in flags}, today)
    pairs = []
    for flag in flags:
        change = Change(
            kind=Kind.STATUS,
            key=f"flag:{flag.pk}",
            subject=f"Red flag raised: {flag.title}",
            text=f"Red flag raised: {flag.title}. {flag.evidence}",
            link=flag.link or reverse("accountability:commitment", args=[flag.commitment_id]),
        )
        reason = _owner_reason(flag.commitment)
        pairs.append((change, {p: reason for p in owners.get(flag.commitment.party_id, ())}))
    return notify_many(pairs)


def _seat_people(forum, on: dt.date) -> dict[Person, str]:
    """Everyone sitting for a seat of the forum, with the seat they represent."""
    from concord.governance.representation import representatives

    people = {}
    for seat in forum.seats.in_force(on).select_related("organisation"):
        for person in representatives(seat, on):
            people.setdefault(person, f"you represent {seat.organisation} on {forum}'s seat for it")
    return people


def positions_awaited(proposal, version) -> int:
    """A version put to the forum: each seat's representatives are asked for its position."""
    change = Change(
        kind=Kind.POSITION,
        key=f"position:{version.pk}",
        subject=f"Your seat's position is awaited: {proposal.title}",
        text=(
            f"Version {version.number} of “{proposal.title}” was put to {proposal.forum} on "
            f"{version.opened_on:%-d %B %Y}. Your seat's position is awaited."
        ),
        link=reverse("governance:proposal", args=[proposal.pk]),
    )
    return notify(change, _seat_people(proposal.forum, version.opened_on or localdate()))


def pack_ready(meeting, job_id: int) -> int:
    """A meeting's pack drawn in the background: the forum's seats and its chair are told."""
    forum = meeting.forum
    recipients = _seat_people(forum, localdate())
    if forum.chair_id:
        recipients.setdefault(forum.chair, f"you chair {forum}")
    change = Change(
        kind=Kind.PACK,
        key=f"pack:{job_id}",
        subject=f"The pack for {forum} on {meeting.date:%-d %B %Y} is ready",
        text=f"The meeting pack for {forum} on {meeting.date:%-d %B %Y} is ready to read.",
        link=reverse("accountability:pack", args=[meeting.pk]),
    )
    return notify(change, recipients)


def approval_awaited(submission, on: dt.date | None = None) -> int:
    """A submission put forward: the analysts who may approve it are told (the rule that says
    who may approve is indicators.rules, through the permission)."""
    from concord.indicators import rules as r

    commissioners = r.commissioners_of(submission)
    posts = Post.objects.in_force(on or localdate()).filter(organisation__in=commissioners)
    people = Person.objects.filter(pk__in=posts.values("person"), user__isnull=False)
    approvers = {
        p: f"you may approve figures from {submission.organisation} as an analyst in a "
        "commissioner of it"
        for p in people.select_related("user")
        if p.user.has_perm("indicators.approve", submission)
        and not r.made_or_submitted_it(p.user, submission)
    }
    change = Change(
        kind=Kind.APPROVAL,
        key=f"approval:{submission.pk}",
        subject=f"Figures from {submission.organisation} await your approval",
        text=(
            f"{submission.organisation} submitted its figures for {submission.period}. "
            "They await approval."
        ),
        link=reverse("submissions:submission", args=[submission.pk]),
    )
    return notify(change, approvers)


DUE_WITHIN = 7  # days before its due date that an action's owner is told


def actions_due(today: dt.date | None = None, within: int = DUE_WITHIN) -> int:
    """The daily check: each open meeting action with a named owner, due within `within` days
    or overdue, is told to its owner once per due date (a new due date is a new reminder)."""
    from concord.governance.models import MeetingAction
    from concord.governance.models.choices import ActionStatus

    today = today or localdate()
    due = MeetingAction.objects.filter(
        status=ActionStatus.OPEN,
        due__lte=today + dt.timedelta(days=within),
        owner_person__isnull=False,
    ).select_related("owner_person", "meeting__forum")
    pairs = []
    for action in due:
        meeting = action.meeting
        when = "was due" if action.due < today else "is due"
        change = Change(
            kind=Kind.ACTION,
            key=f"action:{action.pk}:{action.due}",
            subject=f"An action of yours {when} on {action.due:%-d %B %Y}",
            text=(
                f"“{action.description}”, from {meeting.forum} on {meeting.date:%-d %B %Y}, "
                f"{when} on {action.due:%-d %B %Y}."
            ),
            link=reverse("governance:meeting-action", args=[action.pk]),
        )
        reason = f"you own this action from the meeting of {meeting.forum}"
        pairs.append((change, {action.owner_person: reason}))
    return notify_many(pairs)
