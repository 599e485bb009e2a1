"""The proposal page: versions, the positions board and the forms of its transitions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate

from concord.organisations.models import Organisation
from concord.web.views.access import viewer_required

from .. import actions
from .. import representation as rep
from ..forms import AmendForm, DecisionForm, PositionForm, ReasonForm, WithdrawForm
from ..models import Proposal
from ..proposal_forms import commitment_formset, commitment_initial
from ..terms import prospect
from .common import forum_trail, run
from .drafting import error_summary


def position_seats(user, forum):
    """Seats whose position this user may record: their own, or every seat for the chair."""
    person = rep.person_of(user)
    seats = forum.seats.in_force(localdate()).select_related("organisation", "forum")
    if rep.chairs(person, forum):
        return list(seats)
    return [seat for seat in seats if rep.sits_for(person, seat)]


def board(proposal):
    """Each seat in force with its position on the current version (or none yet)."""
    version = proposal.current
    positions = {p.seat_id: p for p in version.positions.select_related("person")}
    seats = proposal.forum.seats.in_force(localdate()).select_related("organisation")
    return [(seat, positions.get(seat.pk)) for seat in seats.order_by("organisation__name")]


def forms_for(request, proposal, posted: str | None):
    data = request.POST if posted else None
    current = proposal.current
    build = {
        "position": lambda d: PositionForm(d, seats=position_seats(request.user, proposal.forum)),
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
    found = get_object_or_404(
        Proposal.objects.select_related("forum", "author_organisation"), pk=pk
    )
    posted = request.POST.get("transition") if request.method == "POST" else None
    forms = forms_for(request, found, posted if posted in DONE else None)
    form = forms.get(posted)
    rows = amend_rows(found, request.POST if posted == "amend" and ROWS in request.POST else None)
    valid = form is not None and form.is_valid() & (not rows.is_bound or rows.is_valid())
    if valid and perform(request, found, posted, form, rows):
        messages.success(request, DONE[posted])
        return redirect("governance:proposal", pk=found.pk)
    page = context(request, found, forms, form)
    page["commitment_rows"] = rows
    page["errors"] = error_summary(form, rows) if form is forms["amend"] and posted else []
    return render(request, "governance/proposal_detail.html", page)


def context(request, found, forms, failed):
    user, forum = request.user, found.forum
    return {
        "proposal": found,
        "forum": forum,
        "current": found.current,
        "versions": found.versions.prefetch_related(
            "commitments__party", "positions__seat__organisation", "positions__person"
        ).order_by("-number"),
        "board": board(found),
        "prospect": prospect(found),
        "transitions": found.transitions.select_related("by"),
        "agreements": found.agreements.select_related("acting_for"),
        "forms": forms,
        "failed": failed,
        "can": {
            "position": found.status == "open" and bool(forms["position"].fields["seat"].choices),
            "amend": found.status in ("draft", "open")
            and user.has_perm("governance.amend_proposal", found),
            "open": found.status == "draft" and user.has_perm("governance.open_proposal", found),
            "withdraw": found.status in ("draft", "open")
            and user.has_perm("governance.withdraw_proposal", found),
            "decide": found.status == "open" and user.has_perm("governance.record_decision", forum),
        },
        "crumbs": forum_trail(found),
    }
