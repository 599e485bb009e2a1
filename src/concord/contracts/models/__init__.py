"""Contracts, their parties, KPIs and variations, and the pooled budgets of Section 75."""

from .choices import Comparison, ContractKind, ContractStatus, PartyRole
from .contracts import KPI, Contract, ContractParty, Variation
from .pooled import BudgetMetric, Contribution, SpendLine

__all__ = [
    "KPI",
    "BudgetMetric",
    "Comparison",
    "Contract",
    "ContractKind",
    "ContractParty",
    "ContractStatus",
    "Contribution",
    "PartyRole",
    "SpendLine",
    "Variation",
]
