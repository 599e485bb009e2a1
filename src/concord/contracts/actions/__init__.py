"""Every write to contracts goes through these actions: atomic, keyword-only, acting user first.

Each checks the permission of `by` and raises a ContractError (changing nothing) when the change is
not allowed. History records who made each change.
"""

from .contracts import add_kpi, create_contract, record_renewal_decision, set_status, vary_contract
from .pooled import add_budget_metric, add_contribution, add_spend_line

__all__ = [
    "add_budget_metric",
    "add_contribution",
    "add_kpi",
    "add_spend_line",
    "create_contract",
    "record_renewal_decision",
    "set_status",
    "vary_contract",
]
