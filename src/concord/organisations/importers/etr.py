"""ODS NHS trusts (`etr.csv`, no header, 24 or 27 columns).

Trusts come in as kind "NHS trust". A trust already classified more precisely (an acute, community
or mental health trust) keeps its kind. Rows with only code, name and postcode are accepted.
"""

from ..kinds import Kind
from .ods import OdsOrganisationImporter

__all__ = ["TrustImporter"]


class TrustImporter(OdsOrganisationImporter):
    kind = "etr"
    description = "ODS NHS trusts (etr.csv)"

    def want(self, orgs, number, code, fields):
        orgs.want(code, kind=Kind.NHS_TRUST, keep_existing=("kind",), **fields)
