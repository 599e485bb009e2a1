"""A meeting's pack: cover, agenda, minutes of the last meeting, action log, decisions due,
scorecard, red flags with their SPC and funnel charts, "did it work?" reviews with before/after
charts, and an appendix of definitions. One context feeds both the HTML page and the PDF.

`render_pdf` uses WeasyPrint: A4, page numbers, NHS colours, charts as vector SVG images. Counts in
charts pass through disclosure control (charts.py); values and intervals need none.
"""

from django.template.loader import render_to_string
from django.utils.timezone import localdate

from concord.governance.models import Meeting, MeetingAction, Proposal

from . import charts
from . import scorecards as sc
from . import status as s
from .concerns import RELATED, concerns
from .models import AgendaProposal, FlagKind, ProposalKind, RedFlag

__all__ = [
    "KIND_ORDER",
    "indicators_of",
    "pack_context",
    "pdf_document",
    "render_html",
    "render_pdf",
]

KIND_ORDER = [k.value for k in FlagKind]  # special cause, failing, overdue, no data, ...


def _last_meeting(meeting: Meeting):
    return (
        meeting.forum.meetings.filter(status="held", date__lt=meeting.date)
        .order_by("-date")
        .first()
    )


def _flag_order(flag: RedFlag):
    """Evidence from measurements first, then the rest; by organisation within a kind."""
    return (KIND_ORDER.index(flag.kind), flag.organisation.name, flag.pk)


def _flag_entry(flag: RedFlag, n: int, readings: charts.Readings) -> dict:
    c, ident = flag.commitment, f"flag-{n}"
    drawn = []
    if c is not None:
        for i in c.indicators.all():
            drawn += [
                charts.spc_chart(i, c, None, f"{ident}-spc-{i.pk}", readings),
                charts.funnel_chart(i, c.party, f"{ident}-funnel-{i.pk}", readings),
            ]
    return {"flag": flag, "charts": [d for d in drawn if d is not None]}


def _review_entry(proposal: AgendaProposal, n: int, readings: charts.Readings) -> dict:
    agreement, drawn = proposal.agreement, []
    for c in agreement.commitments.select_related("party").prefetch_related("indicators"):
        for i in c.indicators.all():
            chart = charts.spc_chart(i, c, agreement.agreed_on, f"review-{n}-{c.pk}", readings)
            if chart is not None:
                drawn.append(chart)
    return {"proposal": proposal, "agreement": agreement, "charts": drawn}


def indicators_of(flags, reviews) -> list:
    indicators = {}
    for entry in flags:
        if entry["flag"].commitment:
            indicators |= {i.pk: i for i in entry["flag"].commitment.indicators.all()}
    for entry in reviews:
        for c in entry["agreement"].commitments.all():
            indicators |= {i.pk: i for i in c.indicators.all()}
    return sorted(indicators.values(), key=lambda i: i.code)


def pack_context(meeting: Meeting) -> dict:
    forum = meeting.forum
    proposals = list(meeting.proposals.select_related("flag", "agreement"))
    flags = (
        RedFlag.objects.open()
        .concerning_forum(forum)
        .select_related(*RELATED)
        .prefetch_related("commitment__indicators")
    )
    readings = charts.Readings()  # a series drawn for several flags is read once
    ordered = enumerate(concerns(sorted(flags, key=_flag_order)))
    flag_entries = [
        _flag_entry(c.flag, n, readings) | {"bodies": c.bodies_named} for n, c in ordered
    ]
    reviews = [
        _review_entry(p, n, readings)
        for n, p in enumerate(proposals)
        if p.kind == ProposalKind.REVIEW and p.state != "dismissed"
    ]
    return {
        "meeting": meeting,
        "forum": forum,
        "generated": localdate(),
        "items": list(meeting.items.select_related("proposal")),
        "proposed": [p for p in proposals if p.state == "proposed"],
        "last": _last_meeting(meeting),
        "actions": MeetingAction.objects.filter(meeting__forum=forum)
        .exclude(status="dropped")
        .select_related("owner_organisation", "owner_person", "meeting")
        .order_by("status", "due"),
        "decisions_due": Proposal.objects.filter(forum=forum, status="open"),
        "card": sc.scorecard(f"{forum.name}: commitments of its agreements", sc.of_forum(forum)),
        "synthetic": sc.synthetic_behind(sc.of_forum(forum)),
        "flag_entries": flag_entries,
        "reviews": reviews,
        "indicators": indicators_of(flag_entries, reviews),
        "rules": s.RULES,
    }


def render_html(meeting: Meeting, context: dict | None = None, for_print=False) -> str:
    """The pack as one HTML document; `for_print` embeds each chart as an SVG image rather than
    inline, which WeasyPrint lays out far faster (still vector, still text in the PDF)."""
    context = context or pack_context(meeting)
    return render_to_string(
        "accountability/pack.html", {**context, "p": context, "for_print": for_print}
    )


def pdf_document(meeting: Meeting, context: dict | None = None):
    """The laid-out pages (WeasyPrint), A4 with page numbers."""
    from weasyprint import HTML

    return HTML(string=render_html(meeting, context, for_print=True), base_url="/").render()


def render_pdf(meeting: Meeting, context: dict | None = None) -> bytes:
    return pdf_document(meeting, context).write_pdf()
