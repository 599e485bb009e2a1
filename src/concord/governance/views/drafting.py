"""Drafting a proposal to a forum, with its proposed commitments; and the error summary that
names every problem in a form and its rows of commitments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.utils import ErrorDict, ErrorList
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from concord.web.actions import form_status, run
from concord.web.views.access import viewer_required

from .. import actions
from ..actions.common import REFUSALS
from ..models import Forum
from ..proposal_forms import DraftForm, commitment_formset
from .common import trail

__all__ = ["DRAFTED", "draft", "draft_proposal", "error_summary", "more_rows", "without_errors"]

DRAFTED = "Proposal drafted. Open it for positions when it is ready."


def error_summary(form, formset) -> list[tuple[str, str]]:
    """(anchor, message) for each error, the rows of commitments named by their number."""
    summary = [("maincontent", e) for e in form.non_field_errors()]
    summary += [
        (form[name].auto_id, e)
        for name in form.errors
        if name in form.fields
        for e in form.errors[name]
    ]
    summary += [("commitments", e) for e in formset.non_form_errors()]
    for n, row in enumerate(formset.forms, start=1):
        for name, errors in row.errors.items():
            summary += [
                (row[name].auto_id, f"Commitment {n}: {e}") for e in errors if name in row.fields
            ]
    return summary


def more_rows(data):
    """The posted data with one more (blank) row of commitments."""
    data = data.copy()
    data["commitments-TOTAL_FORMS"] = int(data.get("commitments-TOTAL_FORMS") or 0) + 1
    return data


def without_errors(form, formset):
    """Show what was typed without judging it (adding a row is not submitting)."""
    form._errors = ErrorDict()
    formset._errors, formset._non_form_errors = [], ErrorList()
    for row in formset.forms:
        row._errors = ErrorDict()


def draft_proposal(form, formset, *, by, forum):
    return run(
        form,
        actions.create_proposal,
        by=by,
        forum=forum,
        commitments=formset.terms(),
        **form.cleaned_data,
    )


@viewer_required
def draft(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    if not request.user.has_perm("governance.draft_proposal", forum):
        raise PermissionDenied(REFUSALS["governance.draft_proposal"])
    adding = "more" in request.POST
    data = more_rows(request.POST) if adding else (request.POST or None)
    form = DraftForm(data, user=request.user)
    formset = commitment_formset(forum, data)
    if adding:
        without_errors(form, formset)
    elif data is not None and form.is_valid() & formset.is_valid():
        made = draft_proposal(form, formset, by=request.user, forum=forum)
        if made:
            messages.success(request, DRAFTED)
            return redirect("governance:proposal", pk=made.pk)
    forum_href = reverse("governance:forum", args=[forum.slug])
    context = {
        "forum": forum,
        "form": form,
        "formset": formset,
        "errors": [] if adding or data is None else error_summary(form, formset),
        "crumbs": trail((forum.name, forum_href)),
    }
    status = 200 if adding else form_status(form, formset)  # adding a row judges nothing
    return render(request, "governance/proposal_draft.html", context, status=status)
