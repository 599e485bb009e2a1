"""Changing a contract from its page. Each form runs one action, which checks the permission: a
refusal is a 403; an invalid change is summarised above the form (400), by the field it concerns
when the form knows it; a change made redirects to the page, which confirms it."""

from django.core.exceptions import PermissionDenied

from .. import actions
from ..actions.common import require
from ..errors import ContractError, NotAllowed
from ..forms import KPIForm, RenewalForm, StatusForm, VariationForm, decision_label
from ..models import Contract


def may_edit(user, contract) -> bool:
    """The rule the actions apply (`require`), to decide whether to show the forms."""
    try:
        require(user, "contracts.edit", contract)
    except NotAllowed:
        return False
    return True


def check_edit(user, contract) -> None:
    try:
        require(user, "contracts.edit", contract)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc


def run(form, action, **kwargs):
    """Run an action for a valid form; an invalid change becomes the form's error (None is
    returned), a refusal a 403."""
    try:
        return action(**kwargs)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except ContractError as exc:
        form.refused(str(exc))
        return None


def error_summary(form, anchor: str) -> list[tuple[str, str]]:
    """(anchor, message) for each error; errors of the whole form link to its section."""
    if form is None or not form.is_bound:
        return []
    found = [(anchor, e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields:
            found += [(form.anchor(name), e) for e in errors]
    return found


SECTIONS = {  # the change posted -> the section its errors link to
    "add-kpi": "add-kpi",
    "vary": "vary",
    "renewal": "renewal",
    "status": "status",
}


def contract_forms(contract, posted: str | None, data, *, sees_values: bool) -> dict:
    def bound(name):
        return data if name == posted else None

    return {
        "add-kpi": KPIForm(bound("add-kpi"), contract=contract),
        "vary": VariationForm(bound("vary"), sees_values=sees_values),
        "renewal": RenewalForm(
            bound("renewal"), initial={"renewal_decision": contract.renewal_decision_id}
        ),
        "status": StatusForm(bound("status"), initial={"status": contract.status}),
    }


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
    made = run(form, actions.set_status, by=by, contract=fresh, **form.cleaned_data)
    return made and f"Status changed to {made.get_status_display().lower()}"
