"""What the governance API returns; fields named as in the models. What it takes and returns
for setting forums up and running their meetings is in meeting_schemas.py."""

import datetime as dt

from ninja import Field, Schema

from concord.api.schemas import OrganisationRef

from .trails import standing

__all__ = [
    "AgreementOut",
    "AmendIn",
    "CHANGE",
    "ChangeOut",
    "CommitmentOut",
    "CommitmentTermsOut",
    "DecisionIn",
    "DecisionOut",
    "FieldChangeOut",
    "ForumDetailOut",
    "ForumOut",
    "MeetingOut",
    "PersonRef",
    "PositionIn",
    "PositionOut",
    "ProposalDetailOut",
    "ProposalIn",
    "ProposalOut",
    "ReasonIn",
    "SeatOut",
    "TransitionOut",
    "VersionOut",
    "latest_change_id",
]

CHANGE = "the record's latest change (from `change`): refused (409) if someone changed it since"


def latest_change_id(obj) -> int | None:
    """The id of the record's newest history row: what `based_on` names."""
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first()


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
