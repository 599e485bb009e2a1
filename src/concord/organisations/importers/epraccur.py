"""ODS GP practices and other prescribing cost centres (`epraccur.csv`, no header, 27 columns).

The 2019 (CCG era) and 2023 (sub-ICB era) files share one layout; in 2023 column 15 holds the
sub-ICB location, some with five-character codes. Each practice is linked `part_of` its
commissioner from the join date (column 16) to the left date (column 17), and keeps its status
(column 13) as dated periods (see `importers/statuses.py`). The file carries no extract date: a
release that changes a status must be told the date it describes (`--as-at`). The columns every
ODS file shares are checked as in `ods.py` (a close date before the open date, a repeated code).
"""

from ..kinds import Kind, RelationshipKind
from ..statuses import OdsStatus
from .base import Importer
from .commissioners import CommissionerRegister
from .links import LinkSync
from .ods import LABELS, organisation_fields
from .orgs import OrgSync
from .sources import read_headerless
from .statuses import StatusSync

__all__ = ["EpraccurImporter"]

COLUMNS = 27
PRESCRIBING_SETTING_GP = "4"
STATUSES = set(OdsStatus.values)  # A, C, D, P


class EpraccurImporter(Importer):
    kind = "epraccur"
    description = "ODS GP practices (epraccur.csv)"

    def read(self):
        return read_headerless(self, {COLUMNS}, LABELS)

    def load(self, rows):
        orgs = OrgSync(self.batch)
        statuses = StatusSync(self, self.as_at)
        commissioners = CommissionerRegister(orgs, self)
        practices, seen = [], {}
        for number, f in self.with_progress(rows):
            code, fields = organisation_fields(self, number, f)
            self.once(seen, code, number, LABELS[0], "organisation code")
            status = f[12].strip()
            if status not in STATUSES:
                self.fail(number, "13 (status)", f"expected A, C, D or P, found {status!r}")
            kind = (
                Kind.PRACTICE
                if f[25].strip() == PRESCRIBING_SETTING_GP
                else Kind.PRESCRIBING_COST_CENTRE
            )
            dates = {"opened": fields["opened"], "closed": fields["closed"]}
            org = orgs.want(
                code, kind=kind, status=statuses.want(number, code, status, **dates), **fields
            )
            commissioner = commissioners.find(number, "15 (commissioner)", f[14].strip())
            if commissioner is not None:
                joined = self.date(number, "16 (join commissioner date)", f[15])
                left = self.date(number, "17 (left commissioner date)", f[16])
                if joined and left and left < joined:
                    self.fail(number, "17 (left commissioner date)", "is before the join date")
                practices.append((org, commissioner, joined, left))
        counts = orgs.save()
        status_counts = statuses.save(orgs)
        links = LinkSync(self.batch, RelationshipKind.PART_OF, [o.pk for o, *_ in practices])
        for org, commissioner, joined, left in practices:
            links.want(org, commissioner, joined, left)
        link_counts = links.save()
        self.batch.created = counts["created"] + link_counts["created"] + status_counts["created"]
        self.batch.updated = counts["updated"]
        self.batch.closed = link_counts["closed"] + status_counts["closed"]
        self.batch.unchanged = orgs.unchanged
