"""CSV and Excel downloads: the same rows as the page, formula text neutralised, the page's
permissions and filters kept."""

import csv
import datetime as dt
import html
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from concord.accountability import status as s
from concord.accountability.models import CommitmentStatus, RedFlag
from concord.accountability.refresh import refresh
from concord.governance import actions as governance
from concord.organisations.population import registered_population
from concord.web.exports import Table, download, neutralised, restored
from tests.factories import (
    CCGFactory,
    PopulationCountFactory,
    PracticeFactory,
    RelationshipFactory,
    UserFactory,
)
from tests.integration.accountable import measure, senate_with
from tests.integration.indicator_pages import build

pytestmark = pytest.mark.django_db
DURING = dt.date(2021, 12, 15)
EXTRACT = dt.date(2021, 1, 1)
FORMULAS = ['=HYPERLINK("http://x.example")', "+1", "-cmd", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.fixture
def world():
    senate, agreement = senate_with(seats=3, measured=2)
    measure(senate.seats[0].organisation, dt.date(2020, 10, 1), [70.0] * 14 + [66.9] * 7)
    meeting = governance.schedule_meeting(
        by=senate.chair, forum=senate.forum, date=dt.date(2022, 1, 12)
    )
    refresh(today=DURING)
    return senate, agreement, meeting


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "the byte-order mark tells Excel the file is UTF-8"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def xlsx_rows(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.content))
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def cells(page: str, table_id: str) -> list[list[str]]:
    """The text of each body row's cells in the page's table with this id."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S).group(0)
    body = table.split("<tbody", 1)[1]
    rows = re.findall(r"<tr.*?</tr>", body, re.S)
    text = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S) for row in rows]
    strip = lambda c: html.unescape(re.sub(r"<[^>]+>", "", c)).strip()  # noqa: E731
    return [[strip(c) for c in row] for row in text]


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return response


def test_a_forum_scorecard_downloads_the_rows_its_page_shows(client, world):
    senate, agreement, meeting = world
    client.force_login(senate.viewer)
    url = reverse("accountability:forum", args=[senate.forum.slug])
    shown = cells(get(client, url).content.decode(), "items")
    as_csv = csv_rows(get(client, url, format="csv"))
    as_xlsx = xlsx_rows(get(client, url, format="xlsx"))

    assert as_csv[0][0] == "Party" and as_csv[0][-1] == "Why"
    assert len(as_csv) - 1 == len(shown) == CommitmentStatus.objects.current().count()
    for page_row, csv_row, xlsx_row in zip(shown, as_csv[1:], as_xlsx[1:], strict=True):
        party, what, status_label, why = page_row
        assert (csv_row[0], csv_row[2], csv_row[7], csv_row[9]) == (party, what, status_label, why)
        assert (xlsx_row[0], xlsx_row[2], xlsx_row[7], xlsx_row[9]) == tuple(
            csv_row[i] for i in (0, 2, 7, 9)
        )
        assert isinstance(xlsx_row[8], int)  # the rule, a number in Excel
    assert {r[7] for r in as_csv[1:]} <= set(s.LABELS.values())


def test_the_download_links_keep_the_page_and_its_filters(client, world):
    senate, agreement, meeting = world
    client.force_login(senate.viewer)
    page = get(client, reverse("accountability:flags"), state="all").content.decode()
    assert "?state=all&amp;format=csv" in page and "?state=all&amp;format=xlsx" in page


def test_the_flag_list_downloads_its_flags_with_its_filter(client, world):
    senate, agreement, meeting = world
    flag = RedFlag.objects.filter(organisation=senate.seats[0].organisation).first()
    client.force_login(senate.editor)
    client.post(
        reverse("accountability:flag", args=[flag.pk]), {"action": "resolve", "note": "Dealt with"}
    )
    assert RedFlag.objects.get(pk=flag.pk).state == "resolved"
    client.force_login(senate.viewer)
    url = reverse("accountability:flags")

    unresolved = csv_rows(get(client, url, format="csv"))[1:]
    everything = csv_rows(get(client, url, state="all", format="csv"))[1:]
    page = cells(get(client, url).content.decode(), "flags")

    assert [r[0] for r in unresolved] == [row[0].replace(" no longer holds", "") for row in page]
    assert len(everything) == RedFlag.objects.count() == len(unresolved) + 1
    assert {r[0] for r in everything} - {r[0] for r in unresolved} == {flag.title}
    api = client.get("/api/v1/accountability/flags").json()
    assert sorted(f["title"] for f in api) == sorted(r[0] for r in unresolved)
    api = client.get("/api/v1/accountability/flags", {"unresolved": "false"}).json()
    assert sorted(f["title"] for f in api) == sorted(r[0] for r in everything)


def test_the_agenda_downloads_its_proposed_items_and_decisions(client, world):
    senate, agreement, meeting = world
    first = meeting.proposals.order_by("pk").first()
    client.force_login(senate.chair)
    url = reverse("accountability:agenda", args=[meeting.pk])
    client.post(url, {"proposal": first.pk, "decision": "accept", "reason": ""})

    rows = csv_rows(get(client, url, format="csv"))
    assert rows[0][:3] == ["Proposed item", "Kind", "Why"]
    assert sorted(r[0] for r in rows[1:]) == sorted(
        meeting.proposals.values_list("title", flat=True)
    )
    accepted = next(r for r in rows[1:] if r[0] == first.title)
    assert accepted[3] == "Accepted" and accepted[4] == senate.chair.get_username()
    sheet = xlsx_rows(get(client, url, format="xlsx"))
    decided = next(r for r in sheet[1:] if r[0] == first.title)
    assert isinstance(decided[5], dt.datetime)


def test_the_positions_board_downloads_each_seats_position(client, world):
    senate, agreement, meeting = world
    proposal = agreement.proposal
    client.force_login(senate.viewer)
    url = reverse("governance:proposal", args=[proposal.pk])
    rows = csv_rows(get(client, url, format="csv"))
    page = cells(get(client, url).content.decode(), "positions-board")

    assert rows[0][:4] == ["Seat", "Seat code", "Entry", "Position"]
    standing = [r for r in rows[1:] if r[2] == "standing"]
    assert [r[0] for r in standing] == [row[0] for row in page]
    assert [r[3] for r in standing] == [row[1] for row in page]
    assert {r[1] for r in standing} == {seat.organisation.code for seat in senate.seats}


@pytest.fixture
def directory():
    ccg = CCGFactory(code="99Z", name="NHS Export Test CCG")
    practices = [PracticeFactory(name=f"Export Surgery {n}") for n in range(4)]
    for n, practice in enumerate(practices):
        RelationshipFactory(child=practice, parent=ccg)
        PopulationCountFactory(organisation=practice, extract_date=EXTRACT, patients=1000 + n)
    return ccg, practices


def test_the_directory_downloads_every_organisation_found_with_registered_patients(
    client, viewer, directory
):
    ccg, practices = directory
    client.force_login(viewer)
    url = reverse("organisations")
    rows = csv_rows(get(client, url, q="export", format="csv"))
    page = cells(get(client, url, q="export").content.decode(), "directory")

    assert rows[0][:3] == ["Code", "Name", "Kind"] and rows[0][-1] == "Registered patients"
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {ccg.code, *(p.code for p in practices)}
    assert by_code[ccg.code][-1] == str(registered_population(ccg, EXTRACT)) == "4006"
    for row in page:
        assert by_code[row[0]][-1] == row[-1].replace(",", "")
    sheet = xlsx_rows(get(client, url, q="export", format="xlsx"))
    assert {r[0]: r[-1] for r in sheet[1:]}[ccg.code] == 4006


def test_the_directory_download_costs_the_same_queries_for_more_organisations(
    client, viewer, directory
):
    ccg, practices = directory
    client.force_login(viewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            get(client, reverse("organisations"), q="export", format="csv")
        return len(captured)

    few = queries()
    for n in range(30):
        practice = PracticeFactory(name=f"Export Surgery more {n}")
        RelationshipFactory(child=practice, parent=ccg)
        PopulationCountFactory(organisation=practice, extract_date=EXTRACT, patients=900)
    other = CCGFactory(code="98Y", name="NHS Export Other CCG")
    RelationshipFactory(child=PracticeFactory(name="Export Surgery other"), parent=other)
    assert queries() == few


@pytest.mark.parametrize("text", FORMULAS)
def test_a_name_a_spreadsheet_would_run_is_written_as_text(client, viewer, text):
    PracticeFactory(code="P99999", name=f"{text} Surgery")
    client.force_login(viewer)
    url = reverse("organisations")
    as_csv = csv_rows(get(client, url, q="P99999", format="csv"))
    assert as_csv[1][1] == "'" + f"{text} Surgery"

    response = get(client, url, q="P99999", format="xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.strip() == f"{text} Surgery".strip()
    assert cell.quotePrefix, "kept as text even when someone edits the cell in Excel"
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()


def test_numbers_stay_numbers_and_negatives_are_not_taken_for_formulas():
    table = Table("t", "Numbers", ["text", "number"], [["-cmd", -3.5], ["plain", 12]])
    as_csv = download(table, "csv").content.decode().removeprefix("\ufeff").splitlines()
    assert as_csv[1:] == ["'-cmd,-3.5", "plain,12"]
    book = load_workbook(io.BytesIO(download(table, "xlsx").content))
    sheet = book.worksheets[0]
    assert (
        sheet.cell(row=2, column=2).value == -3.5 and sheet.cell(row=2, column=2).data_type == "n"
    )
    assert (
        sheet.cell(row=2, column=1).value == "-cmd" and sheet.cell(row=2, column=1).data_type == "s"
    )
    assert neutralised(-3.5) == -3.5 and neutralised("@x") == "'@x"
    assert neutralised("-3.5") == "-3.5" and neutralised("-2+3") == "'-2+3"  # only a number
    assert restored(neutralised("-2+3")) == "-2+3" and restored("'plain") == "'plain"
    assert book.sheetnames == ["Numbers", "About"]


def test_an_empty_list_downloads_its_heading_row_alone(client, viewer):
    client.force_login(viewer)
    response = get(client, reverse("accountability:flags"), format="csv")
    assert csv_rows(response) == [
        [
            "Flag",
            "Kind",
            "Against",
            "Code",
            "Agreed for",
            "Forum",
            "State",
            "Still holds",
            "Raised",
            "Evidence",
        ]
    ]


def test_downloads_are_named_for_what_they_hold_and_the_day(client, viewer):
    client.force_login(viewer)
    response = get(client, reverse("accountability:flags"), format="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert re.fullmatch(
        r'attachment; filename="concord-red-flags-\d{4}-\d{2}-\d{2}\.xlsx"',
        response["Content-Disposition"],
    )
    csv_response = get(client, reverse("organisations"), format="csv")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="concord-organisations-' in csv_response["Content-Disposition"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_someone_signed_out_is_sent_to_sign_in_not_given_a_download(client, world, fmt):
    senate, agreement, meeting = world
    for url in (
        reverse("accountability:flags"),
        reverse("accountability:forum", args=[senate.forum.slug]),
        reverse("accountability:agenda", args=[meeting.pk]),
        reverse("governance:proposal", args=[agreement.proposal.pk]),
        reverse("organisations"),
    ):
        response = client.get(url, {"format": fmt})
        assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_a_login_with_no_role_may_not_download(client, world):
    senate, agreement, meeting = world
    client.force_login(UserFactory(role=None))
    response = client.get(reverse("accountability:flags"), {"format": "csv"})
    assert response.status_code in (302, 403)
    assert "text/csv" not in response.get("Content-Type", "")


def test_an_unknown_format_shows_the_page(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("accountability:flags"), {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


RUNNABLE = ['=HYPERLINK("http://x")', "-2+3", "@SUM(A1)"]


def inert(text: str) -> bool:
    return not text.startswith(("=", "+", "-", "@", "\t", "\r")) or text[:1] == "'"


def assert_no_formula(body: bytes, fmt: str, names: list[str]) -> None:
    """Every cell of a CSV or XLSX export: none a formula, each name present and made inert."""
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        found = [c for row in rows for c in row]
        assert all(inert(c) or c.lstrip("-").replace(".", "", 1).isdigit() for c in found)
        for name in names:
            assert any(c == "'" + name or c.startswith(f"'{name}") for c in found), name
        return
    book = load_workbook(io.BytesIO(body))
    cells_ = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells_ if c.data_type == "f"]
    for name in names:
        matching = [c for c in cells_ if isinstance(c.value, str) and c.value.startswith(name)]
        assert matching and all(c.data_type == "s" and c.quotePrefix for c in matching), name


def test_every_indicator_download_writes_names_inert(client, viewer):
    economy = build(practices=3, periods=3)
    indicator, practices = economy["indicator"], economy["practices"]
    for practice, name in zip(practices, RUNNABLE, strict=True):
        practice.name = name
        practice.save()
    client.force_login(viewer)
    org = reverse("organisation-indicator", args=[practices[1].code, indicator.code])
    peers = get(client, org, format="csv", table="peers").content
    assert_no_formula(peers, "csv", RUNNABLE)
    series = get(client, org, format="csv").content
    assert_no_formula(series, "csv", [])
    compare = reverse("indicator-compare", args=[economy["locality"].code, indicator.code])
    members = get(client, compare, format="csv", period=economy["periods"][-1].label).content
    assert_no_formula(members, "csv", RUNNABLE)
    directory = reverse("organisations")
    for fmt in ("csv", "xlsx"):
        assert_no_formula(get(client, directory, q="", format=fmt).content, fmt, RUNNABLE)


def test_the_reaggregate_command_writes_names_inert(capsys):
    economy = build(practices=2, periods=1)
    ccg = economy["ccg"]
    ccg.name = RUNNABLE[0]
    ccg.save()
    call_command(
        "concord_indicators", "reaggregate", "--indicator", economy["indicator"].code,
        "--period", economy["periods"][0].label, "--kind", ccg.kind,
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    found = next(r for r in rows if r[1] == ccg.code)
    assert found[2] == "'" + RUNNABLE[0] and float(found[7]) > 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_page_download_writes_names_inert(client, world, fmt):
    senate, agreement, meeting = world
    for seat, name in zip(senate.seats, RUNNABLE, strict=True):
        seat.organisation.name = name
        seat.organisation.save()
    refresh(today=DURING)
    client.force_login(senate.chair)
    for url in (
        reverse("accountability:flags"),
        reverse("accountability:forum", args=[senate.forum.slug]),
        reverse("accountability:agenda", args=[meeting.pk]),
        reverse("governance:proposal", args=[agreement.proposal.pk]),
    ):
        body = get(client, url, format=fmt).content
        names = RUNNABLE if "proposal" in url or "forum" in url else []
        assert_no_formula(body, fmt, names)
