"""What the governance API returns; fields named as in the models."""

import datetime as dt

from ninja import Field, Schema

from concord.api.schemas import OrganisationRef

from .models.choices import (
    ActionStatus,
    Cadence,
    DecisionRule,
    ForumKind,
    ItemKind,
    MeetingStatus,
)
from .trails import standing


class PersonRef(Schema):
    id: int
    name: str


class SeatOut(Schema):
    id: int
    organisation: OrganisationRef
    required: bool
    start: dt.date | None
    end: dt.date | None


class ForumOut(Schema):
    slug: str
    name: str
    kind: str
    decision_rule: str
    quorum_min_seats: int
    silence_is_consent: bool
    cadence: str
    chair: PersonRef | None
    organisation: OrganisationRef | None
    acts_for: list[OrganisationRef]


class ForumDetailOut(ForumOut):
    """`change` is what `based_on` refers to when the terms are changed."""

    seats: list[SeatOut]
    change: int | None = None

    @staticmethod
    def resolve_change(obj) -> int | None:
        return latest_change_id(obj)


class MeetingOut(Schema):
    id: int
    forum: str = Field(alias="forum.slug")
    date: dt.date
    status: str


class PositionOut(Schema):
    """One entry in a seat's trail; `replaces` is the entry it changed, kept in the trail."""

    id: int
    seat: int = Field(alias="seat_id")
    organisation: OrganisationRef = Field(alias="seat.organisation")
    stance: str
    reason: str
    person: PersonRef
    by_chair: bool
    replaces: int | None = Field(alias="replaces_id")
    recorded_at: dt.datetime


class CommitmentTermsOut(Schema):
    party: OrganisationRef
    what: str
    indicators: list[str] = Field(default_factory=list)
    baseline_value: float | None
    baseline_period: str
    target: float | None
    trajectory: list[dict]
    start: dt.date | None
    due: dt.date | None
    review: dt.date | None

    @staticmethod
    def resolve_indicators(obj) -> list[str]:
        return [i.code for i in obj.indicators.all()]


class VersionOut(Schema):
    number: int
    problem: str
    strategy: str
    change_summary: str
    opened_on: dt.date | None  # put to the forum for positions; decided only at a meeting since
    commitments: list[CommitmentTermsOut] = Field(alias="commitments.all")
    positions: list[PositionOut] = Field(description="each seat's standing position")
    trail: list[PositionOut] = Field(description="every entry, changed ones included, oldest first")

    @staticmethod
    def resolve_positions(obj) -> list:
        return standing(list(obj.positions.all()))

    @staticmethod
    def resolve_trail(obj) -> list:
        return sorted(obj.positions.all(), key=lambda entry: entry.pk)


class TransitionOut(Schema):
    from_status: str
    to_status: str
    reason: str
    at: dt.datetime


class ProposalOut(Schema):
    id: int
    forum: str = Field(alias="forum.slug")
    title: str
    condition: str
    status: str
    author_organisation: OrganisationRef


class ProposalDetailOut(ProposalOut):
    versions: list[VersionOut] = Field(alias="versions.all")
    transitions: list[TransitionOut] = Field(alias="transitions.all")


class AgreementOut(Schema):
    id: int
    forum: str = Field(alias="forum.slug")
    proposal: int = Field(alias="proposal_id")
    version: int = Field(alias="version.number")
    title: str
    strategy: str
    agreed_on: dt.date
    acting_for: OrganisationRef | None
    supersedes: int | None = Field(alias="supersedes_id")
    in_force: bool
    commitments: list[CommitmentTermsOut] = Field(alias="commitments.all")


class CommitmentOut(CommitmentTermsOut):
    id: int
    agreement: int = Field(alias="agreement_id")


class ProposalIn(Schema):
    forum: str = Field(description="the forum's slug")
    title: str
    condition: str = ""
    author_organisation: str = Field(description="code of the organisation putting it")
    problem: str
    strategy: str


class AmendIn(Schema):
    change_summary: str
    problem: str | None = None
    strategy: str | None = None
    based_on: int | None = Field(
        None,
        description="number of the version amended: refused (409) if a later one came meanwhile",
    )


class ReasonIn(Schema):
    reason: str = ""


class PositionIn(Schema):
    seat: int = Field(description="the seat's id")
    stance: str = Field(description="support, concerns, abstain or object")
    reason: str = ""
    seen: int | None = Field(
        None,
        description=(
            "id of the seat's newest entry you have seen (from trail); needed to change a "
            "position: if someone recorded a newer one meanwhile, the change is refused (409)"
        ),
    )


class DecisionIn(Schema):
    meeting: int
    outcome: str = Field(description="agreed or not_agreed")
    acting_for: str | None = Field(None, description="statutory body's code (joint committees)")
    notes: str = ""


class DecisionOut(Schema):
    id: int
    outcome: str
    acting_for: OrganisationRef | None
    seats_present: int
    agreement: int | None = None

    @staticmethod
    def resolve_agreement(obj) -> int | None:
        return getattr(getattr(obj, "agreement", None), "pk", None)


class FieldChangeOut(Schema):
    field: str
    before: str | None
    after: str | None


class ChangeOut(Schema):
    """One change in a record's history: who, when, which record, each field before → after."""

    at: dt.datetime
    by: str | None
    record: str
    kind: str = Field(description="created, changed or deleted")
    changes: list[FieldChangeOut]

    @staticmethod
    def resolve_by(obj) -> str | None:
        return obj.by.get_username() if obj.by is not None else None

    @staticmethod
    def resolve_changes(obj) -> list[dict]:
        text = lambda value: None if value is None else str(value)  # noqa: E731
        return [{"field": f, "before": text(b), "after": text(a)} for f, b, a in obj.changes]


# -- setting forums up and running their meetings ----------------------------------------------

CHANGE = "the record's latest change (from `change`): refused (409) if someone changed it since"


def latest_change_id(obj) -> int | None:
    """The id of the record's newest history row: what `based_on` names."""
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first()


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
