"""Changing a contract from its page. Each form runs one action, which checks the permission: a
refusal is a 403; an invalid change is summarised above the form (400), by the field it concerns
when the form knows it; a change made redirects to the page, which confirms it."""

from django.core.exceptions import PermissionDenied

from concord.governance.changes import permitted, require_permission, run

from .. import actions
from ..actions.common import require
from ..forms import (
    BudgetMetricForm,
    ContributionForm,
    KPIForm,
    RenewalForm,
    SpendLineForm,
    StatusForm,
    VariationForm,
    decision_label,
)
from ..models import Contract


def may_edit(user, contract) -> bool:
    """The rule the actions apply (`require`), to decide whether to show the forms."""
    return permitted(require, user, "contracts.edit", contract)


def check_edit(user, contract) -> None:
    require_permission(require, user, "contracts.edit", contract)


SECTIONS = {  # the change posted -> the section its errors link to
    "add-kpi": "add-kpi",
    "vary": "vary",
    "renewal": "renewal",
    "status": "status",
    "add-contribution": "add-contribution",
    "add-spend-line": "add-spend-line",
    "add-metric": "add-metric",
}
POOLED = {"add-contribution", "add-spend-line", "add-metric"}  # changes of a pooled budget only
VALUES = {"add-contribution", "add-spend-line"}  # changes showing amounts


def offered(contract, posted: str) -> bool:
    """Whether the contract takes the change: those of a pooled budget only a pooled budget."""
    return posted not in POOLED or contract.is_pooled_budget


def check_values(posted: str, *, sees_values: bool) -> None:
    """Changes showing amounts are made only by those who see the contract's values."""
    if posted in VALUES and not sees_values:
        raise PermissionDenied("Amounts of this contract are shown only to its partners.")


def contract_forms(contract, posted: str | None, data, *, sees_values: bool) -> dict:
    def bound(name):
        return data if name == posted else None

    found = {
        "add-kpi": KPIForm(bound("add-kpi"), contract=contract),
        "vary": VariationForm(bound("vary"), sees_values=sees_values),
        "renewal": RenewalForm(
            bound("renewal"), initial={"renewal_decision": contract.renewal_decision_id}
        ),
        "status": StatusForm(bound("status"), initial={"status": contract.status}),
    }
    if contract.is_pooled_budget:
        if sees_values:
            found["add-contribution"] = ContributionForm(
                bound("add-contribution"), contract=contract
            )
            found["add-spend-line"] = SpendLineForm(bound("add-spend-line"), contract=contract)
        found["add-metric"] = BudgetMetricForm(bound("add-metric"))
    return found


def perform(request, contract, posted: str, form) -> str | None:
    """Run the action of the form posted; the confirmation to show, or None if refused.

    The action works on a fresh copy of the contract, so that a refused change leaves the page's
    contract as it is stored."""
    by = request.user
    fresh = Contract.objects.get(pk=contract.pk)
    if posted == "add-kpi":
        made = run(form, actions.add_kpi, by=by, contract=fresh, **form.terms())
        return made and f"KPI {made.code} added: {made.name}"
    if posted == "vary":
        made = run(form, actions.vary_contract, by=by, contract=fresh, **form.terms())
        return made and f"Variation {made.number} recorded: {made.description}"
    if posted == "renewal":
        decision = form.cleaned_data["renewal_decision"]
        made = run(form, actions.record_renewal_decision, by=by, contract=fresh, decision=decision)
        return made and f"Decision on renewal recorded: {decision_label(decision)}"
    if posted == "add-contribution":
        made = run(form, actions.add_contribution, by=by, contract=fresh, **form.terms())
        return made and f"Contribution of {made.partner.name} for {made.year} added"
    if posted == "add-spend-line":
        made = run(form, actions.add_spend_line, by=by, contract=fresh, **form.terms())
        return made and f"Spend line for {made.year} added: {made.description}"
    if posted == "add-metric":
        made = run(form, actions.add_budget_metric, by=by, contract=fresh, **form.terms())
        return made and f"Metric added: {made.indicator.title}"
    made = run(form, actions.set_status, by=by, contract=fresh, **form.cleaned_data)
    return made and f"Status changed to {made.get_status_display().lower()}"
