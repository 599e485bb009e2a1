"""Who may do what with contracts, with `rules`.

viewers read contracts, KPIs and the traceability report; a contract's values (annual value,
shares, pooled budget amounts) are seen by administrators and by people belonging to one of its
commissioners or providers; editors holding a post in one of its commissioners change it, and
create contracts for a commissioner they hold a post in (concord.access.posts: the editor role
alone, or the admin role, acts for no organisation); administrators import.
"""

import rules

from concord.access.rules import acting_for, holds_a_post, is_admin, is_viewer

from .parties import may_see_values, party_ids


@rules.predicate
def sees_values(user, contract):
    return contract is not None and may_see_values(user, contract)


acts_for_a_commissioner = acting_for(
    lambda contract: party_ids(contract, "commissioner"), "acts_for_a_commissioner"
)

rules.add_perm("contracts.view", is_viewer)
rules.add_perm("contracts.see_values", sees_values)
rules.add_perm("contracts.edit", acts_for_a_commissioner)
rules.add_perm("contracts.create", holds_a_post)
rules.add_perm("contracts.import", is_admin)
