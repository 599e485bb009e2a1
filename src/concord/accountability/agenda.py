"""Before each meeting, Concord proposes agenda items; the chair accepts or dismisses each.

For the next planned meeting of every forum: every unresolved red flag concerning the forum (on
the forum itself or on a commitment of its agreements), and every agreement in force whose
review date falls due by the meeting ("did it work?", with a before/after SPC chart of its
indicators from the agreement date, see charts.py). A subject proposed once for a meeting is
not proposed again for it; an agreement reviewed at an accepted item is not proposed again.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Min

from concord.governance.models import Agreement, Forum, Meeting

from .concerns import RELATED, concerns
from .models import AgendaProposal, ProposalKind, ProposalState, RedFlag

__all__ = ["flag_proposals", "next_meeting", "propose", "propose_for_next_meetings"]


def next_meeting(forum: Forum, today: dt.date) -> Meeting | None:
    return forum.meetings.upcoming(today).first()


def flag_proposals(meeting: Meeting) -> list[AgendaProposal]:
    taken = set(meeting.proposals.filter(flag__isnull=False).values_list("flag_id", flat=True))
    flags = RedFlag.objects.open().concerning_forum(meeting.forum).select_related(*RELATED)
    return [
        AgendaProposal(
            meeting=meeting,
            kind=ProposalKind.FLAG,
            flag=concern.flag,
            title=f"Red flag: {concern.flag.title}"
            + (f" (agreed for {concern.bodies_named})" if concern.bodies else ""),
            reason=concern.flag.evidence,
        )
        for concern in concerns(flags.order_by("raised_at", "id"))
        if not any(f.pk in taken for f in concern.flags)
    ]


def _reviews_due(meeting: Meeting):
    reviewed = AgendaProposal.objects.filter(
        kind=ProposalKind.REVIEW, state=ProposalState.ACCEPTED, meeting__forum=meeting.forum
    ).values("agreement_id")
    return (
        Agreement.objects.in_force()
        .filter(forum=meeting.forum)
        .annotate(review=Min("commitments__review"))
        .filter(review__lte=meeting.date)
        .exclude(pk__in=reviewed)
        .exclude(pk__in=meeting.proposals.filter(agreement__isnull=False).values("agreement_id"))
    )


def _review_proposals(meeting: Meeting) -> list[AgendaProposal]:
    return [
        AgendaProposal(
            meeting=meeting,
            kind=ProposalKind.REVIEW,
            agreement=agreement,
            title=f"Did it work? Review of “{agreement.title}”",
            reason=(
                f"Agreed on {agreement.agreed_on:%-d %B %Y}; its review fell due on "
                f"{agreement.review:%-d %B %Y}. Before and after charts of its indicators "
                "from the agreement date are in the pack."
            ),
        )
        for agreement in _reviews_due(meeting)
    ]


@transaction.atomic
def propose(meeting: Meeting) -> list[AgendaProposal]:
    """Add the proposals not yet made for this meeting; returns the new ones."""
    made = flag_proposals(meeting) + _review_proposals(meeting)
    return AgendaProposal.objects.bulk_create(made)


def propose_for_next_meetings(today: dt.date) -> int:
    count = 0
    for forum in Forum.objects.all():
        meeting = next_meeting(forum, today)
        if meeting is not None:
            count += len(propose(meeting))
    return count
