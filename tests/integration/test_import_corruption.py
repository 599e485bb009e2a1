"""Every importer against every way a file can be spoilt: refused cleanly, nothing written.

For each importer a small good file is written by the test; each corruption spoils a copy of it.
`concord import` must exit with code 2 and a message naming the file (and, where the fault sits
in a row, the row and the column), write nothing to any table, print no traceback, and then
import the good file. A corruption that cannot happen to a file (no dates in it, say) is left out
of that importer's row of the matrix.
"""

import csv
import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from openpyxl import Workbook

from concord.organisations.kinds import Kind
from tests.factories import OrganisationFactory, PracticeFactory

pytestmark = pytest.mark.django_db

EXIT_BAD_INPUT = 2
LONG = "A" * 131_073  # one character over the csv module's default field limit
FORMULA_PREFIXES = ("=", "+", "@", "\t", "\r")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


DEFINITIONS = ("qof-prevalence-dem.toml", "dementia-diagnosis-rate-65.toml")  # all the files use


@pytest.fixture(scope="session")
def definitions(tmp_path_factory):
    """A folder holding only the definitions these files name: loading 32 for every case would
    be most of the matrix's time."""
    from concord.indicators.definitions import DEFINITIONS_DIR

    folder = tmp_path_factory.mktemp("definitions")
    for name in DEFINITIONS:
        (folder / name).write_bytes((DEFINITIONS_DIR / name).read_bytes())
    return folder


def load_definitions(folder):
    from concord.indicators.definitions import load_definitions as load

    load(folder)


def practices(folder=None):
    for code in ("P99901", "P99902"):
        PracticeFactory(code=code, name=f"Surgery {code}")


def measured(folder):
    load_definitions(folder)
    practices()


def parties(folder=None):
    OrganisationFactory(code="02H", name="NHS Wigan Borough CCG", kind=Kind.CCG)
    OrganisationFactory(code="RRF", name="Wrightington, Wigan and Leigh", kind=Kind.NHS_TRUST)


def contracted(folder):
    load_definitions(folder)
    parties()
    path = csv_file(CONTRACTS.header, CONTRACTS.rows)
    run("contracts-csv", path)


def ods_row(code, name, opened="20130401", closed="", status="A", commissioner="02H"):
    """27 columns of an ODS file: the shared leading columns, epraccur's status and commissioner."""
    fields = [code, name, "Y54", "Q47", "1 HIGH STREET", "", "WIGAN", "", "", "WN1 1NJ"]
    fields += [opened, closed, status, "B", commissioner, opened, "", "01942 000000"]
    fields += [""] * 7 + ["4", ""]
    assert len(fields) == 27
    return fields


@dataclass(frozen=True)
class Csv:
    """A CSV importer's good file and where its kinds of field are (column indices)."""

    kind: str
    file_name: str
    header: tuple[str, ...] | None  # None: an ODS file, which has no header
    rows: tuple[tuple[str, ...], ...]
    text: int  # a text field (a name, a title) or, where none is kept, a code looked up
    number: int | None = None
    opened_closed: tuple[int, int] | None = None
    date: int | None = None
    key: int | None = None  # the column a repeated row's error names (None: the row only)
    setup: Callable[[Path], None] = lambda folder: None  # given the definitions' folder
    args: tuple[str, ...] = ()

    def column(self, index: int) -> str:
        """How an error names a column: its header, or its number in an ODS file."""
        return self.header[index] if self.header else str(index + 1)

    def first_row(self) -> int:
        return 2 if self.header else 1


EPRACCUR = Csv(
    "epraccur",
    "epraccur.csv",
    None,
    (tuple(ods_row("P99901", "SURGERY ONE")), tuple(ods_row("P99902", "SURGERY TWO"))),
    text=1,
    opened_closed=(10, 11),
    date=10,
    key=0,
)
ETR = Csv(
    "etr",
    "etr.csv",
    None,
    (tuple(ods_row("RXA", "TRUST ONE")), tuple(ods_row("RXB", "TRUST TWO"))),
    text=1,
    opened_closed=(10, 11),
    date=10,
    key=0,
)
ECCG = Csv(
    "eccg",
    "eccg.csv",
    None,
    (tuple(ods_row("02H", "NHS WIGAN CCG")), tuple(ods_row("00X", "NHS CHORLEY CCG"))),
    text=1,
    opened_closed=(10, 11),
    date=10,
    key=0,
)
GPREG_HEADER = (
    "PUBLICATION",
    "EXTRACT_DATE",
    "TYPE",
    "CCG_CODE",
    "ONS_CCG_CODE",
    "CODE",
    "POSTCODE",
    "SEX",
    "AGE",
    "NUMBER_OF_PATIENTS",
)
GPREG = Csv(
    "gp-reg",
    "gp-reg-pat-prac-all.csv",
    GPREG_HEADER,
    tuple(
        ("GP_PRAC_PAT_LIST", "01JAN2021", "GP", "02H", "E38000205", code, "WN1 1NJ", "ALL")
        + ("ALL", patients)
        for code, patients in (("P99901", "5903"), ("P99902", "7120"))
    ),
    text=5,
    number=9,
    date=1,
    setup=practices,
)
QOFMAP_HEADER = (
    "NAT_CODE",
    "COUNTRY",
    "NAT_ONS_CODE",
    "REGION_ODS_CODE",
    "REGION_NAME",
    "REGION_ONS_CODE",
    "STP_ODS_CODE",
    "STP_NAME",
    "STP_ONS_CODE",
    "CCG_ODS_CODE",
    "CCG_NAME",
    "CCG_ONS_CODE",
    "PCN_ODS_CODE",
    "PCN_NAME",
    "PRACTICE_CODE",
    "PRACTICE_NAME",
)
QOFMAP = Csv(
    "qof-map",
    "MAPPING_NHS_GEOGRAPHIES_2021.csv",
    QOFMAP_HEADER,
    tuple(
        ("ENG", "England", "E92000001", "Y62", "North West", "E40000010", "QOP")
        + ("Greater Manchester", "E54000007", "02H", "NHS Wigan Borough CCG", "E38000205")
        + ("U00001", "Wigan Central PCN", code, name)
        for code, name in (("P99901", "Surgery One"), ("P99902", "Surgery Two"))
    ),
    text=15,
    key=14,
)
PREVALENCE = Csv(
    "qof-prevalence",
    "PREVALENCE_2021.csv",
    ("PRACTICE_CODE", "GROUP_CODE", "REGISTER", "PATIENT_LIST_TYPE", "PRACTICE_LIST_SIZE"),
    (("P99901", "DEM", "40", "TOTAL", "5000"), ("P99902", "DEM", "25", "TOTAL", "3100")),
    text=1,
    number=2,
    setup=measured,
)
MEASUREMENTS = Csv(
    "measurements-csv",
    "measurements.csv",
    ("indicator", "organisation", "period", "numerator", "denominator", "published"),
    tuple(
        ("qof-prevalence-dem", code, "2020-21", numerator, denominator, "2021-10-14")
        for code, numerator, denominator in (("P99901", "40", "5000"), ("P99902", "25", "3100"))
    ),
    text=0,
    number=3,
    date=5,
    setup=measured,
)
CONTRACTS = Csv(
    "contracts-csv",
    "contracts.csv",
    (
        "reference",
        "title",
        "kind",
        "status",
        "start",
        "end",
        "annual_value",
        "commissioners",
        "providers",
    ),
    (
        ("JC-1", "Memory service", "nhs_standard", "active", "2021-04-01", "2024-03-31")
        + ("1000000", "02H=1000000", "RRF"),
        ("JC-2", "Falls service", "nhs_standard", "active", "2021-04-01", "2023-03-31")
        + ("250000", "02H", "RRF"),
    ),
    text=1,
    number=6,
    opened_closed=(4, 5),
    date=4,
    key=0,
    setup=parties,
)
KPIS = Csv(
    "kpis-csv",
    "kpis.csv",
    (
        "contract",
        "code",
        "name",
        "indicator",
        "comparison",
        "threshold",
        "measurement_period",
        "consequence",
        "commitment",
    ),
    tuple(
        ("JC-1", code, name, "dementia-diagnosis-rate-65", "at_least", threshold, "month")
        + ("Action plan", "")
        for code, name, threshold in (("K1", "Diagnosis rate", "66.7"), ("K2", "Fall", "-5"))
    ),
    text=2,
    number=5,
    key=1,
    setup=contracted,
)
CSV_IMPORTERS = (EPRACCUR, ETR, ECCG, GPREG, QOFMAP, PREVALENCE, MEASUREMENTS, CONTRACTS, KPIS)


# -- writing files --------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def csv_bytes(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL if header is None else csv.QUOTE_MINIMAL)
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def csv_file(header, rows, name=None, data: bytes | None = None):
    spec = next(s for s in CSV_IMPORTERS if s.header == header)
    path = Path.cwd() / (name or spec.file_name)
    path.write_bytes(csv_bytes(header, rows) if data is None else data)
    return path


def changed(rows, row: int, column: int, value) -> list[list]:
    spoilt = [list(r) for r in rows]
    spoilt[row][column] = value
    return spoilt


@dataclass
class Spoilt:
    """A spoilt file and where its error must point (None: the file as a whole)."""

    data: bytes
    row: int | None = None
    column: str | None = None
    words: tuple[str, ...] = field(default_factory=tuple)


def csv_corruption(spec: Csv, corruption: str) -> Spoilt | None:
    """The spoilt copy of spec's good file, or None where the corruption cannot apply."""
    rows, header, second = spec.rows, spec.header, spec.first_row() + 1
    text = spec.column(spec.text)

    def at(row, column, value, row_number=second, column_name=None, *words):
        data = csv_bytes(header, changed(rows, row, column, value))
        return Spoilt(data, row_number, column_name or spec.column(column), words)

    match corruption:
        case "long-field":
            return at(1, spec.text, LONG, second, text, "131,072")
        case "nan" | "infinity" if spec.number is not None:
            return at(1, spec.number, {"nan": "NaN", "infinity": "inf"}[corruption])
        case "close-before-open" if spec.opened_closed:
            opened, closed = spec.opened_closed
            value = "2001-01-01" if header else "20010101"
            return at(1, closed, value)
        case "bad-date" if spec.date is not None:
            return at(1, spec.date, "2021-13-45" if header else "20211345")
        case "empty":
            return Spoilt(b"", words=("empty",))
        case "header-only":
            names = header or ["Organisation Code", "Name"] + [f"Column {n}" for n in range(25)]
            return Spoilt(csv_bytes(None, [names]), 1 if not header else None)
        case "duplicate-row":
            repeat = Spoilt(csv_bytes(header, [*rows, rows[0]]), second + 1, words=("repeats",))
            if spec.key is not None:
                repeat.column = spec.column(spec.key)
            return repeat
        case "truncated":
            data = csv_bytes(header, rows)
            last = data.rstrip(b"\r\n").rfind(b"\n") + 1
            return Spoilt(data[: last + (len(data) - last) // 2], second)
        case "wrong-columns":
            if header:
                wrong = [n if n != text else "UNEXPECTED" for n in header]
                return Spoilt(csv_bytes(wrong, rows), 1)
            return Spoilt(csv_bytes(None, [r[:-1] for r in rows]), 1)
        case "non-utf8":
            good = csv_bytes(header, rows)
            at_ = good.rfind(rows[1][spec.text].encode()) + 2  # inside the last row's text
            spoilt = good[:at_] + b"\xff\xfe" + good[at_:]
            return Spoilt(spoilt, second, text, ("UTF-8",))
        case "binary":
            return Spoilt(random.Random(7).randbytes(4096))
        case formula if formula.startswith("formula"):
            prefix = FORMULA_PREFIXES[int(formula.removeprefix("formula-"))]
            return at(1, spec.text, f'{prefix}HYPERLINK("http://example.org","x")')
    return None


# -- the ePCN workbook ------------------------------------------------------------------------

DETAILS, PARTNERS = "PCN Details", "PCN Core Partner Details"
DETAIL_HEADER = (
    "PCN Code",
    "PCN Name",
    "Current Clinical Commissioning Group Code",
    "Open Date (YYYYMMDD)",
    "Close Date (YYYYMMDD)",
    "Postcode",
)
PARTNER_HEADER = (
    "Partner Organisation Code",
    "Partner Name",
    "PCN Code",
    "Practice to PCN Relationship Start Date",
    "Practice to PCN Relationship End Date",
)
PCN_ROWS = (
    ["U99991", "WIGAN CENTRAL PCN", "02H", 20190701, None, "WN1 1NJ"],
    ["U99992", "WIGAN NORTH PCN", "02H", 20190701, None, "WN6 7LB"],
)
PARTNER_ROWS = (
    ["P99901", "SURGERY ONE", "U99991", 20190701, None],
    ["P99902", "SURGERY TWO", "U99992", 20190701, None],
)


def workbook_bytes(details=PCN_ROWS, partners=PARTNER_ROWS, detail_header=DETAIL_HEADER) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in (
        (DETAILS, detail_header, details),
        (PARTNERS, PARTNER_HEADER, partners),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rewritten(xlsx: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with `old` replaced by `new` in its worksheets' XML."""
    source, out = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(old, new)
            target.writestr(item, data)
    return out.getvalue()


def epcn_corruption(corruption: str) -> Spoilt | None:
    def at(column, value, *words):
        details = [list(r) for r in PCN_ROWS]
        details[1][column] = value
        return Spoilt(workbook_bytes(details), 3, DETAIL_HEADER[column], words)

    def number(text: str) -> Spoilt:
        """The second PCN's open date stored as `text` (openpyxl writes NaN as an empty cell)."""
        spoilt = at(3, 99999999)
        spoilt.data = rewritten(spoilt.data, b"<v>99999999</v>", f"<v>{text}</v>".encode())
        return spoilt

    match corruption:
        case "long-field":
            return at(1, LONG, "255")
        case "nan":  # openpyxl cannot say which cell of the row it could not read
            return Spoilt(number("NaN").data, 3)
        case "infinity":
            return number("1E999")
        case "close-before-open":
            return Spoilt(at(4, 20010101).data, 3, "Close Date")
        case "bad-date":
            return at(3, 20191345)
        case "empty":
            return Spoilt(b"", words=("empty",))
        case "header-only":
            return Spoilt(workbook_bytes([], []))
        case "duplicate-row":
            data = workbook_bytes([*PCN_ROWS, PCN_ROWS[0]])
            return Spoilt(data, 4, "PCN Code", ("repeats",))
        case "truncated":
            data = workbook_bytes()
            return Spoilt(data[: len(data) * 2 // 3])
        case "wrong-columns":
            return Spoilt(workbook_bytes(detail_header=("Code", *DETAIL_HEADER[1:])), 1)
        case "non-utf8":
            return None  # a workbook's text is not bytes in an encoding: nothing to spoil
        case "binary":
            return Spoilt(PNG + random.Random(7).randbytes(512))
        case "formula-4":
            return None  # XML reads a carriage return as a line feed, which is stripped
        case formula if formula.startswith("formula"):
            prefix = FORMULA_PREFIXES[int(formula.removeprefix("formula-"))]
            return at(1, f'{prefix}HYPERLINK("http://example.org","x")')
    return None


# -- running and counting -----------------------------------------------------------------------


def run(kind: str, path, *args: str) -> str:
    out = io.StringIO()
    call_command("concord_import", kind, str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def refused(kind: str, path, *args: str) -> str:
    """The error of an import that must exit with code 2 (any other exception fails the test:
    on the command line it would have been a traceback)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "concord_import", kind, str(path), "--no-progress", *args, stdout=out, stderr=err
        )
    assert exit_.value.code == EXIT_BAD_INPUT, err.getvalue()
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return err.getvalue()


def every_table() -> dict[str, int]:
    """Rows in every table of Concord's own apps, to show a refused import wrote nothing."""
    models = [m for m in apps.get_models() if m.__module__.startswith("concord.")]
    return {model._meta.label: model.objects.count() for model in models}


def assert_names(message: str, file_name: str, spoilt: Spoilt) -> None:
    assert file_name in message, message
    if spoilt.row is not None:
        assert re.search(rf"\brow {spoilt.row}\b", message), message
    if spoilt.column is not None:
        assert re.search(rf"\bcolumn {re.escape(spoilt.column)}(?!\w)", message), message
    for word in spoilt.words:
        assert word in message, message


CORRUPTIONS = (
    "long-field",
    "nan",
    "infinity",
    "close-before-open",
    "empty",
    "header-only",
    "duplicate-row",
    "truncated",
    "wrong-columns",
    "bad-date",
    "non-utf8",
    "binary",
    *(f"formula-{n}" for n in range(len(FORMULA_PREFIXES))),
)
CASES = [
    pytest.param(spec, corruption, id=f"{spec.kind}-{corruption}")
    for spec in CSV_IMPORTERS
    for corruption in CORRUPTIONS
    if csv_corruption(spec, corruption) is not None
    and (not corruption.startswith("formula-") or corruption == "formula-0" or spec is ECCG)
] + [
    pytest.param(None, corruption, id=f"epcn-{corruption}")
    for corruption in CORRUPTIONS
    if epcn_corruption(corruption) is not None
]


@pytest.mark.parametrize(("spec", "corruption"), CASES)
def test_a_spoilt_file_is_refused_and_the_good_file_then_imports(
    spec, corruption, tmp_path, definitions
):
    if spec is None:  # ePCN: a workbook, the practices' commissioner already known
        kind, name, spoilt, args = "epcn", "ePCN.xlsx", epcn_corruption(corruption), ()
        good = workbook_bytes()
    else:
        spec.setup(definitions)
        kind, name, args = spec.kind, spec.file_name, spec.args
        spoilt, good = csv_corruption(spec, corruption), csv_bytes(spec.header, spec.rows)
    path = tmp_path / name
    path.write_bytes(spoilt.data)
    before = every_table()

    message = refused(kind, path, *args)

    assert_names(message, name, spoilt)
    assert every_table() == before
    path.write_bytes(good)
    assert "Imported" in run(kind, path, *args)


@pytest.mark.parametrize("spec", CSV_IMPORTERS, ids=lambda spec: spec.kind)
def test_the_good_file_imports_every_row(spec, tmp_path, definitions):
    spec.setup(definitions)
    path = tmp_path / spec.file_name
    path.write_bytes(csv_bytes(spec.header, spec.rows))
    assert f"Imported {len(spec.rows)} rows" in run(spec.kind, path, *spec.args)


def test_a_negative_number_is_not_taken_for_a_formula(tmp_path, definitions):
    from concord.contracts.models import KPI

    KPIS.setup(definitions)
    path = tmp_path / KPIS.file_name
    path.write_bytes(csv_bytes(KPIS.header, KPIS.rows))
    run("kpis-csv", path)
    assert KPI.objects.get(code="K2").threshold == -5


def test_a_file_that_cannot_be_read_or_a_folder_is_refused_without_a_traceback(
    tmp_path, monkeypatch
):
    from concord.organisations.importers import base

    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert "folder.csv: is a folder" in refused("eccg", folder)
    path = tmp_path / "eccg.csv"
    path.write_bytes(csv_bytes(None, ECCG.rows))

    def denied(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(base, "file_checksum", denied)
    before = every_table()
    assert "eccg.csv: cannot be read (Permission denied)" in refused("eccg", path)
    assert every_table() == before


def test_lines_ending_in_a_carriage_return_alone_are_read(tmp_path):
    path = tmp_path / "eccg.csv"
    path.write_bytes(csv_bytes(None, ECCG.rows).replace(b"\r\n", b"\r"))
    assert "Imported 2 rows" in run("eccg", path)
