"""A contract change the rules do not allow; a GovernanceError, so pages and API treat it alike."""

from concord.governance.errors import GovernanceError, NotAllowed


class ContractError(GovernanceError):
    """An invalid change: shares that do not add up, a variation with no agreed decision…"""


__all__ = ["ContractError", "NotAllowed"]
