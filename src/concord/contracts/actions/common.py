"""What contract actions share: the refusals of their permissions and checks of decisions and
money."""

from decimal import Decimal

from concord.access.history import saved
from concord.access.posts import REFUSAL
from concord.access.refusals import register, require
from concord.governance.models.choices import Outcome

from ..errors import ContractError

REFUSALS = register(
    {
        "contracts.create": REFUSAL,  # for one of the contract's commissioners
        "contracts.edit": REFUSAL,  # for one of the contract's commissioners
    }
)


def agreed(decision) -> None:
    if decision is None or decision.outcome != Outcome.AGREED:
        raise ContractError("A variation is justified by an agreed decision of a forum.")


def money(value, what: str) -> Decimal | None:
    if value is None or value == "":
        return None
    amount = Decimal(str(value))
    if amount < 0:
        raise ContractError(f"{what} cannot be negative.")
    return amount


def financial_year(text: str) -> str:
    """'2021-22': a financial year whose second part follows the first."""
    ok = len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit()
    if not ok or (int(text[:4]) + 1) % 100 != int(text[5:]):
        raise ContractError(f"A financial year is written like 2021-22, not {text!r}.")
    return text


__all__ = ["REFUSALS", "ContractError", "agreed", "financial_year", "money", "require", "saved"]
