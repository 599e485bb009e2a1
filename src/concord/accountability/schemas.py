"""The accountability endpoints' schemas: statuses, red flags and proposed agenda items under
/api/v1/accountability, and what needs the signed-in person (`GET /api/v1/me/needs`), the fields of
concord.accountability.needs as they are."""

import datetime as dt

from ninja import Field, Schema

__all__ = [
    "AgendaProposalOut",
    "DecideIn",
    "DismissIn",
    "FlagOut",
    "HandledFlagOut",
    "NeedsOut",
    "NoteIn",
    "StatusOut",
]


class StatusOut(Schema):
    commitment: int
    party: str
    period: str
    status: str
    rule: int
    explanation: str
    numbers: dict


class FlagOut(Schema):
    id: int
    kind: str
    title: str
    evidence: str
    link: str
    against: str
    state: str
    still_holds: bool


class HandledFlagOut(FlagOut):
    note: str
    handled_by: str | None
    handled_at: dt.datetime | None


class NoteIn(Schema):
    note: str = ""


class AgendaProposalOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    kind: str
    title: str
    reason: str
    state: str
    decision_note: str
    agenda_item: int | None = Field(None, alias="agenda_item_id")


class DismissIn(Schema):
    reason: str = Field(min_length=1)


class DecideIn(Schema):
    proposals: list[int] = Field(min_length=1, description="the proposed items' ids")
    accept: bool = Field(description="true: put them on the agenda; false: dismiss them")
    reason: str = Field("", description="the note on accepting; needed to dismiss")


# ---- what needs the signed-in person ---------------------------------------------------------


class PositionOwedOut(Schema):
    proposal_id: int
    title: str
    forum: str
    seat: str
    version: int
    opened_on: dt.date | None
    link: str


class CommitmentAtRiskOut(Schema):
    commitment_id: int
    what: str
    party: str
    status: str
    status_label: str
    period: str
    link: str


class FlagOpenOut(Schema):
    flag_id: int
    title: str
    kind: str
    organisation: str
    state: str
    raised_at: dt.datetime
    link: str


class ActionDueOut(Schema):
    action_id: int
    description: str
    forum: str
    owner: str
    due: dt.date
    overdue: bool
    link: str


class MeetingNextOut(Schema):
    meeting_id: int
    forum: str
    date: dt.date
    location: str
    link: str
    pack_link: str | None


class SubmissionAwaitingOut(Schema):
    submission_id: int
    organisation: str
    period: str
    submitted_by: str
    link: str


class JobActiveOut(Schema):
    job_id: int
    work: str
    key: str
    file_name: str
    state: str
    created_at: dt.datetime
    link: str


class NeedsOut(Schema):
    today: dt.date
    person: str | None
    analyst: bool
    pending: int
    positions: list[PositionOwedOut]
    commitments: list[CommitmentAtRiskOut]
    flags: list[FlagOpenOut]
    actions: list[ActionDueOut]
    meetings: list[MeetingNextOut]
    approvals: list[SubmissionAwaitingOut]
    jobs: list[JobActiveOut]
