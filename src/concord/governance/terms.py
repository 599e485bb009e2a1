"""A forum's terms of reference applied: is a meeting quorate, does a version carry?"""

from dataclasses import dataclass, field

from .models import Meeting, ProposalVersion
from .models.choices import DecisionRule


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
            parts.append("required seats absent: " + ", ".join(self.required_missing))
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
    rule: str
    support: int
    concerns: int
    abstain: int
    objecting: list[str]

    @property
    def carries(self) -> bool:
        if self.rule == DecisionRule.CONSENT:
            return not self.objecting
        return self.support + self.concerns > len(self.objecting)

    def explain(self) -> str:
        if self.rule == DecisionRule.CONSENT and self.objecting:
            return (
                "Under consent, a standing objection blocks agreement: "
                + ", ".join(self.objecting)
                + " object. Amend the proposal or ask the objector to withdraw."
            )
        if self.rule == DecisionRule.MAJORITY and not self.carries:
            return (
                f"No majority: {self.support + self.concerns} seats support and "
                f"{len(self.objecting)} object."
            )
        return "The proposal carries under the forum's decision rule."


def tally(version: ProposalVersion) -> Tally:
    positions = list(version.positions.standing().select_related("seat__organisation"))
    count = lambda stance: sum(1 for p in positions if p.stance == stance)  # noqa: E731
    return Tally(
        rule=version.proposal.forum.decision_rule,
        support=count("support"),
        concerns=count("concerns"),
        abstain=count("abstain"),
        objecting=[p.seat.organisation.name for p in positions if p.stance == "object"],
    )
