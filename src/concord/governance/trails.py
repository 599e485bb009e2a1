"""A seat's trail of positions on a version: every entry, oldest first; the last one stands."""

from dataclasses import dataclass, field

from .models import Position, ProposalVersion

__all__ = ["SeatTrail", "standing", "trails"]


@dataclass
class SeatTrail:
    seat: object
    entries: list = field(default_factory=list)  # oldest first

    @property
    def standing(self) -> Position | None:
        return self.entries[-1] if self.entries else None

    @property
    def earlier(self) -> list:
        """The entries changed since, newest first."""
        return self.entries[-2::-1]

    @property
    def answered_by_seat(self) -> bool:
        return any(not entry.by_chair for entry in self.entries)


def _entries_of(version: ProposalVersion):
    return version.positions.select_related("person", "recorded_by", "seat__organisation")


def trails(version: ProposalVersion, seats, entries=None) -> list[SeatTrail]:
    """One trail per seat given, plus any seat that answered and is no longer given."""
    by_seat = {seat.pk: SeatTrail(seat) for seat in seats}
    listed = _entries_of(version) if entries is None else entries
    for entry in sorted(listed, key=lambda e: e.pk):
        by_seat.setdefault(entry.seat_id, SeatTrail(entry.seat)).entries.append(entry)
    return sorted(by_seat.values(), key=lambda t: t.seat.organisation.name)


def standing(entries) -> list[Position]:
    """The entries nobody replaced, from a list already read."""
    replaced = {entry.replaces_id for entry in entries}
    return [entry for entry in entries if entry.pk not in replaced]
