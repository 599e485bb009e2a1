"""Forums and their meetings, proposals and positions, agreements and the commitments they bind."""

from .agreements import Agreement, Commitment, Decision
from .forums import AgendaItem, Attendance, Forum, Meeting, MeetingAction, Representative, Seat
from .proposals import Position, Proposal, ProposalVersion, ProposedCommitment, Transition

__all__ = [
    "AgendaItem",
    "Agreement",
    "Attendance",
    "Commitment",
    "Decision",
    "Forum",
    "Meeting",
    "MeetingAction",
    "Position",
    "Proposal",
    "ProposalVersion",
    "ProposedCommitment",
    "Representative",
    "Seat",
    "Transition",
]
