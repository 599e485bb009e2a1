"""Rebuild the demo economy's CSV files from the published NHS files.

    python scripts/build_demo_data.py PUBLISHED_DIR [--out src/concord/demo/data]

PUBLISHED_DIR holds the published files in the layout of ../shared/realdata (see its README):
ods-epraccur-2019-12/epraccur.csv, ods-epraccur-2023-02/epraccur.csv,
gp-reg-2021-01/gp-reg-pat-prac-all.csv, ods-epcn-2019-12/ePCN.xlsx,
qof-2020-21/MAPPING_NHS_GEOGRAPHIES_2021.csv, ods-etr-c2015-16/etr.csv.

It also reads qof-2020-21/PREVALENCE_2021_v2.csv, qof-2019-20/PREVALENCE_1920.csv and
dementia-gm-derived/diagnosis_rates.csv for the indicator files (see `indicator_files`).

Writes organisations.csv, relationships.csv and population.csv. people.csv and posts.csv are
written by hand (the people are fictional) and are left alone. The localities, the shared
management team, the councils and the clinical senate have no published source: they are
declared below, labelled illustrative, and given local codes.
"""

import argparse
import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import openpyxl

CCGS = ("02H", "00X", "01E")
EXTRACT_DATE = "2021-01-01"
ICB_START, CCG_END = "2022-07-01", "2022-06-30"
LOCALITY_START = "2020-04-01"

SRC = {
    "epraccur": "NHS Digital ODS epraccur.csv, December 2019",
    "epraccur23": "NHS England ODS epraccur.csv, February 2023",
    "gpreg": "NHS Digital, Patients Registered at a GP Practice, Jan 2021 (gp-reg-pat-prac-all)",
    "epcn": "NHS Digital ODS ePCN.xlsx, December 2019",
    "qof": "NHS Digital QOF 2020-21, MAPPING_NHS_GEOGRAPHIES_2021.csv",
    "etr": "NHS Digital ODS etr.csv, c. 2015-16",
    "act": "Health and Care Act 2022: CCGs abolished 30 June 2022, ICBs from 1 July 2022",
    "ons": "ONS local authority district and county codes",
    "demo": "illustrative (Concord demo, no published source)",
}

# ODS trust code -> (kind, the CCGs it mainly serves). Codes and names are checked in etr.csv.
PROVIDERS = {
    "RRF": ("acute_trust", ("02H",)),
    "RY2": ("community_provider", ("02H",)),
    "RTV": ("mental_health_trust", ("02H",)),
    "RXN": ("acute_trust", ("00X", "01E")),
    "RW5": ("mental_health_trust", ("00X", "01E")),
}

# Bodies without ODS codes: (code, name, kind, ons_code, source).
LOCAL_BODIES = [
    ("LA-WIGAN", "Wigan Council", "local_authority", "E08000010", "ons"),
    ("LA-LANCASHIRE", "Lancashire County Council", "local_authority", "E10000017", "ons"),
    (
        "MT-00X-01E",
        "Central Lancashire CCGs' shared management team (illustrative)",
        "management_team",
        "",
        "demo",
    ),
    ("SEN-02H", "Wigan Borough clinical senate (illustrative)", "forum_secretariat", "", "demo"),
]
COUNCILS = {"LA-WIGAN": ("02H",), "LA-LANCASHIRE": ("00X", "01E")}

# Five illustrative localities of Wigan, 50,000-70,000 patients each in January 2021.
# Wigan's seven PCNs cannot make five such localities whole (the two smallest together hold
# over 70,000 patients), so three practices sit in a locality other than their PCN's.
LOCALITIES = [
    ("LOC-02H-1", "Wigan Central locality (illustrative)", ["U42152"], ["P92616", "P92038"]),
    ("LOC-02H-2", "Wigan North and Hindley locality (illustrative)", ["U96127", "U21926"], []),
    ("LOC-02H-3", "Leigh locality (illustrative)", ["U70230"], []),
    ("LOC-02H-4", "Atherton and Tyldesley locality (illustrative)", ["U30170"], ["P92016"]),
    ("LOC-02H-5", "Ashton, Golborne and Lowton locality (illustrative)", ["U23418", "U69052"], []),
]

ORG_COLUMNS = [
    "code",
    "name",
    "kind",
    "is_local_code",
    "ons_code",
    "postcode",
    "opened",
    "closed",
    "status",
    "source",
]
LINK_COLUMNS = ["child", "kind", "parent", "start", "end", "source"]
POPULATION_COLUMNS = ["code", "extract_date", "sex", "age_band", "patients", "source"]


def ods_date(text) -> str:
    text = str(text or "").strip()
    return dt.datetime.strptime(text, "%Y%m%d").date().isoformat() if text else ""


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="latin-1", newline="") as handle:
        return list(csv.reader(handle))


def read_dicts(path: Path) -> list[dict]:
    with open(path, encoding="latin-1", newline="") as handle:
        return list(csv.DictReader(handle))


def org(code, name, kind, source, **fields) -> dict:
    row = dict.fromkeys(ORG_COLUMNS, "")
    row.update(code=code, name=name, kind=kind, is_local_code="false", source=SRC[source])
    row.update(fields)
    return row


def link(child, kind, parent, source, start="", end="") -> dict:
    return dict(child=child, kind=kind, parent=parent, start=start, end=end, source=SRC[source])


class Builder:
    def __init__(self, published: Path):
        self.dir = published
        self.orgs: list[dict] = []
        self.links: list[dict] = []
        self.population: list[dict] = []
        self.pcn_of: dict[str, str] = {}

    def build(self):
        self.geography()
        self.practices()
        self.pcns()
        self.providers()
        self.local_bodies()
        self.localities()
        return self

    def geography(self):
        """CCGs, STPs and the NHS England region, from the QOF 2020-21 map."""
        rows = read_dicts(self.dir / "qof-2020-21/MAPPING_NHS_GEOGRAPHIES_2021.csv")
        seen = set()
        for r in sorted(rows, key=lambda r: r["CCG_ODS_CODE"]):
            if r["CCG_ODS_CODE"] not in CCGS:
                continue
            for level, kind, parent in (("REGION", "region", None), ("STP", "stp", "REGION")):
                self._area(r, level, kind, parent, seen)
            self._area(r, "CCG", "ccg", "STP", seen, end=CCG_END)
            ccg, stp = r["CCG_ODS_CODE"], r["STP_ODS_CODE"]
            if ("icb", ccg) not in seen:
                seen.add(("icb", ccg))
                self.links.append(link(ccg, "part_of", stp, "epraccur23", start=ICB_START))

    def _area(self, r, level, kind, parent, seen, end=""):
        code = r[f"{level}_ODS_CODE"]
        if code in seen:
            return
        seen.add(code)
        self.orgs.append(
            org(code, r[f"{level}_NAME"], kind, "qof", ons_code=r[f"{level}_ONS_CODE"])
        )
        if parent:
            row = link(code, "part_of", r[f"{parent}_ODS_CODE"], "qof", end=end)
            row["source"] += f"; end: {SRC['act']}" if end else ""
            self.links.append(row)

    def practices(self):
        """Active GP practices (prescribing setting 4) of the three CCGs, December 2019."""
        later = {r[0]: r for r in read_rows(self.dir / "ods-epraccur-2023-02/epraccur.csv")}
        lists = {
            r["CODE"]: r for r in read_dicts(self.dir / "gp-reg-2021-01/gp-reg-pat-prac-all.csv")
        }
        for r in read_rows(self.dir / "ods-epraccur-2019-12/epraccur.csv"):
            if r[14] in CCGS and r[12] == "A" and r[25] == "4":
                self._practice(r, later.get(r[0]), lists.get(r[0]))

    def _practice(self, r, later, listed):
        code = r[0]
        closed = ods_date(later[11]) if later and later[12] == "C" else ""
        self.orgs.append(
            org(
                code,
                r[1],
                "practice",
                "epraccur",
                postcode=r[9],
                opened=ods_date(r[10]),
                closed=closed,
                status="C" if closed else "A",
            )
        )
        if closed:
            self.orgs[-1]["source"] += f"; closed: {SRC['epraccur23']}"
        self.links.append(link(code, "part_of", r[14], "epraccur", start=ods_date(r[15])))
        if listed:
            assert listed["CCG_CODE"] == r[14], f"{code} moved commissioner before Jan 2021"
            self.population.append(
                dict(
                    code=code,
                    extract_date=EXTRACT_DATE,
                    sex="all",
                    age_band="all",
                    patients=int(listed["NUMBER_OF_PATIENTS"]),
                    source=SRC["gpreg"],
                )
            )

    def pcns(self):
        book = openpyxl.load_workbook(self.dir / "ods-epcn-2019-12/ePCN.xlsx", read_only=True)
        for r in list(book["PCN Details"].iter_rows(values_only=True))[1:]:
            if r[2] in CCGS:
                self.orgs.append(
                    org(r[0], r[1], "pcn", "epcn", postcode=r[11] or "", opened=ods_date(r[4]))
                )
                self.links.append(link(r[0], "part_of", r[2], "epcn", start=ods_date(r[4])))
        practices = {o["code"] for o in self.orgs if o["kind"] == "practice"}
        for r in list(book["PCN Core Partner Details"].iter_rows(values_only=True))[1:]:
            if r[0] in practices:
                self.pcn_of[r[0]] = r[4]
                start, end = ods_date(r[8]), ods_date(r[9])
                self.links.append(link(r[0], "member_of", r[4], "epcn", start=start, end=end))

    def providers(self):
        trusts = {r[0]: r for r in read_rows(self.dir / "ods-etr-c2015-16/etr.csv")}
        for code, (kind, ccgs) in PROVIDERS.items():
            r = trusts[code]
            self.orgs.append(
                org(code, r[1], kind, "etr", postcode=r[9], opened=ods_date(r[10]), status="A")
            )
            self.links += [link(code, "serves", ccg, "demo") for ccg in ccgs]

    def local_bodies(self):
        for code, name, kind, ons_code, source in LOCAL_BODIES:
            self.orgs.append(org(code, name, kind, source, ons_code=ons_code, is_local_code="true"))
        for council, ccgs in COUNCILS.items():
            self.links += [link(council, "serves", ccg, "demo") for ccg in ccgs]
        self.links += [link("MT-00X-01E", "serves", ccg, "demo") for ccg in ("00X", "01E")]
        self.links.append(link("SEN-02H", "hosted_by", "02H", "demo", start=LOCALITY_START))

    def localities(self):
        moved = {p for *_, extra in LOCALITIES for p in extra}
        for code, name, pcns, extra in LOCALITIES:
            self.orgs.append(
                org(code, name, "locality", "demo", is_local_code="true", opened=LOCALITY_START)
            )
            self.links.append(link(code, "part_of", "02H", "demo", start=LOCALITY_START))
            members = [p for p, pcn in self.pcn_of.items() if pcn in pcns and p not in moved]
            for practice in sorted(members + extra):
                self.links.append(link(practice, "member_of", code, "demo", start=LOCALITY_START))


def write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{path}: {len(rows)} rows")


def locality_sizes(builder: Builder) -> dict[str, int]:
    patients = {p["code"]: p["patients"] for p in builder.population}
    sizes: dict[str, int] = defaultdict(int)
    for row in builder.links:
        if row["parent"].startswith("LOC-"):
            sizes[row["parent"]] += patients.get(row["child"], 0)
    return dict(sizes)


# The indicator files: QOF prevalence in its published long layout, cut to the demo practices, and
# the monthly dementia diagnosis rate of the demo CCGs that the derived GM file covers.
QOF_FILES = {
    "qof_prevalence_2021.csv": "qof-2020-21/PREVALENCE_2021_v2.csv",
    "qof_prevalence_1920.csv": "qof-2019-20/PREVALENCE_1920.csv",
}
DEMENTIA_FILE = "dementia-gm-derived/diagnosis_rates.csv"
DEMENTIA_CCGS = {"WIGAN BOROUGH": "02H"}  # the derived file's trimmed names; only GM CCGs
DEMENTIA_INDICATOR = "dementia-diagnosis-rate-65"
DEMENTIA_COLUMNS = [
    "indicator",
    "organisation",
    "period",
    "value",
    "lower_95",
    "upper_95",
    "source",
]
DEMENTIA_SOURCE = (
    "NHS Digital, Recorded Dementia Diagnoses (monthly, dem-diag-ind), "
    "as re-laid for GM CCGs by github.com/sadneurons/DjangoDementiaDashboard"
)


def qof_rows(path: Path, practices: set[str]) -> list[str]:
    """The header and every row of the demo practices, each line's text unchanged."""
    with open(path, encoding="latin-1", newline="") as handle:
        lines = [line.rstrip("\r\n") for line in handle]
    return [lines[0], *(line for line in lines[1:] if line.split(",", 1)[0] in practices)]


def dementia_rows(path: Path) -> list[dict]:
    return [
        dict(
            indicator=DEMENTIA_INDICATOR,
            organisation=DEMENTIA_CCGS[r["CCG"]],
            period=r["DATE"][:7],
            value=r["RATE"],
            lower_95=r["LL"],
            upper_95=r["UL"],
            source=DEMENTIA_SOURCE,
        )
        for r in read_dicts(path)
        if r["CCG"] in DEMENTIA_CCGS
    ]


def indicator_files(published: Path, out: Path, practices: set[str]) -> None:
    for name, source in QOF_FILES.items():
        lines = qof_rows(published / source, practices)
        (out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{out / name}: {len(lines) - 1} rows")
    write(
        out / "dementia_diagnosis_rate.csv",
        DEMENTIA_COLUMNS,
        dementia_rows(published / DEMENTIA_FILE),
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("published", type=Path, help="directory of the published files")
    default_out = Path(__file__).resolve().parents[1] / "src/concord/demo/data"
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)
    builder = Builder(args.published).build()
    write(args.out / "organisations.csv", ORG_COLUMNS, builder.orgs)
    write(args.out / "relationships.csv", LINK_COLUMNS, builder.links)
    write(args.out / "population.csv", POPULATION_COLUMNS, builder.population)
    practices = {o["code"] for o in builder.orgs if o["kind"] == "practice"}
    indicator_files(args.published, args.out, practices)
    for code, size in sorted(locality_sizes(builder).items()):
        print(f"{code}: {size:,} patients in January 2021")


if __name__ == "__main__":
    main()
