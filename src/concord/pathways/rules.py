"""Who may do what with programmes and pathways, with `rules`.

viewers read; editors holding a post in the programme's lead organisation (or on its behalf)
change the programme, its team and its pathways (concord.access.posts: no role alone, the
admin role included, acts for the lead organisation).
"""

import rules

from concord.access.rules import acting_for, is_viewer

acts_for_the_lead = acting_for(
    lambda programme: [programme.lead_organisation_id], "acts_for_the_lead"
)

rules.add_perm("pathways.view", is_viewer)
rules.add_perm("pathways.edit", acts_for_the_lead)
