"""The proposal page: versions, the positions board and the forms of its transitions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate

from concord.organisations.models import Organisation
from concord.web import exports
from concord.web.actions import form_status, run
from concord.web.views.access import viewer_required

from .. import actions
from .. import representation as rep
from ..exports import positions_table
from ..forms import AmendForm, DecisionForm, PositionForm, ReasonForm, WithdrawForm
from ..models import Proposal
from ..proposal_forms import commitment_formset, commitment_initial
from ..terms import prospect
from ..trails import trails
from .common import forum_trail
from .drafting import error_summary

__all__ = [
    "DONE",
    "ROWS",
    "amend",
    "amend_rows",
    "board",
    "context",
    "earlier_versions",
    "forms_for",
    "newest_seen",
    "perform",
    "position_seats",
    "proposal",
]


def position_seats(user, forum, answered=frozenset()):
    """Seats whose position this user may record: their own; for the chair, also every seat
    that has not given its own position on the current version (`answered`: their pks)."""
    person, today = rep.person_of(user), localdate()
    seats = list(forum.seats.in_force(today).select_related("organisation", "forum"))
    sitting = rep.representatives_by_seat(seats, today)
    own = [seat for seat in seats if person is not None and person in sitting[seat.pk]]
    if rep.chairs(person, forum):
        return [seat for seat in seats if seat in own or seat.pk not in answered]
    return own


def board(proposal):
    """Each seat in force with its trail of positions on the current version."""
    seats = proposal.forum.seats.in_force(localdate()).select_related("organisation")
    return trails(proposal.current, seats)


def newest_seen(board) -> int:
    """The newest entry on the board as shown: a change is refused if the seat's is newer."""
    return max((t.standing.pk for t in board if t.standing), default=0)


def forms_for(request, proposal, posted: str | None, answered=frozenset()):
    data = request.POST if posted else None
    current = proposal.current
    seats = position_seats(request.user, proposal.forum, answered)
    build = {
        "position": lambda d: PositionForm(d, seats=seats),
        "amend": lambda d: AmendForm(
            d, initial={"problem": current.problem, "strategy": current.strategy}
        ),
        "open": lambda d: ReasonForm(d),
        "withdraw": lambda d: WithdrawForm(d),
        "decide": lambda d: DecisionForm(d, forum=proposal.forum),
    }
    return {name: make(data if name == posted else None) for name, make in build.items()}


ROWS = "commitments-TOTAL_FORMS"  # posted with the amendment's rows of commitments


def amend_rows(proposal, data=None):
    """The current version's commitments as rows to change, remove or add to."""
    current = proposal.current.commitments.select_related("party").prefetch_related("indicators")
    initial = [commitment_initial(c) for c in current]
    return commitment_formset(proposal.forum, data, initial=initial, extra=1)


def amend(form, rows, *, by, proposal):
    """Commitments are replaced only when a row changed; otherwise they are carried over."""
    commitments = rows.terms() if rows.is_bound and rows.has_changed() else None
    data = form.cleaned_data
    return run(
        form, actions.amend_proposal, by=by, proposal=proposal, commitments=commitments, **data
    )


def perform(request, proposal, name, form, rows=None):
    data, by = form.cleaned_data, request.user
    if name == "position":
        seat = proposal.forum.seats.get(pk=data["seat"])
        return run(
            form,
            actions.record_position,
            by=by,
            version=proposal.current,
            seat=seat,
            stance=data["stance"],
            reason=data["reason"],
            seen=data["seen"],
        )
    if name == "amend":
        return amend(form, rows, by=by, proposal=proposal)
    if name == "open":
        return run(form, actions.open_proposal, by=by, proposal=proposal, reason=data["reason"])
    if name == "withdraw":
        return run(form, actions.withdraw_proposal, by=by, proposal=proposal, reason=data["reason"])
    body = data.get("acting_for")
    return run(
        form,
        actions.record_decision,
        by=by,
        meeting=data["meeting"],
        proposal=proposal,
        outcome=data["outcome"],
        notes=data["notes"],
        acting_for=Organisation.objects.get(pk=body) if body else None,
    )


DONE = {
    "position": "Position recorded",
    "amend": "Amended: a new version is open for positions",
    "open": "The proposal is open for positions",
    "withdraw": "The proposal is withdrawn",
    "decide": "Decision recorded",
}


@viewer_required
def proposal(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related("forum", "author_organisation"), pk=pk
    )
    posted = request.POST.get("transition") if request.method == "POST" else None
    shown = board(proposal)
    if not posted and (fmt := exports.format_asked(request)):
        return exports.download(positions_table(proposal, shown), fmt)
    answered = {t.seat.pk for t in shown if t.answered_by_seat}
    forms = forms_for(request, proposal, posted if posted in DONE else None, answered)
    form = forms.get(posted)
    rows = amend_rows(
        proposal, request.POST if posted == "amend" and ROWS in request.POST else None
    )
    valid = form is not None and form.is_valid() & (not rows.is_bound or rows.is_valid())
    if valid and perform(request, proposal, posted, form, rows):
        messages.success(request, DONE[posted])
        return redirect("governance:proposal", pk=proposal.pk)
    page = context(request, proposal, forms, form, board(proposal) if posted else shown)
    page["commitment_rows"] = rows
    page["downloads"] = exports.links(request)
    page["errors"] = error_summary(form, rows) if form is forms["amend"] and posted else []
    return render(request, "governance/proposal_detail.html", page, status=form_status(form, rows))


def earlier_versions(proposal):
    """The versions before the current one, each with its trail of positions per seat."""
    versions = proposal.versions.exclude(pk=proposal.current.pk).prefetch_related(
        "commitments__party", "positions__seat__organisation", "positions__person"
    )
    return [(v, trails(v, (), v.positions.all())) for v in versions.order_by("-number")]


def context(request, proposal, forms, failed, shown):
    user, forum = request.user, proposal.forum
    return {
        "proposal": proposal,
        "forum": forum,
        "current": proposal.current,
        "versions": earlier_versions(proposal),
        "board": shown,
        "seen": newest_seen(shown),
        "prospect": prospect(proposal),
        "transitions": proposal.transitions.select_related("by"),
        "agreements": proposal.agreements.select_related("acting_for"),
        "forms": forms,
        "failed": failed,
        "can": {
            "position": proposal.status == "open"
            and bool(forms["position"].fields["seat"].choices),
            "amend": proposal.status in ("draft", "open")
            and user.has_perm("governance.amend_proposal", proposal),
            "open": proposal.status == "draft"
            and user.has_perm("governance.open_proposal", proposal),
            "withdraw": proposal.status in ("draft", "open")
            and user.has_perm("governance.withdraw_proposal", proposal),
            "decide": proposal.status == "open"
            and user.has_perm("governance.record_decision", forum),
            "chair_positions": proposal.status == "open"
            and rep.chairs(rep.person_of(user), forum)
            and any(not t.answered_by_seat and t.standing is None for t in shown),
        },
        "crumbs": forum_trail(proposal),
    }
