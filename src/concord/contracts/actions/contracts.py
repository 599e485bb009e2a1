"""A contract's life: created with its parties and shares, KPIs added, varied, renewed or not."""

import datetime as dt

from django.db import transaction
from django.db.models import Max

from concord.access import posts

from ..errors import NotAllowed
from ..models import KPI, Contract, ContractParty, ContractStatus, PartyRole, Variation
from .common import REFUSALS, ContractError, agreed, money, require, saved

__all__ = [
    "VARIABLE",
    "add_kpi",
    "check_shares",
    "check_terms",
    "create_contract",
    "record_renewal_decision",
    "set_status",
    "shown",
    "vary_contract",
]

VARIABLE = ("end", "annual_value", "status", "title")


def check_shares(annual_value, commissioners: dict) -> None:
    """Shares are given for all commissioners or none; given, they add up to the annual value."""
    shares = [money(s, "A commissioner's share") for s in commissioners.values()]
    given = [s for s in shares if s is not None]
    if not given:
        return
    if len(given) != len(shares):
        raise ContractError("Give every commissioner's share of the annual value, or none.")
    if annual_value is None or sum(given) != money(annual_value, "The annual value"):
        raise ContractError(
            f"The commissioners' shares add up to £{sum(given):,.2f}, "
            f"not the annual value of £{money(annual_value, 'The annual value') or 0:,.2f}."
        )


def check_terms(*, start, end, providers, commissioners) -> None:
    if end < start:
        raise ContractError("A contract ends on or after the day it starts.")
    if not providers or not commissioners:
        raise ContractError("A contract has at least one commissioner and one provider.")


@transaction.atomic
def create_contract(
    *,
    by,
    reference: str,
    title: str,
    kind: str,
    start: dt.date,
    end: dt.date,
    providers,
    commissioners: dict,
    annual_value=None,
    status: str = ContractStatus.ACTIVE,
    description: str = "",
) -> Contract:
    """commissioners: {organisation: share of the annual value (£) or None}."""
    require(by, "contracts.create")
    if not posts.acts_for(by, commissioners):
        raise NotAllowed(REFUSALS["contracts.create"])
    check_terms(start=start, end=end, providers=providers, commissioners=commissioners)
    check_shares(annual_value, commissioners)
    if Contract.objects.filter(reference=reference).exists():
        raise ContractError(f"There is already a contract {reference}.")
    contract = saved(
        Contract(
            reference=reference,
            title=title,
            kind=kind,
            start=start,
            end=end,
            annual_value=money(annual_value, "The annual value"),
            status=status,
            description=description,
        ),
        by,
    )
    for org, share in commissioners.items():
        link = ContractParty(contract=contract, organisation=org, role=PartyRole.COMMISSIONER)
        link.share = money(share, "A commissioner's share")
        saved(link, by)
    for org in providers:
        saved(ContractParty(contract=contract, organisation=org, role=PartyRole.PROVIDER), by)
    return contract


@transaction.atomic
def add_kpi(
    *,
    by,
    contract: Contract,
    code: str,
    name: str,
    indicator,
    threshold: float,
    measurement_period: str,
    consequence: str,
    comparison: str = "at_least",
    commitment=None,
) -> KPI:
    require(by, "contracts.edit", contract)
    if contract.kpis.filter(code=code).exists():
        raise ContractError(f"{contract.reference} already has a KPI {code}.")
    if not consequence.strip():
        raise ContractError("Say what follows a breach of the KPI.")
    if commitment is not None and not commitment.agreement.in_force:
        raise ContractError("That commitment's agreement has been superseded.")
    kpi = KPI(
        contract=contract,
        code=code,
        name=name,
        indicator=indicator,
        threshold=threshold,
        comparison=comparison,
        measurement_period=measurement_period,
        consequence=consequence,
        commitment=commitment,
    )
    return saved(kpi, by)


def shown(value):
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@transaction.atomic
def vary_contract(
    *, by, contract: Contract, description: str, effective_from: dt.date, decision, **changes
) -> Variation:
    """Record a variation justified by an agreed decision; changes (end, annual_value, status,
    title) are applied to the contract and kept on the variation as old and new."""
    require(by, "contracts.edit", contract)
    agreed(decision)
    if not description.strip():
        raise ContractError("Say what the variation changes.")
    if unknown := set(changes) - set(VARIABLE):
        raise ContractError(f"A variation does not change {', '.join(sorted(unknown))}.")
    kept = {}
    for name, new in changes.items():
        kept[name] = {"old": shown(getattr(contract, name)), "new": shown(new)}
        setattr(contract, name, money(new, "The annual value") if name == "annual_value" else new)
    if contract.end < contract.start:
        raise ContractError("A contract ends on or after the day it starts.")
    saved(contract, by)
    if "annual_value" in changes:
        _reshare(contract, by)
    last = contract.variations.aggregate(last=Max("number"))["last"] or 0
    variation = Variation(
        contract=contract,
        number=last + 1,
        description=description,
        effective_from=effective_from,
        decision=decision,
        changes=kept,
        recorded_by=by,
    )
    return saved(variation, by)


def _reshare(contract: Contract, by) -> None:
    """A new annual value: a sole paying commissioner pays all of it; several must be re-split."""
    paying = [p for p in contract.party_links.all() if p.share is not None]
    if len(paying) > 1:
        raise ContractError(
            "This contract's value is split between commissioners: vary each share by a new "
            "contract schedule, then record the new annual value."
        )
    for link in paying:
        link.share = contract.annual_value
        saved(link, by)


@transaction.atomic
def record_renewal_decision(*, by, contract: Contract, decision) -> Contract:
    """The forum's decision on renewing the contract (agreed or not) when it ends."""
    require(by, "contracts.edit", contract)
    if decision is not None and contract.renewal_decision_id == decision.pk:
        raise ContractError("That decision on renewal is already recorded: nothing to change.")
    contract.renewal_decision = decision
    return saved(contract, by)


@transaction.atomic
def set_status(*, by, contract: Contract, status: str) -> Contract:
    require(by, "contracts.edit", contract)
    if status not in ContractStatus.values:
        raise ContractError(f"A contract's status is one of {', '.join(ContractStatus.values)}.")
    if status == contract.status:
        raise ContractError(
            f"The contract is already {contract.get_status_display().lower()}: nothing to change."
        )
    contract.status = status
    return saved(contract, by)
