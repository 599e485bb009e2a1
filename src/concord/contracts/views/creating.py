"""Creating a contract from its page: an editor holding a post in one of its commissioners. The
action checks the permission and the terms; a refusal of the commissioners chosen, or terms that
do not add up, are shown by the field they concern with the form re-rendered."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from concord.access.posts import REFUSAL
from concord.web.actions import error_summary, form_status, run
from concord.web.views.access import viewer_required

from .. import actions
from ..new_contract import NewContractForm
from .common import trail

__all__ = ["created", "may_create", "new"]


def may_create(user) -> bool:
    """Editors holding a post create contracts, for a commissioner they belong to."""
    return user.has_perm("contracts.create")


def created(request, form):
    """The contract created, or None: a commissioner you hold no post in is the form's error."""
    try:
        return run(form, actions.create_contract, by=request.user, **form.terms())
    except PermissionDenied as exc:
        form.refused(str(exc))
        return None


@viewer_required
def new(request):
    if not may_create(request.user):
        raise PermissionDenied(REFUSAL)
    form = NewContractForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid() and (made := created(request, form)):
        messages.success(request, f"Contract {made.reference} created. Add its KPIs next.")
        return redirect("contracts:contract", reference=made.reference)
    errors = error_summary(form, "create")
    context = {
        "form": form,
        "errors": errors,
        "section": "contracts",
        "crumbs": trail(("Create a contract", reverse("contracts:new"))),
    }
    return render(request, "contracts/contract_new.html", context, status=form_status(form))
