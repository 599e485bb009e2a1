"""The leading columns every ODS organisation file shares (etr, eccg, epraccur...).

1 organisation code, 2 name, 3 national grouping, 4 high-level health geography, 5-9 address,
10 postcode, 11 open date, 12 close date. Files published before 2017 have 24 columns, later
ones 27; both layouts keep these positions. A file names each organisation once: a repeated code
is refused.
"""

import re
from abc import abstractmethod

from ..models import Organisation
from .base import Importer
from .orgs import OrgSync
from .sources import read_headerless

__all__ = [
    "CODE",
    "LABELS",
    "NAME_LENGTH",
    "OdsOrganisationImporter",
    "POSTCODE_LENGTH",
    "organisation_fields",
]

LAYOUTS = {24, 27}
CODE = re.compile(r"^[A-Z0-9]{3,8}$")
# how errors name the columns, by position (those after 17 by their number alone)
LABELS = tuple(
    f"{n} ({name})"
    for n, name in enumerate(
        (
            "organisation code",
            "name",
            "national grouping",
            "high level health geography",
            "address line 1",
            "address line 2",
            "address line 3",
            "address line 4",
            "address line 5",
            "postcode",
            "open date",
            "close date",
            "status",
            "organisation sub-type",
            "commissioner",
            "join commissioner date",
            "left commissioner date",
        ),
        start=1,
    )
)
NAME_LENGTH = Organisation._meta.get_field("name").max_length
POSTCODE_LENGTH = Organisation._meta.get_field("postcode").max_length


def organisation_fields(importer, number: int, f: list[str]) -> tuple[str, dict]:
    """(code, fields for OrgSync.want) from one row of an ODS file, checked."""
    code = f[0].strip()
    if not CODE.match(code):
        importer.fail(number, "1 (organisation code)", f"expected an ODS code, found {code!r}")
    opened = importer.date(number, "11 (open date)", f[10])
    closed = importer.date(number, "12 (close date)", f[11])
    if opened and closed and closed < opened:
        importer.fail(number, "12 (close date)", f"is before the open date {opened:%Y%m%d}")
    return code, {
        "name": importer.required(number, "2 (name)", f[1], NAME_LENGTH),
        "postcode": importer.text(number, "10 (postcode)", f[9], max_length=POSTCODE_LENGTH),
        "opened": opened,
        "closed": closed,
    }


class OdsOrganisationImporter(Importer):
    """An ODS organisation file with no header (etr, eccg): read, then upsert each row.
    Subclasses say what to do with one organisation in `want`."""

    def read(self):
        return read_headerless(self, LAYOUTS, LABELS)

    def load(self, rows):
        orgs, seen = OrgSync(self.batch), {}
        for number, f in self.with_progress(rows):
            code, fields = organisation_fields(self, number, f)
            self.once(seen, code, number, LABELS[0], "organisation code")
            self.want(orgs, number, code, fields)
        counts = orgs.save()
        self.batch.created, self.batch.updated = counts["created"], counts["updated"]
        self.batch.unchanged = orgs.unchanged

    @abstractmethod
    def want(self, orgs: OrgSync, number: int, code: str, fields: dict) -> None:
        """Ask `orgs` for this row's organisation, failing on a row that does not fit."""
