"""Who may do what with programmes and pathways, with `rules`.

viewers read; editors belonging to the programme's lead organisation (through a post in it or on
its behalf) change the programme, its team and its pathways; administrators change any.
"""

import rules

from concord.access.rules import is_admin, is_editor, is_viewer
from concord.contracts.parties import belongs_to_any


@rules.predicate
def belongs_to_lead(user, programme):
    return programme is not None and belongs_to_any(user, [programme.lead_organisation_id])


rules.add_perm("pathways.view", is_viewer)
rules.add_perm("pathways.edit", is_admin | (is_editor & belongs_to_lead))
