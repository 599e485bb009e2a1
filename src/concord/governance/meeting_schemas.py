"""What the governance API takes and returns for setting forums up and running their meetings;
`change` on a record is what `based_on` sends back."""

import datetime as dt

from ninja import Field, Schema
from pydantic import model_validator

from concord.api.schemas import OrganisationRef

from .models.choices import ActionStatus, Cadence, DecisionRule, ForumKind, ItemKind, MeetingStatus
from .schemas import CHANGE, PersonRef, latest_change_id

__all__ = [
    "ActionStatusIn",
    "AgendaItemIn",
    "AgendaItemOut",
    "AttendanceIn",
    "AttendanceOut",
    "AttendancesIn",
    "ChairPositionsIn",
    "ForumIn",
    "MeetingActionChangeIn",
    "MeetingActionIn",
    "MeetingActionOut",
    "MeetingIn",
    "MeetingRecordOut",
    "MinutesIn",
    "MoveIn",
    "NULLABLE",
    "PlanIn",
    "RefusedRowOut",
    "RepresentativeIn",
    "RepresentativeOut",
    "RowsRefusedOut",
    "SeatAttendanceIn",
    "SeatEndIn",
    "SeatIn",
    "SeatPositionIn",
    "TermsIn",
]


class ForumIn(Schema):
    name: str = Field(min_length=1)
    kind: ForumKind
    slug: str = Field("", description="made from the name when blank")
    organisation: str | None = Field(None, description="the secretariat's organisation code")
    chair: int | None = Field(None, description="the chair's person id")
    quorum_min_seats: int = Field(1, ge=1)
    decision_rule: DecisionRule = DecisionRule.CONSENT
    silence_is_consent: bool = False
    cadence: Cadence = Cadence.MONTHLY
    purpose: str = ""
    acts_for: list[str] = Field(default_factory=list, description="statutory bodies' codes")


class TermsIn(Schema):
    """Only the terms given are changed; `chair: null` leaves the forum without a chair."""

    name: str | None = Field(None, min_length=1)
    kind: ForumKind | None = None
    chair: int | None = Field(None, description="the chair's person id")
    quorum_min_seats: int | None = Field(None, ge=1)
    decision_rule: DecisionRule | None = None
    silence_is_consent: bool | None = None
    cadence: Cadence | None = None
    purpose: str | None = None
    acts_for: list[str] | None = Field(None, description="statutory bodies' codes (joint only)")
    based_on: int | None = Field(None, description=CHANGE)

    @model_validator(mode="after")
    def only_the_chair_may_be_null(self):
        """A term given as null would be stored as nothing: only the chair may be left empty."""
        nulls = sorted(k for k in self.model_fields_set - NULLABLE if getattr(self, k) is None)
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null: leave a term out to keep it")
        return self


NULLABLE = {"chair", "based_on"}


class SeatIn(Schema):
    organisation: str = Field(description="organisation code")
    required: bool = False
    start: dt.date | None = None


class SeatEndIn(Schema):
    end: dt.date = Field(description="the seat's last day")


class RepresentativeIn(Schema):
    person: int = Field(description="the person's id")
    start: dt.date | None = None
    end: dt.date | None = None


class RepresentativeOut(Schema):
    id: int
    seat: int = Field(alias="seat_id")
    person: PersonRef
    start: dt.date | None
    end: dt.date | None


class MeetingIn(Schema):
    date: dt.date
    location: str = ""


class PlanIn(Schema):
    first: dt.date = Field(description="the first meeting's date; the rest follow the cadence")
    count: int = Field(ge=1, le=52)


class MeetingRecordOut(Schema):
    """A meeting as its chair manages it; `change` is what `based_on` refers to."""

    id: int
    forum: str = Field(alias="forum.slug")
    date: dt.date
    status: MeetingStatus
    location: str
    minutes: str
    change: int | None = None

    @staticmethod
    def resolve_change(obj) -> int | None:
        return latest_change_id(obj)


class AttendanceIn(Schema):
    person: int = Field(description="the person's id")
    seat: int | None = Field(None, description="the seat's id, if they sit for one")


class AttendanceOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    person: PersonRef
    seat: int | None = Field(None, alias="seat_id")


class SeatAttendanceIn(Schema):
    seat: int = Field(description="the seat's id")
    person: int | None = Field(description="who sat for it (person id), or null: not represented")


class AttendancesIn(Schema):
    """Seats not listed are left as they are; the rows are written all together or not at all."""

    attendance: list[SeatAttendanceIn] = Field(min_length=1)


class SeatPositionIn(Schema):
    seat: int = Field(description="the seat's id")
    stance: str = Field(description="support, concerns, abstain or object")
    reason: str = ""


class ChairPositionsIn(Schema):
    """The chair's positions on the seats' behalf, all recorded or none."""

    positions: list[SeatPositionIn] = Field(min_length=1)
    seen: int | None = Field(
        None, description="id of the newest entry you have seen: a seat answering since is refused"
    )


class RefusedRowOut(Schema):
    seat: str = Field(description="the seat's organisation")
    reason: str


class RowsRefusedOut(Schema):
    """A change of several rows refused as a whole: each refused row (`rows`) and why."""

    detail: str
    rows: list[RefusedRowOut] = Field(default_factory=list)


class AgendaItemIn(Schema):
    title: str = Field(min_length=1, max_length=255)
    kind: ItemKind = ItemKind.FOR_DISCUSSION
    proposal: int | None = Field(None, description="the proposal's id (needed for decision)")


class AgendaItemOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    order: int
    kind: ItemKind
    title: str
    proposal: int | None = Field(None, alias="proposal_id")


class MoveIn(Schema):
    direction: str = Field(pattern="^(up|down)$", description="up or down the agenda")


class MinutesIn(Schema):
    minutes: str
    based_on: int | None = Field(None, description=CHANGE)


class MeetingActionIn(Schema):
    description: str = Field(min_length=1)
    owner_organisation: str = Field(description="organisation code")
    owner_person: int | None = Field(None, description="the person's id")
    due: dt.date | None = None
    item: int | None = Field(None, description="the agenda item's id")


class MeetingActionChangeIn(Schema):
    """Only the terms given are changed."""

    description: str | None = None
    owner_organisation: str | None = Field(None, description="organisation code")
    owner_person: int | None = Field(None, description="the person's id")
    due: dt.date | None = None
    item: int | None = Field(None, description="the agenda item's id")
    status: ActionStatus | None = None
    based_on: int | None = Field(None, description=CHANGE)


class ActionStatusIn(Schema):
    status: ActionStatus


class MeetingActionOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    item: int | None = Field(None, alias="item_id")
    description: str
    owner_organisation: OrganisationRef
    owner_person: PersonRef | None
    due: dt.date | None
    status: ActionStatus
    change: int | None = None

    @staticmethod
    def resolve_change(obj) -> int | None:
        return latest_change_id(obj)
