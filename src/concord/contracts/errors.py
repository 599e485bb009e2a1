"""A contract change the rules do not allow: an `Invalid` refusal, so pages and API treat it as
every other."""

from concord.access.refusals import Invalid, NotAllowed


class ContractError(Invalid):
    """An invalid change: shares that do not add up, a variation with no agreed decision…"""


__all__ = ["ContractError", "NotAllowed"]
