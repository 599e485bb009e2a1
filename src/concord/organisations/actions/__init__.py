"""Every write to the registry's set-up: atomic, keyword-only, the acting user first.

Each checks `organisations.set_up` (administrators only; concord.access.rules) and raises a
RegistryError (changing nothing) when the change is not allowed: NotAllowed for the wrong
person, Invalid naming the input at fault, Conflict for a duplicate, including one another
writer made at the same moment. The history records who made each change. Organisations ODS
holds, and the links its files assert, are kept by the importers (organisations/importers/).
"""

from .links import end_link, link_organisations
from .organisations import create_organisation, update_organisation
from .people import add_post, create_person, end_post

__all__ = [
    "add_post",
    "create_organisation",
    "create_person",
    "end_link",
    "end_post",
    "link_organisations",
    "update_organisation",
]
