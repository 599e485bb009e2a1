"""ODS primary care networks (`ePCN.xlsx`), both sheets.

"PCN Details": one row per PCN, linked part_of its commissioner from its open date.
"PCN Core Partner Details": one row per member practice, linked member_of the PCN from the
relationship start date to its end date. Practices not yet in the registry are added with the
code and name the sheet gives. The sheet's "PCN Name" column holds Excel formulas and is ignored.
A PCN's practices may sit in different commissioners (30 rows in December 2019): the registry keeps
each practice's own commissioner, so such a PCN spans two of them. A PCN named twice on its sheet,
or a practice's membership repeated, is refused.
"""

from openpyxl import load_workbook

from ..kinds import Kind, RelationshipKind
from .base import Importer
from .commissioners import CommissionerRegister
from .links import LinkSync
from .ods import CODE, NAME_LENGTH, POSTCODE_LENGTH
from .orgs import OrgSync
from .sources import read_sheet

__all__ = ["PCNImporter"]

DETAILS = "PCN Details"
PARTNERS = "PCN Core Partner Details"
DETAIL_COLUMNS = {
    "code": "PCN Code",
    "name": "PCN Name",
    "commissioner": (
        "Current Clinical Commissioning Group Code",
        "Current Sub ICB Location Code",
        "Current Commissioner Code",
    ),
    "opened": ("Open Date (YYYYMMDD)", "Open Date"),
    "closed": ("Close Date (YYYYMMDD)", "Close Date"),
    "postcode": "Postcode",
}
PARTNER_COLUMNS = {
    "practice": "Partner Organisation Code",
    "name": "Partner Name",
    "pcn": "PCN Code",
    "start": ("Practice to PCN Relationship Start Date", "Relationship Start Date"),
    "end": ("Practice to PCN Relationship End Date", "Relationship End Date"),
}


def text(value) -> str:
    return "" if value is None else str(value).strip()


class PCNImporter(Importer):
    kind = "epcn"
    description = "ODS primary care networks and their member practices (ePCN.xlsx)"

    def read(self):
        try:
            workbook = load_workbook(self.path, read_only=True, data_only=False)
        except Exception as error:  # openpyxl raises several kinds for a file that is not xlsx
            self.fail(None, None, f"expected an Excel workbook (.xlsx): {error}")
        try:
            for sheet, columns in ((DETAILS, DETAIL_COLUMNS), (PARTNERS, PARTNER_COLUMNS)):
                self.location = f"{self.path.name}, sheet {sheet!r}"
                for number, row in read_sheet(self, workbook, sheet, columns):
                    yield number, (sheet, row)
        finally:
            workbook.close()

    def code(self, number: int, column: str, value) -> str:
        code = text(value)
        if not CODE.match(code):
            self.fail(number, column, f"expected an ODS code, found {code!r}")
        return code

    def load(self, rows):
        orgs = OrgSync(self.batch)
        self.location = f"{self.path.name}, sheet {DETAILS!r}"
        pcns = self.load_pcns(orgs, [(n, r) for n, (s, r) in rows if s == DETAILS])
        self.location = f"{self.path.name}, sheet {PARTNERS!r}"
        members = self.load_members(orgs, [(n, r) for n, (s, r) in rows if s == PARTNERS])
        self.location = self.path.name
        counts = orgs.save()
        links = self.save_links(RelationshipKind.PART_OF, pcns)
        member_links = self.save_links(RelationshipKind.MEMBER_OF, members)
        self.batch.created = counts["created"] + links["created"] + member_links["created"]
        self.batch.updated = counts["updated"]
        self.batch.closed = links["closed"] + member_links["closed"]
        self.batch.unchanged = orgs.unchanged

    def load_pcns(self, orgs, rows) -> list[tuple]:
        commissioners = CommissionerRegister(orgs, self)
        wanted, seen = [], {}
        for number, row in self.with_progress(rows):
            opened = self.date(number, DETAIL_COLUMNS["opened"][0], row["opened"])
            closed = self.date(number, "Close Date", row["closed"])
            if opened and closed and closed < opened:
                self.fail(number, "Close Date", f"is before the open date {opened:%Y%m%d}")
            code = self.code(number, "PCN Code", row["code"])
            self.once(seen, code, number, "PCN Code", "PCN code")
            pcn = orgs.want(
                code,
                name=self.required(number, "PCN Name", row["name"], NAME_LENGTH),
                kind=Kind.PCN,
                postcode=self.text(number, "Postcode", row["postcode"], max_length=POSTCODE_LENGTH),
                opened=opened,
                closed=closed,
            )
            column = DETAIL_COLUMNS["commissioner"][0]
            commissioner = commissioners.find(number, column, text(row["commissioner"]))
            if commissioner is None:
                self.fail(number, column, "expected the PCN's commissioner code, found nothing")
            wanted.append((pcn, commissioner, opened, closed))
        return wanted

    def load_members(self, orgs, rows) -> list[tuple]:
        wanted, seen = [], {}
        for number, row in self.with_progress(rows):
            pcn_code = self.code(number, "PCN Code", row["pcn"])
            pcn = orgs.get(pcn_code)
            if pcn is None or pcn.kind != Kind.PCN:
                self.fail(number, "PCN Code", f"PCN {pcn_code!r} is not on the {DETAILS} sheet")
            practice_code = self.code(number, "Partner Organisation Code", row["practice"])
            practice = orgs.want(
                practice_code,
                name=self.required(number, "Partner Name", row["name"], NAME_LENGTH),
                kind=Kind.PRACTICE,
                keep_existing=("name", "kind"),
            )
            start = self.date(number, PARTNER_COLUMNS["start"][0], row["start"])
            key = (practice_code, pcn_code, start)
            self.once(seen, key, number, "Partner Organisation Code", "practice, PCN and start")
            end = self.date(number, PARTNER_COLUMNS["end"][0], row["end"])
            if start and end and end < start:
                self.fail(number, PARTNER_COLUMNS["end"][0], "is before the start date")
            wanted.append((practice, pcn, start, end))
        return wanted

    def save_links(self, kind: str, wanted: list[tuple]) -> dict[str, int]:
        links = LinkSync(self.batch, kind, [child.pk for child, *_ in wanted])
        for child, parent, start, end in wanted:
            links.want(child, parent, start, end)
        return links.save()
