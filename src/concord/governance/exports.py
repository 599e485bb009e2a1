"""A proposal's positions board as a download: each seat's standing position on the current
version, then every earlier entry it changed, as the proposal page shows them."""

from concord.web.exports import Table

__all__ = ["positions_table"]

HEADINGS = ("Seat", "Seat code", "Entry", "Position", "Reason", "Given by", "By the chair", "When")


def _row(trail, entry, which: str):
    return (
        trail.seat.organisation.name,
        trail.seat.organisation.code,
        which,
        entry.get_stance_display() if entry else "No response",
        entry.reason if entry else "",
        entry.person.name if entry and entry.person_id else "",
        entry.by_chair if entry else "",
        entry.recorded_at if entry else None,
    )


def positions_table(proposal, board) -> Table:
    rows = []
    for trail in board:
        rows.append(_row(trail, trail.standing, "standing"))
        rows.extend(_row(trail, earlier, "earlier, changed since") for earlier in trail.earlier)
    version = proposal.current.number
    title = f"Positions on version {version} of {proposal.title}"
    return Table(f"positions-{proposal.pk}-v{version}", title, HEADINGS, rows)
