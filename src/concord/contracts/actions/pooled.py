"""A Section 75 pooled budget: contributions, spend lines and the metrics it is judged on."""

from django.db import transaction

from ..models import BudgetMetric, Contract, Contribution, SpendLine
from .common import ContractError, financial_year, money, require, saved

__all__ = ["add_budget_metric", "add_contribution", "add_spend_line"]


def _check_pooled(by, contract: Contract) -> None:
    require(by, "contracts.edit", contract)
    if not contract.is_pooled_budget:
        raise ContractError(f"{contract.reference} is not a Section 75 pooled budget.")


@transaction.atomic
def add_contribution(*, by, contract: Contract, partner, year: str, amount) -> Contribution:
    """What one partner (a party of the agreement) puts into the pool in one financial year."""
    _check_pooled(by, contract)
    if not contract.party_links.filter(organisation=partner).exists():
        raise ContractError(f"{partner.name} is not a partner in {contract.reference}.")
    year = financial_year(year)
    if contract.contributions.filter(partner=partner, year=year).exists():
        raise ContractError(f"{partner.name} already has a contribution for {year}.")
    amount = money(amount, "A contribution")
    return saved(Contribution(contract=contract, partner=partner, year=year, amount=amount), by)


@transaction.atomic
def add_spend_line(
    *, by, contract: Contract, year: str, description: str, amount, lead=None, commitment=None
) -> SpendLine:
    _check_pooled(by, contract)
    line = SpendLine(
        contract=contract,
        year=financial_year(year),
        description=description,
        amount=money(amount, "A spend line"),
        lead=lead,
        commitment=commitment,
    )
    return saved(line, by)


@transaction.atomic
def add_budget_metric(
    *, by, contract: Contract, indicator, ambition: float | None = None, note: str = ""
) -> BudgetMetric:
    _check_pooled(by, contract)
    if contract.metrics.filter(indicator=indicator).exists():
        raise ContractError(f"{indicator.title} is already a metric of {contract.reference}.")
    metric = BudgetMetric(contract=contract, indicator=indicator, ambition=ambition, note=note)
    return saved(metric, by)
