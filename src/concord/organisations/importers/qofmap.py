"""The QOF geography map (MAPPING_NHS_GEOGRAPHIES_<year>.csv): practice → PCN → CCG → STP → region.

One row per practice. The file carries no dates, so its links start on the date it describes:
`as_at` if given, else 1 April after the QOF year in the file name (…_1920 → 2020-04-01,
…_2021 → 2021-04-01). NHS Digital publishes each map at the commissioner structure of the
following year: the 2019-20 map already places practices in the CCGs formed on 1 April 2020
(16C Tees Valley, 91Q Kent and Medway), and the 2020-21 map in those formed on 1 April 2021
(X2C4Y Kirklees), which the ODS epraccur file dates to those days. Links already on record
that overlap (e.g. practice part_of CCG from epraccur) are kept, not repeated.
A PCN whose practices sit in two CCGs is linked to the CCG holding most of them (likewise any
organisation the file puts under two parents); each practice keeps its own CCG, so such a PCN
spans both. PCN code "U" means the practice is in no PCN.
"""

import datetime as dt
import re
from collections import Counter, defaultdict

from ..kinds import Kind, RelationshipKind
from .base import Importer
from .links import LinkSync
from .ods import CODE, NAME_LENGTH
from .orgs import OrgSync
from .sources import read_with_header

__all__ = ["GeographyMapImporter"]

QOF_YEAR = re.compile(r"_(\d{2})(\d{2})(?=_|$)")
NEW_YEAR = (4, 1)  # 1 April: the structure the map describes starts the day after its QOF year
ONS_CODE = re.compile(r"^[EWSN]\d{8}$")
UNALLOCATED_PCN = "U"
# (our name for the level, its kind, code column, name column, ONS code column)
LEVELS = (
    ("nation", Kind.NATION, "NAT_CODE", "COUNTRY", "NAT_ONS_CODE"),
    ("region", Kind.REGION, "REGION_ODS_CODE", "REGION_NAME", "REGION_ONS_CODE"),
    ("stp", Kind.STP, "STP_ODS_CODE", "STP_NAME", "STP_ONS_CODE"),
    ("ccg", Kind.CCG, "CCG_ODS_CODE", "CCG_NAME", "CCG_ONS_CODE"),
    ("pcn", Kind.PCN, "PCN_ODS_CODE", "PCN_NAME", None),
    ("practice", Kind.PRACTICE, "PRACTICE_CODE", "PRACTICE_NAME", None),
)
COLUMNS = [column for *_, code, name, ons in LEVELS for column in (code, name, ons) if column]
# child level, parent level, relationship: the links one row asserts
LINKS = (
    ("practice", "pcn", RelationshipKind.MEMBER_OF),
    ("practice", "ccg", RelationshipKind.PART_OF),
    ("pcn", "ccg", RelationshipKind.PART_OF),
    ("ccg", "stp", RelationshipKind.PART_OF),
    ("stp", "region", RelationshipKind.PART_OF),
    ("region", "nation", RelationshipKind.PART_OF),
)


def _map_date(file_name: str) -> dt.date | None:
    """2020-04-01 for a name ending _1920, 2021-04-01 for _2021; None if the name has no year."""
    for match in QOF_YEAR.finditer(file_name.rsplit(".", 1)[0]):
        first, second = int(match[1]), int(match[2])
        if second == (first + 1) % 100:
            return dt.date(2000 + second, *NEW_YEAR)
    return None


def _stp_name(name: str) -> str:
    return name.removesuffix(" STP")  # 2019-20 names carry the suffix, 2020-21 names do not


class GeographyMapImporter(Importer):
    kind = "qof-map"
    description = "QOF practice to PCN, CCG, STP and region map (MAPPING_NHS_GEOGRAPHIES_*.csv)"

    def read(self):
        return read_with_header(self, COLUMNS)

    def starts(self) -> dt.date:
        start = self.as_at or _map_date(self.path.name)
        if start is None:
            self.fail(
                None,
                None,
                "the map carries no dates and its name gives no QOF year (such as _2021): "
                "say which date it describes with --as-at YYYY-MM-DD",
            )
        return start

    def load(self, rows):
        start = self.starts()
        orgs = OrgSync(self.batch)
        parents: dict[tuple, Counter] = defaultdict(Counter)  # (kind, child code) -> parent codes
        first_seen: dict[str, int] = {}
        for number, row in self.with_progress(rows):
            level = self.organisations(orgs, number, row)
            self.once(first_seen, level["practice"].code, number, "PRACTICE_CODE", "practice")
            for child, parent, kind in LINKS:
                if child in level and parent in level:
                    parents[kind, level[child].code][level[parent].code] += 1
        counts = orgs.save()
        wanted = defaultdict(list)
        for (kind, child), codes in sorted(parents.items()):
            most = min(codes, key=lambda code: (-codes[code], code))  # the parent most rows give
            wanted[kind].append((orgs.get(child), orgs.get(most)))
        link_counts = [self.save_links(kind, pairs, start) for kind, pairs in wanted.items()]
        self.batch.created = counts["created"] + sum(c["created"] for c in link_counts)
        self.batch.updated = counts["updated"]
        self.batch.closed = sum(c["closed"] for c in link_counts)
        self.batch.unchanged = orgs.unchanged
        self.batch.notes = f"Links start {start:%Y-%m-%d}, the date this map describes."

    def organisations(self, orgs, number: int, row: dict) -> dict:
        """The organisation at each level of one row, created or updated with its name."""
        level = {}
        for key, kind, code_column, name_column, ons_column in LEVELS:
            code = row[code_column]
            if key == "pcn" and code == UNALLOCATED_PCN:
                continue
            if not CODE.match(code):
                self.fail(number, code_column, f"expected a code, found {code!r}")
            name = self.required(number, name_column, row[name_column], NAME_LENGTH)
            fields = {"name": name, "kind": kind}
            if key == "stp":
                fields["name"] = _stp_name(fields["name"])
            if ons_column:
                fields["ons_code"] = self.ons_code(number, ons_column, row[ons_column])
            keep = ("name",) if key == "practice" else ()  # ODS epraccur names practices
            level[key] = orgs.want(code, keep_existing=keep, **fields)
        return level

    def ons_code(self, number: int, column: str, value: str) -> str:
        if not ONS_CODE.match(value):
            self.fail(number, column, f"expected an ONS code such as E38000205, found {value!r}")
        return value

    def save_links(self, kind, pairs: list[tuple], start: dt.date) -> dict[str, int]:
        links = LinkSync(self.batch, kind, [child.pk for child, _ in pairs])
        for child, parent in pairs:
            links.want(child, parent, start)
        return links.save()
