"""Who may set the registry up, with `rules`: administrators add organisations ODS does not
hold, link organisations, add people and their posts, and end links and posts. Everyone with
the viewer role reads the registry (`registry.view` in concord.access.rules)."""

import rules

from concord.access.rules import is_admin

REFUSAL = (
    "Only administrators set up the registry: its organisations, their links, people and posts."
)

rules.add_perm("organisations.set_up", is_admin)
