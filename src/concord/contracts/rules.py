"""Who may do what with contracts, with `rules`.

viewers read contracts, KPIs and the traceability report; a contract's values (annual value,
shares, pooled budget amounts) are seen by administrators and by people belonging to one of its
commissioners or providers; editors belonging to one of its commissioners change it; editors
create contracts for a commissioner they belong to; administrators import.
"""

import rules

from concord.access.rules import is_admin, is_editor, is_viewer

from .parties import may_edit, may_see_values


@rules.predicate
def sees_values(user, contract):
    return contract is not None and may_see_values(user, contract)


@rules.predicate
def edits(user, contract):
    return contract is not None and may_edit(user, contract)


rules.add_perm("contracts.view", is_viewer)
rules.add_perm("contracts.see_values", sees_values)
rules.add_perm("contracts.edit", edits)
rules.add_perm("contracts.create", is_editor)
rules.add_perm("contracts.import", is_admin)
