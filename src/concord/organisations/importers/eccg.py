"""ODS commissioners (`eccg.csv`, no header, 24 or 27 columns): CCGs and sub-ICB locations.

Three-character codes are clinical commissioning groups; five-character codes are the sub-ICB
locations that replaced some of them in July 2022.
"""

from ..kinds import Kind
from .commissioners import COMMISSIONER_CODE
from .ods import OdsOrganisationImporter

__all__ = ["CommissionerImporter"]


def _commissioner_kind(code: str) -> Kind:
    return Kind.CCG if len(code) == 3 else Kind.SUB_ICB


class CommissionerImporter(OdsOrganisationImporter):
    kind = "eccg"
    description = "ODS clinical commissioning groups and sub-ICB locations (eccg.csv)"

    def want(self, orgs, number, code, fields):
        if not COMMISSIONER_CODE.match(code):
            self.fail(
                number,
                "1 (organisation code)",
                f"expected a 3 or 5 character commissioner code, found {code!r}",
            )
        orgs.want(code, kind=_commissioner_kind(code), **fields)
