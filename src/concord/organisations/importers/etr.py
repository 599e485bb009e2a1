"""ODS NHS trusts (`etr.csv`, no header, 24 or 27 columns).

Trusts come in as kind "NHS trust". A trust already classified more precisely (an acute, community
or mental health trust) keeps its kind. Rows with only code, name and postcode are accepted.
"""

from ..kinds import Kind
from .base import Importer
from .ods import LAYOUTS, organisation_fields
from .orgs import OrgSync
from .sources import read_headerless


class TrustImporter(Importer):
    kind = "etr"
    description = "ODS NHS trusts (etr.csv)"

    def read(self):
        return read_headerless(self, LAYOUTS)

    def load(self, rows):
        orgs = OrgSync(self.batch)
        for number, f in self.with_progress(rows):
            code, fields = organisation_fields(self, number, f)
            orgs.want(code, kind=Kind.NHS_TRUST, keep_existing=("kind",), **fields)
        counts = orgs.save()
        self.batch.created, self.batch.updated = counts["created"], counts["updated"]
        self.batch.unchanged = orgs.unchanged
