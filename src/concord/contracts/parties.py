"""Who sees a contract's values, by the organisations a user belongs to (concord.access.posts:
posts in force in them, or held on their behalf). Who changes a contract is in rules.py."""

from concord.access.posts import belongs_to_any, organisation_ids
from concord.access.roles import ADMIN, VIEWER, has_role


def party_ids(contract, role: str | None = None) -> set[int]:
    return {p.organisation_id for p in contract.party_links.all() if role in (None, p.role)}


def may_see_values(user, contract, mine: set[int] | None = None) -> bool:
    """Administrators, and viewers belonging to one of the contract's commissioners or providers.

    `mine` is the user's organisation ids when the caller has them already (lists of contracts).
    """
    if has_role(user, ADMIN):
        return True
    mine = organisation_ids(user) if mine is None else mine
    return has_role(user, VIEWER) and bool(mine & party_ids(contract))


__all__ = ["belongs_to_any", "may_see_values", "organisation_ids", "party_ids"]
