"""A forum's terms of reference applied: is a meeting quorate, can a version carry, and why?

Quorum is judged from the attendance recorded for a meeting. Whether a version carries is judged
from the positions recorded on it by the seats in force: a standing objection blocks it under
consent, and a seat that has not answered counts as consenting only where the forum's terms say
silence is consent.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.timezone import localdate

from .models import Forum, Meeting, Proposal, ProposalVersion
from .models.choices import DecisionRule, MeetingStatus, Stance

__all__ = ["Prospect", "Quorum", "Tally", "names", "prospect", "quorum", "quorum_needed", "tally"]


def names(seats) -> str:
    return ", ".join(seats)


@dataclass
class Quorum:
    seats_present: int
    min_seats: int
    required_missing: list[str] = field(default_factory=list)

    @property
    def quorate(self) -> bool:
        return self.seats_present >= self.min_seats and not self.required_missing

    def explain(self) -> str:
        if self.quorate:
            return f"Quorate: {self.seats_present} seats represented (at least {self.min_seats})."
        parts = [f"{self.seats_present} of at least {self.min_seats} seats represented"]
        if self.required_missing:
            parts.append("required seats absent: " + names(self.required_missing))
        return "Not quorate: " + "; ".join(parts) + "."


def quorum(meeting: Meeting) -> Quorum:
    """Counts seats in force on the meeting's date that someone attended for."""
    seats = meeting.forum.seats.in_force(meeting.date).select_related("organisation")
    present = set(meeting.attendance.filter(seat__isnull=False).values_list("seat_id", flat=True))
    missing = [s.organisation.name for s in seats if s.required and s.pk not in present]
    counted = sum(1 for s in seats if s.pk in present)
    return Quorum(counted, meeting.forum.quorum_min_seats, missing)


@dataclass
class Tally:
    """The positions on one version, by seat name; `unanswered` are seats in force with none."""

    rule: str
    support: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    abstain: list[str] = field(default_factory=list)
    objecting: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    silence_is_consent: bool = False

    @property
    def in_favour(self) -> int:
        silent = len(self.unanswered) if self.silence_is_consent else 0
        return len(self.support) + len(self.concerns) + silent

    @property
    def carries(self) -> bool:
        if self.rule == DecisionRule.CONSENT:
            return not self.objecting and (self.silence_is_consent or not self.unanswered)
        return self.in_favour > len(self.objecting)

    def blocking(self) -> list[str]:
        """Why the version cannot carry, one reason a line, each naming its seats."""
        if self.carries:
            return []
        if self.rule == DecisionRule.MAJORITY:
            return [self.no_majority()]
        reasons = []
        if self.objecting:
            reasons.append(
                f"Under consent, a standing objection blocks agreement: {names(self.objecting)} "
                "object. Amend the proposal or ask the objector to withdraw."
            )
        if self.unanswered and not self.silence_is_consent:
            reasons.append(self.silent())
        return reasons

    def no_majority(self) -> str:
        objecting = f" ({names(self.objecting)})" if self.objecting else ""
        reason = (
            f"No majority: {self.in_favour} seats support and {len(self.objecting)} "
            f"object{objecting}."
        )
        if self.unanswered and not self.silence_is_consent:
            reason += " Silence is not consent in this forum: " + self.waiting()
        return reason

    def silent(self) -> str:
        return "Silence is not consent in this forum: " + self.waiting()

    def waiting(self) -> str:
        return f"seats not yet answered: {names(self.unanswered)}."

    def explain(self) -> str:
        if not self.carries:
            return " ".join(self.blocking())
        said = "The proposal carries under the forum's decision rule"
        if self.unanswered:
            taken = "taken as consent" if self.silence_is_consent else "not needed for a majority"
            return f"{said}; seats not yet answered ({taken}): {names(self.unanswered)}."
        return said + ": every seat has answered and none stands objecting."


def tally(version: ProposalVersion, on: dt.date | None = None) -> Tally:
    """The positions on a version against the seats of its forum in force on `on` (today)."""
    forum = version.proposal.forum
    positions = list(version.positions.standing().select_related("seat__organisation"))
    answered = {p.seat_id for p in positions}
    seats = forum.seats.in_force(on or localdate()).select_related("organisation")
    by_stance = lambda stance: [p.seat.organisation.name for p in positions if p.stance == stance]  # noqa: E731
    return Tally(
        rule=forum.decision_rule,
        support=by_stance(Stance.SUPPORT),
        concerns=by_stance(Stance.CONCERNS),
        abstain=by_stance(Stance.ABSTAIN),
        objecting=by_stance(Stance.OBJECT),
        unanswered=[s.organisation.name for s in seats if s.pk not in answered],
        silence_is_consent=forum.silence_is_consent,
    )


def _eligible_meetings(proposal: Proposal, on: dt.date | None = None):
    """Held meetings of the forum at which the current version could be decided."""
    opened = proposal.current.opened_on
    if opened is None:
        return proposal.forum.meetings.none()
    held = proposal.forum.meetings.filter(status=MeetingStatus.HELD)
    return held.filter(date__gte=opened, date__lte=on or localdate())


def quorum_needed(forum: Forum, on: dt.date | None = None) -> str:
    """The forum's quorum in words, naming its required seats."""
    required = forum.seats.in_force(on or localdate()).filter(required=True)
    needed = f"at least {forum.quorum_min_seats} seats represented"
    if required:
        needed += ", including " + names(s.organisation.name for s in required)
    return needed


@dataclass
class Prospect:
    """Whether the proposal's current version can carry, and every reason it cannot."""

    tally: Tally
    opened_on: dt.date | None
    quorum_needed: str
    meeting: Meeting | None = None
    meeting_quorum: Quorum | None = None

    @property
    def reasons(self) -> list[str]:
        return self.tally.blocking() + self.meeting_reasons()

    def meeting_reasons(self) -> list[str]:
        if self.opened_on is None:
            return ["This version has not been put to the forum for positions."]
        if self.meeting is None:
            return [
                "No meeting has been held since this version was put to the forum on "
                f"{self.opened_on:%-d %B %Y}: a decision needs a held meeting on or after that "
                f"day with {self.quorum_needed}."
            ]
        if not self.meeting_quorum.quorate:
            return [
                f"No quorate meeting has been held since {self.opened_on:%-d %B %Y}. "
                f"The meeting of {self.meeting.date:%-d %B %Y}: {self.meeting_quorum.explain()}"
            ]
        return []

    @property
    def can_carry(self) -> bool:
        return not self.reasons


def _decisive_meeting(proposal: Proposal, on: dt.date | None = None):
    """The latest quorate meeting that could decide the current version, else the latest."""
    meetings = list(_eligible_meetings(proposal, on).order_by("-date"))
    checked = [(m, quorum(m)) for m in meetings]
    return next((pair for pair in checked if pair[1].quorate), checked[0] if checked else None)


def prospect(proposal: Proposal, on: dt.date | None = None) -> Prospect:
    """Can the current version carry today: its positions, and a quorate meeting to decide it."""
    version = proposal.current
    meeting, meeting_quorum = _decisive_meeting(proposal, on) or (None, None)
    return Prospect(
        tally=tally(version, on),
        opened_on=version.opened_on,
        quorum_needed=quorum_needed(proposal.forum, on),
        meeting=meeting,
        meeting_quorum=meeting_quorum,
    )
