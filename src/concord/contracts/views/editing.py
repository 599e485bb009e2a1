"""Changing a contract from its page. Each form runs one action, which checks the permission: a
refusal is a 403; an invalid change is summarised above the form (400), by the field it concerns
when the form knows it; a change made redirects to the page, which confirms it."""

from django.core.exceptions import PermissionDenied

from concord.web.actions import permitted, require_permission, run

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

__all__ = [
    "CHANGES",
    "POOLED",
    "VALUES",
    "check_edit",
    "check_values",
    "contract_forms",
    "may_edit",
    "offered",
    "perform",
]


def may_edit(user, contract) -> bool:
    """The rule the actions apply (`require`), to decide whether to show the forms."""
    return permitted(require, user, "contracts.edit", contract)


def check_edit(user, contract) -> None:
    require_permission(require, user, "contracts.edit", contract)


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

    forms = {
        "add-kpi": KPIForm(bound("add-kpi"), contract=contract),
        "vary": VariationForm(bound("vary"), sees_values=sees_values),
        "renewal": RenewalForm(
            bound("renewal"), initial={"renewal_decision": contract.renewal_decision_id}
        ),
        "status": StatusForm(bound("status"), initial={"status": contract.status}),
    }
    if contract.is_pooled_budget:
        if sees_values:
            forms["add-contribution"] = ContributionForm(
                bound("add-contribution"), contract=contract
            )
            forms["add-spend-line"] = SpendLineForm(bound("add-spend-line"), contract=contract)
        forms["add-metric"] = BudgetMetricForm(bound("add-metric"))
    return forms


CHANGES = {  # the change posted (also its section's id) -> its action, and its confirmation
    "add-kpi": (actions.add_kpi, lambda made: f"KPI {made.code} added: {made.name}"),
    "vary": (
        actions.vary_contract,
        lambda made: f"Variation {made.number} recorded: {made.description}",
    ),
    "renewal": (
        actions.record_renewal_decision,
        lambda made: f"Decision on renewal recorded: {decision_label(made.renewal_decision)}",
    ),
    "status": (
        actions.set_status,
        lambda made: f"Status changed to {made.get_status_display().lower()}",
    ),
    "add-contribution": (
        actions.add_contribution,
        lambda made: f"Contribution of {made.partner.name} for {made.year} added",
    ),
    "add-spend-line": (
        actions.add_spend_line,
        lambda made: f"Spend line for {made.year} added: {made.description}",
    ),
    "add-metric": (actions.add_budget_metric, lambda made: f"Metric added: {made.indicator.title}"),
}


def perform(request, contract, posted: str, form) -> str | None:
    """Run the action of the form posted; the confirmation to show, or None if refused.

    The action works on a fresh copy of the contract, so that a refused change leaves the page's
    contract as it is stored."""
    action, confirmation = CHANGES[posted]
    fresh = Contract.objects.get(pk=contract.pk)
    made = run(form, action, by=request.user, contract=fresh, **form.terms())
    return made and confirmation(made)
