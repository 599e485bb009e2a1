"""Every change to a proposal or a meeting and to the records that hang from it: who, when,
which record, and each field before → after, oldest first or newest first.

Read from the history every save writes (django-simple-history) and from the transitions of a
proposal. A position changed by a new entry shows what it changed from: the entry it replaced.
Agreements and commitments are never edited: their rows are creations, and supersession shows
as the later agreement's "supersedes".
"""

from dataclasses import dataclass, field

from django.db.models import Q

from .models import (
    AgendaItem,
    Agreement,
    Attendance,
    Commitment,
    Decision,
    Forum,
    Meeting,
    MeetingAction,
    Position,
    Proposal,
    ProposalVersion,
    ProposedCommitment,
)

__all__ = ["Change", "KINDS", "TRACKS", "Track", "differences", "shown", "timeline", "transitions"]

KINDS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class Track:
    """What a record's history shows: its fields, the related rows to read with them, a label."""

    fields: tuple
    related: tuple = ()
    label: object = str
    replaces: str | None = None  # the field naming the earlier entry a new one changes


def _position_label(r) -> str:
    return f"Position of {r.seat.organisation.name} on version {r.version.number}"


TRACKS = {
    Forum: Track(
        ("name", "kind", "organisation", "chair", "quorum_min_seats", "decision_rule", "cadence"),
        related=("organisation", "chair"),
        label=lambda r: "Forum",
    ),
    Proposal: Track(("title", "condition", "author_organisation"), label=lambda r: "Proposal"),
    ProposalVersion: Track(
        ("number", "problem", "strategy", "change_summary"),
        label=lambda r: f"Version {r.number}",
    ),
    ProposedCommitment: Track(
        ("party", "what", "target", "start", "due", "review"),
        related=("party", "version"),
        label=lambda r: f"Commitment proposed in version {r.version.number}: {r.party.name}",
    ),
    Position: Track(
        ("stance", "reason", "person", "by_chair"),
        related=("seat__organisation", "version", "person"),
        label=_position_label,
        replaces="replaces_id",
    ),
    Decision: Track(
        ("meeting", "outcome", "acting_for", "seats_present", "notes"),
        related=("meeting__forum", "version__proposal", "acting_for"),
        label=lambda r: f"Decision on version {r.version.number}",
    ),
    Agreement: Track(
        ("title", "agreed_on", "acting_for", "supersedes"),
        related=("acting_for", "supersedes"),
        label=lambda r: f"Agreement {r.title}",
    ),
    Commitment: Track(
        ("party", "what", "target", "start", "due", "review"),
        related=("party",),
        label=lambda r: f"Agreed commitment: {r.party.name}",
    ),
    Meeting: Track(("date", "status", "location", "minutes"), label=lambda r: "Meeting"),
    Attendance: Track(
        ("person", "seat"),
        related=("person", "seat__organisation", "seat__forum"),
        label=lambda r: f"Attendance of {r.person.name}",
    ),
    AgendaItem: Track(
        ("order", "kind", "title", "proposal"),
        related=("proposal",),
        label=lambda r: f"Agenda item {r.title}",
    ),
    MeetingAction: Track(
        ("description", "owner_organisation", "owner_person", "due", "status"),
        related=("owner_organisation", "owner_person"),
        label=lambda r: f"Action: {r.description[:60]}",
    ),
}


@dataclass
class Change:
    at: object
    by: object  # the user, or None for the system
    record: str
    kind: str
    changes: list = field(default_factory=list)  # (field, before, after)

    @property
    def who(self) -> str:
        return self.by.get_username() if self.by is not None else "system"


def shown(record, name: str):
    """A field's value as a person reads it: a choice's label, a related record's name."""
    model_field = record._meta.get_field(name)
    value = getattr(record, name)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation and value is not None:
        return getattr(value, "name", None) or str(value)
    return value


def differences(before, after, fields) -> list:
    pairs = [(name, shown(before, name) if before else None, shown(after, name)) for name in fields]
    return [(name.replace("_", " "), old, new) for name, old, new in pairs if old != new]


def _changes_of(model, records) -> list[Change]:
    """The history rows of one kind of record, each compared with the one before it."""
    track, latest, changes = TRACKS[model], {}, []
    for r in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = latest.get(r.id)
        if before is None and track.replaces and r.history_type == "+":
            before = latest.get(getattr(r, track.replaces))
        kind = KINDS[r.history_type] if before is None or r.history_type != "+" else "changed"
        changes.append(
            Change(
                r.history_date,
                r.history_user,
                track.label(r),
                kind,
                differences(before, r, track.fields),
            )
        )
        latest[r.id] = r
    return changes


def _history_of(model, where):
    related = ("history_user", *TRACKS[model].related)
    history = model.history.filter(where) if isinstance(where, Q) else model.history.filter(**where)
    return history.select_related(*related)


def transitions(proposal) -> list[Change]:
    return [
        Change(
            t.at,
            t.by,
            "Status",
            "changed",
            [
                ("status", t.get_from_status_display() or None, t.get_to_status_display()),
                *([("reason", None, t.reason)] if t.reason else []),
            ],
        )
        for t in proposal.transitions.select_related("by")
    ]


def _proposal_timeline(proposal) -> list[Change]:
    sources = {
        Proposal: {"id": proposal.pk},
        ProposalVersion: {"proposal_id": proposal.pk},
        ProposedCommitment: {"version__proposal": proposal},
        Position: {"version__proposal": proposal},
        Decision: {"version__proposal": proposal},
        Agreement: {"proposal_id": proposal.pk},
        Commitment: {"agreement__proposal": proposal},
    }
    return _newest_first(sources, transitions(proposal))


def _meeting_timeline(meeting) -> list[Change]:
    sources = {
        Meeting: {"id": meeting.pk},
        Attendance: {"meeting_id": meeting.pk},
        AgendaItem: {"meeting_id": meeting.pk},
        MeetingAction: {"meeting_id": meeting.pk},
        Decision: {"meeting_id": meeting.pk},
    }
    return _newest_first(sources)


def _newest_first(sources: dict, extra=()) -> list[Change]:
    changes = list(extra)
    for model, where in sources.items():
        changes += _changes_of(model, _history_of(model, where))
    return sorted(changes, key=lambda c: c.at, reverse=True)


def timeline(record) -> list[Change]:
    """A proposal's or a meeting's whole timeline; any other record's own changes."""
    if isinstance(record, Proposal):
        return _proposal_timeline(record)
    if isinstance(record, Meeting):
        return _meeting_timeline(record)
    if isinstance(record, Agreement):
        return _agreement_timeline(record)
    return _newest_first({type(record): {"id": record.pk}})


def _agreement_timeline(agreement) -> list[Change]:
    """The agreement, its commitments, and the later agreement that superseded it, if any:
    none of them is ever edited, so supersession is the only change after agreement."""
    sources = {
        Agreement: Q(id=agreement.pk) | Q(supersedes_id=agreement.pk),
        Commitment: {"agreement_id": agreement.pk},
    }
    return _newest_first(sources)
