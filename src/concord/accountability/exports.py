"""The accountability tables as downloads: a scorecard's commitments with their status, the
red flags listed, and a meeting's proposed agenda. Each is built from the rows its page shows."""

from concord.web.exports import Table

from . import status as s

__all__ = ["agenda_table", "flags_table", "scorecard_table"]

SCORECARD_HEADINGS = (
    "Party",
    "Party code",
    "Commitment",
    "Agreement",
    "Target",
    "Due",
    "Period assessed",
    "Status",
    "Rule",
    "Why",
)
FLAG_HEADINGS = (
    "Flag",
    "Kind",
    "Against",
    "Code",
    "Agreed for",
    "Forum",
    "State",
    "Still holds",
    "Raised",
    "Evidence",
)
AGENDA_HEADINGS = ("Proposed item", "Kind", "Why", "Decision", "Decided by", "Decided on", "Note")
STATUS_NOTE = (
    "Each status is computed from the data by the rule named; the page explains each rule."
)


def scorecard_table(card) -> Table:
    """A scorecard's commitments, worst first, as on its page."""
    rows = [
        (
            r.commitment.party.name,
            r.commitment.party.code,
            r.commitment.what,
            r.commitment.agreement.title,
            r.commitment.target,
            r.commitment.due,
            r.period.label,
            s.LABELS[r.status],
            r.rule,
            r.explanation,
        )
        for r in card.items
    ]
    counts = "; ".join(f"{label}: {n}" for _, label, n in card.counts)
    return Table(
        "scorecard",
        card.title,
        SCORECARD_HEADINGS,
        rows,
        notes=(f"Commitments by current status: {counts}", STATUS_NOTE),
    )


def flags_table(concerns, filters: str = "") -> Table:
    """The flags listed, one row per concern (a joint committee's flag once, naming the bodies
    it was agreed for), as the flag list shows them."""
    rows = [
        (
            f.title,
            f.get_kind_display(),
            f.organisation.name,
            f.organisation.code,
            concern.bodies_named,
            f.forum.name if f.forum_id else "",
            f.get_state_display(),
            f.still_holds,
            f.raised_at,
            f.evidence,
        )
        for concern in concerns
        for f in [concern.flag]
    ]
    notes = (f"Filters: {filters}",) if filters else ()
    return Table("red-flags", "Red flags", FLAG_HEADINGS, rows, notes=notes)


def agenda_table(meeting, proposals) -> Table:
    rows = [
        (
            p.title,
            p.get_kind_display(),
            p.reason,
            p.get_state_display(),
            p.decided_by.get_username() if p.decided_by_id else "",
            p.decided_at,
            p.decision_note,
        )
        for p in proposals
    ]
    title = f"Proposed agenda, {meeting.forum.name}, {meeting.date:%d %B %Y}"
    return Table(
        f"agenda-{meeting.forum.slug}-{meeting.date:%Y-%m-%d}", title, AGENDA_HEADINGS, rows
    )
