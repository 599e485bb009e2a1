"""What needs a person today: the one place the home page and `GET /api/v1/me/needs` read it.

For the person linked to a login: the positions their seats owe on open proposals, their
organisations' commitments off track or at risk (the stored, computed status), open red flags
on their organisations, commitments or forums, meeting actions due soon or overdue, the next
meeting of each of their forums, and, for an analyst, the submissions awaiting their approval
and the background jobs queued or running.

Their organisations are those where they hold a post in force, or hold one on behalf of
(concord.access.posts); their forums those they sit in for a seat, chair, or staff (a post in
the forum's secretariat in its own right). Every section is read with a fixed number of
queries, whatever the number of items; only the approvals reuse the submission rules per item.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse

from concord.access import posts
from concord.access.roles import is_analyst
from concord.governance import representation as rep
from concord.governance.models import (
    Forum,
    Meeting,
    MeetingAction,
    Position,
    ProposalVersion,
    Representative,
    Seat,
)
from concord.governance.models.choices import ActionStatus, ProposalStatus
from concord.indicators.submissions.queries import awaiting
from concord.jobs.models import Job
from concord.organisations.models import Person, Post

from . import status as s
from .models import CommitmentStatus, RedFlag

__all__ = [
    "ActionDue",
    "CommitmentAtRisk",
    "DUE_SOON_DAYS",
    "FlagOpen",
    "JobActive",
    "MeetingNext",
    "Needs",
    "PositionOwed",
    "SubmissionAwaiting",
    "WORRYING",
    "actions_due",
    "needs_for",
    "seats_sat_by",
]

DUE_SOON_DAYS = 14  # a meeting action due within this many days is shown with the overdue
WORRYING = (s.OFF_TRACK, s.AT_RISK)  # the commitment statuses that need their owners


@dataclass(frozen=True)
class PositionOwed:
    proposal_id: int
    title: str
    forum: str
    seat: str
    version: int
    opened_on: dt.date | None
    link: str


@dataclass(frozen=True)
class CommitmentAtRisk:
    commitment_id: int
    what: str
    party: str
    status: str
    status_label: str
    period: str
    link: str


@dataclass(frozen=True)
class FlagOpen:
    flag_id: int
    title: str
    kind: str
    organisation: str
    state: str
    raised_at: dt.datetime
    link: str


@dataclass(frozen=True)
class ActionDue:
    action_id: int
    description: str
    forum: str
    owner: str
    due: dt.date
    overdue: bool
    link: str


@dataclass(frozen=True)
class MeetingNext:
    meeting_id: int
    forum: str
    date: dt.date
    location: str
    link: str
    pack_link: str | None


@dataclass(frozen=True)
class SubmissionAwaiting:
    submission_id: int
    organisation: str
    period: str
    submitted_by: str
    link: str


@dataclass(frozen=True)
class JobActive:
    job_id: int
    work: str
    key: str
    file_name: str
    state: str
    created_at: dt.datetime
    link: str


@dataclass
class Needs:
    """What needs the person; `person` is None for a login linked to nobody (an administrator)."""

    today: dt.date
    person: str | None
    analyst: bool
    positions: list[PositionOwed] = field(default_factory=list)
    commitments: list[CommitmentAtRisk] = field(default_factory=list)
    flags: list[FlagOpen] = field(default_factory=list)
    actions: list[ActionDue] = field(default_factory=list)
    meetings: list[MeetingNext] = field(default_factory=list)
    approvals: list[SubmissionAwaiting] = field(default_factory=list)
    jobs: list[JobActive] = field(default_factory=list)

    @property
    def pending(self) -> int:
        """How many things ask something of the person (the next meetings only inform)."""
        return sum(
            len(needs)
            for needs in (
                self.positions,
                self.commitments,
                self.flags,
                self.actions,
                self.approvals,
                self.jobs,
            )
        )


def seats_sat_by(person: Person, on: dt.date):
    """The seats in force the person sits for on the date, by either route of
    concord.governance.representation.sits_for, in one query: a representative appointment, or
    a post in the forum's secretariat on behalf of the seat's organisation."""
    appointed = Representative.objects.in_force(on).filter(person=person).values("seat")
    posted = Post.objects.in_force(on).filter(
        person=person,
        organisation_id=OuterRef("forum__organisation_id"),
        on_behalf_of_id=OuterRef("organisation_id"),
    )
    seats = Seat.objects.in_force(on).filter(Q(pk__in=appointed) | Exists(posted))
    return seats.select_related("forum", "organisation").order_by("forum__name", "pk")


def _positions_owed(seats: list[Seat]) -> list[PositionOwed]:
    """Open proposals in the seats' forums whose current version the seat has not answered
    (no position of the seat's on it, as the chair's bulk form counts them)."""
    forums = {seat.forum_id for seat in seats}
    if not forums:
        return []
    latest = ProposalVersion.objects.filter(proposal=OuterRef("proposal")).order_by("-number")
    versions = list(
        ProposalVersion.objects.filter(
            proposal__status=ProposalStatus.OPEN,
            proposal__forum_id__in=forums,
            number=Subquery(latest.values("number")[:1]),
        )
        .select_related("proposal__forum")
        .order_by("opened_on", "proposal_id")
    )
    answered = set(
        Position.objects.filter(
            version__in=[v.pk for v in versions], seat__in=[seat.pk for seat in seats]
        ).values_list("version_id", "seat_id")
    )
    return [
        PositionOwed(
            proposal_id=version.proposal_id,
            title=version.proposal.title,
            forum=version.proposal.forum.name,
            seat=seat.organisation.name,
            version=version.number,
            opened_on=version.opened_on,
            link=reverse("governance:proposal", args=[version.proposal_id]) + "#positions",
        )
        for version in versions
        for seat in seats
        if seat.forum_id == version.proposal.forum_id and (version.pk, seat.pk) not in answered
    ]


def _commitments_at_risk(organisations: set[int]) -> list[CommitmentAtRisk]:
    """The current computed status of the organisations' commitments in force, where it is off
    track or at risk (read, never recomputed)."""
    statuses = (
        CommitmentStatus.objects.current()
        .of_status(*WORRYING)
        .filter(
            commitment__party_id__in=organisations,
            commitment__agreement__superseded_by__isnull=True,
        )
        .select_related("commitment__party", "period")
        .order_by("commitment__party__name", "commitment_id")
    )
    return [
        CommitmentAtRisk(
            commitment_id=row.commitment_id,
            what=row.commitment.what,
            party=row.commitment.party.name,
            status=row.status,
            status_label=s.LABELS[row.status],
            period=str(row.period),
            link=reverse("accountability:commitment", args=[row.commitment_id]),
        )
        for row in statuses
    ]


def _flags_concerning(organisations: set[int], forums: set[int]) -> list[FlagOpen]:
    """Unresolved red flags against the organisations, on their commitments, or on the forums."""
    concerning = (
        Q(organisation_id__in=organisations)
        | Q(commitment__party_id__in=organisations)
        | Q(forum_id__in=forums)
    )
    flags = RedFlag.objects.open().filter(concerning).select_related("organisation")
    return [
        FlagOpen(
            flag_id=flag.pk,
            title=flag.title,
            kind=flag.get_kind_display(),
            organisation=flag.organisation.name,
            state=flag.get_state_display(),
            raised_at=flag.raised_at,
            link=reverse("accountability:flag", args=[flag.pk]),
        )
        for flag in flags
    ]


def actions_due(person: Person, organisations: set[int], today: dt.date) -> list[ActionDue]:
    """Open meeting actions owned by the person or their organisations, overdue or due soon."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    due = (
        MeetingAction.objects.filter(status=ActionStatus.OPEN, due__lte=soon)
        .filter(Q(owner_person=person) | Q(owner_organisation_id__in=organisations))
        .select_related("meeting__forum", "owner_organisation", "owner_person")
        .order_by("due", "pk")
    )
    return [
        ActionDue(
            action_id=action.pk,
            description=action.description,
            forum=action.meeting.forum.name,
            owner=action.owner_person.name
            if action.owner_person
            else action.owner_organisation.name,
            due=action.due,
            overdue=action.due < today,
            link=reverse("governance:meeting-action", args=[action.pk]),
        )
        for action in due
    ]


def _forums_of(person: Person, seats: list[Seat], staffed: set[int]):
    """The person's forums: a seat they sit for, the chair, or a secretariat they staff."""
    mine = Q(chair=person) | Q(pk__in={seat.forum_id for seat in seats})
    if staffed:
        mine |= Q(organisation_id__in=staffed)
    return Forum.objects.filter(mine)


def _next_meetings(forums, today: dt.date) -> list[MeetingNext]:
    """The next planned meeting of each forum, with its pack when one has been built."""
    upcoming = Meeting.objects.upcoming(today).filter(forum__in=forums).select_related("forum")
    first = {}
    for meeting in upcoming:
        first.setdefault(meeting.forum_id, meeting)
    meetings = sorted(first.values(), key=lambda m: (m.date, m.forum.name))
    built = (
        Job.objects.filter(meeting__in=meetings, work=Job.Work.PACK, state=Job.State.DONE)
        .exclude(output="")
        .order_by("meeting_id", "-finished_at", "-pk")
    )
    packs = {}
    for job in built:
        packs.setdefault(job.meeting_id, job)
    return [
        MeetingNext(
            meeting_id=meeting.pk,
            forum=meeting.forum.name,
            date=meeting.date,
            location=meeting.location,
            link=reverse("governance:meeting", args=[meeting.pk]),
            pack_link=reverse("accountability:pack-built", args=[meeting.pk, packs[meeting.pk].pk])
            if meeting.pk in packs
            else None,
        )
        for meeting in meetings
    ]


def _approvals_for(user) -> list[SubmissionAwaiting]:
    """The submissions awaiting this analyst's approval, as the submission rules allow."""
    return [
        SubmissionAwaiting(
            submission_id=submission.pk,
            organisation=submission.organisation.name,
            period=str(submission.period),
            submitted_by=submission.created_by.get_username() if submission.created_by else "",
            link=reverse("submissions:submission", args=[submission.pk]),
        )
        for submission in awaiting(user)
    ]


def _jobs_active() -> list[JobActive]:
    """Imports, packs and refreshes queued or running."""
    jobs = Job.objects.filter(state__in=Job.ACTIVE).order_by("created_at", "pk")
    return [
        JobActive(
            job_id=job.pk,
            work=job.get_work_display(),
            key=job.key,
            file_name=job.file_name,
            state=job.get_state_display(),
            created_at=job.created_at,
            link=reverse("job", args=[job.pk]),
        )
        for job in jobs
    ]


def needs_for(user, today: dt.date) -> Needs:
    """What needs the signed-in user on the date. A login linked to no person gets only what
    their capabilities ask of them (an analyst administrator's approvals and jobs)."""
    analyst = is_analyst(user)
    person = rep.person_of(user)
    needs = Needs(today=today, person=person.name if person else None, analyst=analyst)
    if analyst:
        needs.approvals = _approvals_for(user)
        needs.jobs = _jobs_active()
    if person is None:
        return needs
    organisations = posts.organisation_ids(user, today)
    seats = list(seats_sat_by(person, today))
    forums = _forums_of(person, seats, posts.staffed(user, today))
    needs.positions = _positions_owed(seats)
    needs.commitments = _commitments_at_risk(organisations)
    needs.flags = _flags_concerning(organisations, set(forums.values_list("pk", flat=True)))
    needs.actions = actions_due(person, organisations, today)
    needs.meetings = _next_meetings(forums, today)
    return needs
