"""Contracts: the list (from which editors of a commissioner create one, see creating.py), one
contract with its parties, values, KPIs and variations, and one commitment with the contracts
that carry it. Editors of a commissioner add KPIs, record variations,
the decision on renewal and the status from the contract page, and, of a pooled budget, add
contributions, spend lines and metrics (see editing.py)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render

from concord.governance.models import Commitment
from concord.web.actions import error_summary, form_status
from concord.web.views.access import viewer_required

from ..models import Contract, ContractParty
from ..parties import may_see_values, organisation_ids
from ..traceability import contracts_carrying, kpis_carrying
from . import creating, editing
from .common import trail

__all__ = ["PARTIES", "commitment", "contract", "contracts", "pooled"]

PARTIES = Prefetch(
    "party_links",
    queryset=ContractParty.objects.select_related("organisation").order_by(
        "role", "organisation__name"
    ),
)


@viewer_required
def contracts(request):
    contracts = Contract.objects.prefetch_related(PARTIES).order_by("reference")
    mine = organisation_ids(request.user)
    rows = [(c, may_see_values(request.user, c, mine)) for c in contracts]
    context = {
        "rows": rows,
        "may_create": creating.may_create(request.user),
        "section": "contracts",
        "crumbs": trail()[:-1],
    }
    return render(request, "contracts/contract_list.html", context)


@viewer_required
def contract(request, reference):
    contract = get_object_or_404(
        Contract.objects.select_related("renewal_decision__meeting").prefetch_related(PARTIES),
        reference=reference,
    )
    editable = editing.may_edit(request.user, contract)
    show_values = may_see_values(request.user, contract)
    posted = None
    if request.method == "POST":
        editing.check_edit(request.user, contract)
        posted = request.POST.get("change")
        if posted not in editing.CHANGES or not editing.offered(contract, posted):
            return HttpResponseBadRequest("Unknown change to a contract.")
        editing.check_values(posted, sees_values=show_values)
    forms = (
        editing.contract_forms(contract, posted, request.POST, sees_values=show_values)
        if editable
        else {}
    )
    form = forms.get(posted)
    if form is not None and form.is_valid():
        if done := editing.perform(request, contract, posted, form):
            messages.success(request, done)
            return redirect("contracts:contract", reference=contract.reference)
    kpis = contract.kpis.with_chain().order_by("code")
    errors = error_summary(form, posted if posted in editing.CHANGES else "maincontent")
    context = {
        "contract": contract,
        "kpis": kpis,
        "variations": contract.variations.select_related(
            "decision__meeting", "decision__version__proposal"
        ),
        "show_values": show_values,
        "can_edit": editable,
        "kpi_form": forms.get("add-kpi"),
        "variation_form": forms.get("vary"),
        "renewal_form": forms.get("renewal"),
        "status_form": forms.get("status"),
        "contribution_form": forms.get("add-contribution"),
        "spend_line_form": forms.get("add-spend-line"),
        "metric_form": forms.get("add-metric"),
        "errors": errors,
        "section": "contracts",
        "crumbs": trail(),
    }
    if contract.is_pooled_budget:
        context |= pooled(contract)
    return render(request, "contracts/contract_detail.html", context, status=form_status(form))


def pooled(contract) -> dict:
    contributions = list(contract.contributions.select_related("partner"))
    years = sorted({c.year for c in contributions})
    totals = {y: sum(c.amount for c in contributions if c.year == y) for y in years}
    return {
        "contributions": contributions,
        "totals": totals,
        "spend_lines": contract.spend_lines.select_related("lead", "commitment__party"),
        "metrics": contract.metrics.select_related("indicator"),
    }


@viewer_required
def commitment(request, pk):
    commitment = get_object_or_404(
        Commitment.objects.select_related(
            "party", "agreement__forum", "agreement__decision__meeting", "agreement__proposal"
        ).prefetch_related("indicators"),
        pk=pk,
    )
    kpis = kpis_carrying(commitment).with_chain()
    context = {
        "commitment": commitment,
        "contracts": contracts_carrying(commitment),
        "kpis": kpis,
        "spend_lines": commitment.spend_lines.select_related("contract"),
        "stages": commitment.pathway_stages.select_related("pathway__programme"),
        "section": "contracts",
        "crumbs": trail(),
    }
    return render(request, "contracts/commitment_detail.html", context)
