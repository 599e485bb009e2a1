"""Who may do what with a data submission (the `rules` package).

An editor holding a post in the organisation (concord.access.posts) creates and submits its
submissions. The commissioner's analyst approves or returns them: a user with the analyst
capability holding a post in a commissioner of the organisation on the period's end — one it is
part of (a practice's CCG, sub-ICB location or ICB, organisations/hierarchy.py) or, for a
provider, one whose population it serves (a trust's CCG) — or an analyst who is an
administrator. Nobody approves their own submission. A submission's figures are raw counts, not
yet through disclosure control: its own organisation's people and analysts see them.
"""

import rules

from concord.access import posts
from concord.access.roles import is_analyst
from concord.access.rules import acting_for, is_admin, is_viewer
from concord.organisations.hierarchy import ancestor_links
from concord.organisations.kinds import COMMISSIONER_KINDS
from concord.organisations.models import Relationship, RelationshipKind

__all__ = [
    "APPROVE_REFUSAL",
    "OWN_REFUSAL",
    "SUBMIT_REFUSAL",
    "VIEW_REFUSAL",
    "commissioners_of",
    "made_or_submitted_it",
]

SUBMIT_REFUSAL = posts.REFUSAL
APPROVE_REFUSAL = (
    "Only an analyst holding a post in a commissioner of the organisation (the CCG or ICB it is "
    "part of, or whose population it serves, at the end of the period), or an analyst "
    "administrator, approves its figures."
)
VIEW_REFUSAL = (
    "A submission's figures are seen only by the people of its organisation and by analysts, "
    "as they are counts not yet through disclosure control."
)
OWN_REFUSAL = "Nobody approves their own submission: another analyst must approve it."


def commissioners_of(submission) -> list:
    """The commissioners of the submission's organisation on the period's end: those it is part
    of, and those whose population it serves (a provider's)."""
    organisation, on = submission.organisation, submission.period.end
    served = Relationship.objects.in_force(on).filter(
        child=organisation, kind=RelationshipKind.SERVES
    )
    links = [*ancestor_links(organisation, on), *served.select_related("parent")]
    return [link.parent for link in links if link.parent.kind in COMMISSIONER_KINDS]


@rules.predicate
def has_analyst_capability(user):
    return is_analyst(user)


@rules.predicate
def in_a_commissioner(user, submission):
    return submission is not None and posts.belongs_to_any(user, commissioners_of(submission))


@rules.predicate
def made_or_submitted_it(user, submission):
    """The user created the submission or put it forward: they may not approve it."""
    if submission is None or not user.is_authenticated:
        return False
    put_forward = submission.steps.filter(by=user, state__in=("draft", "submitted"))
    return submission.created_by_id == user.pk or put_forward.exists()


@rules.predicate
def belongs_to_submitter(user, submission):
    return submission is not None and posts.belongs_to_any(user, [submission.organisation_id])


acts_for_submitter = acting_for(lambda s: [s.organisation_id], "acts_for_submitter")

# Raw counts not yet through disclosure control: the organisation's own people and analysts.
rules.add_perm(
    "indicators.view_submission", is_viewer & (belongs_to_submitter | has_analyst_capability)
)
rules.add_perm("indicators.submit", acts_for_submitter)
rules.add_perm("indicators.approve", has_analyst_capability & (is_admin | in_a_commissioner))
