"""The accountability endpoints' schemas: statuses, red flags and proposed agenda items under
/api/v1/accountability, and what needs the signed-in person (`GET /api/v1/me/needs`), the fields of
concord.accountability.needs as they are."""

import datetime as dt

from ninja import Field, Schema

from concord.accountability import needs
from concord.api.schemas import schema_of

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


PositionOwedOut = schema_of(needs.PositionOwed, "PositionOwedOut")
CommitmentAtRiskOut = schema_of(needs.CommitmentAtRisk, "CommitmentAtRiskOut")
FlagOpenOut = schema_of(needs.FlagOpen, "FlagOpenOut")
ActionDueOut = schema_of(needs.ActionDue, "ActionDueOut")
MeetingNextOut = schema_of(needs.MeetingNext, "MeetingNextOut")
SubmissionAwaitingOut = schema_of(needs.SubmissionAwaiting, "SubmissionAwaitingOut")
JobActiveOut = schema_of(needs.JobActive, "JobActiveOut")


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
