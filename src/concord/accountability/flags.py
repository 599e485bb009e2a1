"""Red flags, raised from evidence with a link to it, gateway-style.

Each detector returns the conditions that hold now, each with a key naming what it is about.
`raise_flags` keeps the flags in step: a condition with no unresolved flag raises a new one (its
commitment's owners are told: concord.notifications); an unresolved flag whose condition still
holds takes the fresh evidence; one whose condition no longer holds is marked so, but stays
until a person resolves it, and a commitment's flag then says so with its current status (so its
text agrees with the charts beside it in a pack, not with the data of when it was raised). Flags
are never deleted; each change of their evidence is kept in their history.

- special cause: the latest point of a committed indicator is a special cause of concern;
- failing: the SPC assurance icon says the process will consistently fail the milestone;
- overdue: the due date has passed and the commitment is not met;
- no data: the last NO_DATA_FLAG_PERIODS or more periods of a measured commitment had no data;
- inquorate: a forum's last two held meetings were both inquorate;
- seat vacant: a seat in force today with nobody sitting for it (see vacant_seats);
- contract ending / KPI unbacked: see contract_flags.py.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from concord.governance import representation as rep
from concord.governance.models import Forum
from concord.governance.terms import quorum
from concord.notifications import notices

from . import status as s
from .models import CommitmentStatus, FlagKind, RedFlag

__all__ = [
    "FlagCondition",
    "FIELDS",
    "NO_DATA_FLAG_PERIODS",
    "about",
    "failing",
    "inquorate",
    "no_data",
    "overdue",
    "raise_flags",
    "special_cause",
    "update",
]

NO_DATA_FLAG_PERIODS = 3  # consecutive periods without data that raise a flag


@dataclass
class FlagCondition:
    kind: str
    key: str
    title: str
    evidence: str
    link: str
    organisation_id: int
    commitment_id: int | None = None
    forum_id: int | None = None
    numbers: dict = field(default_factory=dict)


def _commitment_link(commitment_id: int) -> str:
    return reverse("accountability:commitment", args=[commitment_id])


def _statuses_by_commitment(statuses=None) -> dict:
    """commitment id -> its statuses in period order; from `statuses` when given (in memory)."""
    by_commitment = {}
    if statuses is not None:
        for row in statuses:
            by_commitment.setdefault(row.commitment_id, []).append(row)
        return by_commitment
    rows = CommitmentStatus.objects.select_related("commitment__party", "period")
    for row in rows.filter(commitment__agreement__superseded_by__isnull=True).order_by(
        "commitment_id", "period__start"
    ):
        by_commitment.setdefault(row.commitment_id, []).append(row)
    return by_commitment


def _commitment_conditions(today: dt.date, histories: dict) -> list[FlagCondition]:
    conditions = []
    for history in histories.values():
        current = history[-1]
        for detect in (special_cause, failing, overdue, no_data):
            condition = detect(current, history, today)
            if condition is not None:
                conditions.append(condition)
    return conditions


def about(current: CommitmentStatus, kind: str, title: str, evidence: str) -> FlagCondition:
    c = current.commitment
    return FlagCondition(
        kind=kind,
        key=f"{kind}:commitment:{c.pk}",
        title=f"{c.party.name}: {title}",
        evidence=evidence,
        link=_commitment_link(c.pk),
        organisation_id=c.party_id,
        commitment_id=c.pk,
        numbers=current.numbers,
    )


def special_cause(current, history, today) -> FlagCondition | None:
    n = current.numbers
    if n.get("variation") != "concern":
        return None
    evidence = (
        f"The latest point of {n['indicator']} ({n['value']:.1f} for {n['latest_period']}) is "
        "a special cause of concern on the SPC chart (Making Data Count rules)."
    )
    return about(
        current, FlagKind.SPECIAL_CAUSE, f"special cause of concern in {n['indicator']}", evidence
    )


def failing(current, history, today) -> FlagCondition | None:
    n = current.numbers
    if n.get("assurance") != "fail":
        return None
    evidence = (
        f"The milestone {n['milestone']:.1f} ({n['milestone_source']}) lies beyond the process "
        f"limits of {n['indicator']} on the worse side: the process will consistently fail it."
    )
    return about(current, FlagKind.FAILING, f"consistently failing {n['indicator']}", evidence)


def overdue(current, history, today) -> FlagCondition | None:
    due = current.commitment.due
    if due is None or due >= today or current.status == s.MET:
        return None
    evidence = f"Due on {due:%-d %B %Y} and not shown to be met: {current.explanation}"
    return about(current, FlagKind.OVERDUE, f"overdue since {due:%-d %B %Y}", evidence)


def no_data(current, history, today) -> FlagCondition | None:
    run = 0
    for row in reversed(history):
        if row.status != s.NO_DATA or row.rule != 5:
            break
        run += 1
    if run < NO_DATA_FLAG_PERIODS:
        return None
    evidence = f"No usable data for the last {run} periods. {current.explanation}"
    return about(current, FlagKind.NO_DATA, f"no data for {run} periods", evidence)


def _forum_conditions(today: dt.date) -> list[FlagCondition]:
    conditions = []
    for forum in Forum.objects.select_related("organisation"):
        conditions += inquorate(forum) + _vacant_seats(forum, today)
    return conditions


def _forum_party(forum: Forum):
    """Whom a forum flag is against: the forum's secretariat, else its first required seat."""
    if forum.organisation_id:
        return forum.organisation_id
    seat = forum.seats.order_by("-required", "id").first()
    return seat.organisation_id if seat else None


def inquorate(forum: Forum) -> list[FlagCondition]:
    held = list(forum.meetings.filter(status="held").order_by("-date")[:2])
    if len(held) < 2 or any(quorum(m).quorate for m in held):
        return []
    words = "; ".join(f"{m.date:%-d %B %Y}: {quorum(m).explain()}" for m in held)
    party = _forum_party(forum)
    if party is None:
        return []
    link = reverse("governance:forum", args=[forum.slug])
    return [
        FlagCondition(
            FlagKind.INQUORATE,
            f"inquorate:forum:{forum.pk}:{held[0].pk}",
            f"{forum.name}: inquorate at its last two meetings",
            words,
            link,
            party,
            forum_id=forum.pk,
        )
    ]


def _vacant_seats(forum: Forum, today: dt.date) -> list[FlagCondition]:
    """Seats nobody sits for: required seats always; others when the forum fills at least
    half its seats (a group whose members attend without appointment is not flagged seat by
    seat)."""
    conditions = []
    link = reverse("governance:forum", args=[forum.slug])
    seats = list(forum.seats.in_force(today).select_related("organisation", "forum"))
    empty = [seat for seat in seats if not rep.representatives(seat, today)]
    filled_half = 2 * (len(seats) - len(empty)) >= len(seats)
    for seat in empty:
        if not (seat.required or filled_half):
            continue
        conditions.append(
            FlagCondition(
                FlagKind.SEAT_VACANT,
                f"seat_vacant:seat:{seat.pk}",
                f"{forum.name}: the seat of {seat.organisation.name} is vacant",
                f"Nobody sits for {seat.organisation.name} in {forum.name} on "
                f"{today:%-d %B %Y}: no appointed representative and no post on its behalf.",
                link,
                seat.organisation_id,
                forum_id=forum.pk,
            )
        )
    return conditions


def _all_conditions(today: dt.date, histories: dict) -> list[FlagCondition]:
    from .contract_flags import contract_conditions

    conditions = _commitment_conditions(today, histories) + _forum_conditions(today)
    return conditions + contract_conditions(today)


FIELDS = ("title", "evidence", "link", "numbers")


def raise_flags(*, today: dt.date, statuses=None) -> int:
    """Keep the flags in step with the conditions; returns how many were newly raised.
    `statuses`: every commitment's statuses just computed (else read from the database)."""
    histories = _statuses_by_commitment(statuses)
    conditions = {c.key: c for c in _all_conditions(today, histories)}
    unresolved = {f.key: f for f in RedFlag.objects.open()}
    raised = _raise_new([c for key, c in conditions.items() if key not in unresolved], today)
    for key, flag in unresolved.items():
        history = histories.get(flag.commitment_id) or [None]
        update(flag, conditions.get(key), history[-1])
    return len(raised)


def _no_longer_holds(current) -> str:
    """The evidence of a commitment's flag whose condition cleared: its current status."""
    return f"No longer holds in the latest data. {current.explanation}"


def update(flag: RedFlag, condition: FlagCondition | None, current=None) -> None:
    """Fresh evidence for a flag whose condition holds. One that no longer holds is marked so,
    and a commitment's flag takes the evidence of its `current` status."""
    changes = {"still_holds": condition is not None}
    if condition is not None:
        changes.update({name: getattr(condition, name) for name in FIELDS})
    elif current is not None:
        changes.update(evidence=_no_longer_holds(current), numbers=current.numbers)
    if any(getattr(flag, name) != value for name, value in changes.items()):
        for name, value in changes.items():
            setattr(flag, name, value)
        flag.save()


def _raise_new(conditions: list[FlagCondition], today: dt.date) -> list[RedFlag]:
    """New flags (with their history rows); the owners of a flagged commitment are told."""
    flags = bulk_create_with_history(
        [
            RedFlag(
                kind=c.kind,
                key=c.key,
                title=c.title,
                evidence=c.evidence,
                link=c.link,
                numbers=c.numbers,
                organisation_id=c.organisation_id,
                commitment_id=c.commitment_id,
                forum_id=c.forum_id,
            )
            for c in conditions
        ],
        RedFlag,
    )
    on_commitments = [f.pk for f in flags if f.commitment_id]
    notices.flags_raised(
        RedFlag.objects.filter(pk__in=on_commitments).select_related("commitment"), today
    )
    return flags
