"""Schemas of `GET /api/v1/me/needs`: the fields of concord.accountability.needs, as they are."""

import datetime as dt

from ninja import Schema

__all__ = ["NeedsOut"]


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
