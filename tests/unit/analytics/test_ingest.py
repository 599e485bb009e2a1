"""Ingestion: checks, quarantine without identifiers, whole batches, idempotence."""

import csv
import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from concord.analytics.ingest import IngestOutcome, IngestRefused, ingest, land, write_report
from concord.analytics.pseudonyms import pseudonym
from concord.analytics.store import counts, open_store

KEY = b"k" * 32
GOOD = ["9434765919", "4010232137"]  # valid by modulus 11
HEADER = ["nhs_number", "date", "type", "code", "code_system"]


def write_csv(path, rows, header=HEADER):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def con():
    return open_store(":memory:")


def test_events_land_with_pseudonyms_and_no_nhs_number(con, tmp_path):
    rows = [
        [GOOD[0], "2020-05-01", "emergency_admission", "W19", "icd10"],
        [GOOD[1], "2020-06-01", "outpatient", "", ""],
    ]
    path = write_csv(tmp_path / "a.csv", rows)
    outcome = ingest(con, path, table="events", source="acute", key=KEY)
    assert (outcome.status, outcome.rows_loaded, outcome.quarantined) == ("loaded", 2, [])
    stored = con.execute("SELECT pseudonym FROM events ORDER BY date").fetchall()
    assert [row[0] for row in stored] == [pseudonym(KEY, int(n)) for n in GOOD]
    everything = str(con.execute("SELECT * FROM events").fetchall())
    assert not any(n in everything for n in GOOD)


def test_bad_rows_are_quarantined_by_row_field_and_reason_without_identifiers(con, tmp_path):
    rows = [
        [GOOD[0], f"2020-0{1 + i // 28}-{1 + i % 28:02d}", "outpatient", "", ""] for i in range(60)
    ] + [  # fmt: skip
        ["9434765918", "2020-05-01", "outpatient", "", ""],  # row 61: check digit wrong
        [GOOD[1], "2020-13-01", "outpatient", "", ""],  # row 62: not a date
        [GOOD[1], "1850-01-01", "teleport", "", ""],  # row 63: out of range, unknown type
    ]
    path = write_csv(tmp_path / "b.csv", rows)
    outcome = ingest(con, path, table="events", source="gp", key=KEY, report_dir=tmp_path)
    assert outcome.quarantined == [
        (61, "nhs_number", "fails the modulus 11 check"),
        (62, "date", "not a date (YYYY-MM-DD)"),
        (63, "date", "date out of range (1900-01-01 to today)"),
        (63, "type", "not an event type of the schema"),
    ]
    assert outcome.rows_loaded == 60
    report = next(tmp_path.glob("quarantine-*.csv")).read_text()
    assert "9434765918" not in report and GOOD[1] not in report
    assert report.splitlines()[0] == "row,field,reason"


def test_wrong_columns_are_refused_naming_them(con, tmp_path):
    path = write_csv(
        tmp_path / "c.csv", [[GOOD[0], "2020-05-01", "x"]], ["nhs_number", "day", "name"]
    )
    with pytest.raises(
        IngestRefused, match="missing date, type, code, code_system; unexpected day, name"
    ):
        ingest(con, path, table="events", source="acute", key=KEY)
    assert counts(con)["batches"] == 0


def test_a_mostly_bad_file_is_refused_whole(con, tmp_path):
    path = write_csv(tmp_path / "d.csv", [["123", "2020-05-01", "outpatient", "", ""]] * 5)
    with pytest.raises(IngestRefused, match="5 of 5 rows failed"):
        ingest(con, path, table="events", source="acute", key=KEY)
    assert counts(con) == {"people": 0, "registrations": 0, "events": 0, "batches": 0}


def test_ingesting_the_same_file_again_changes_nothing(con, tmp_path):
    path = write_csv(tmp_path / "e.csv", [[GOOD[0], "2020-05-01", "outpatient", "", ""]])
    ingest(con, path, table="events", source="acute", key=KEY)
    before = counts(con)
    again = ingest(con, path, table="events", source="acute", key=KEY)
    assert again.status == "unchanged" and counts(con) == before


def test_the_same_rows_in_parquet_add_no_events(con, tmp_path):
    rows = [[GOOD[0], "2020-05-01", "outpatient", "", ""]]
    ingest(con, write_csv(tmp_path / "f.csv", rows), table="events", source="acute", key=KEY)
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(HEADER)})
    pq.write_table(table, tmp_path / "f.parquet")
    outcome = ingest(con, tmp_path / "f.parquet", table="events", source="acute", key=KEY)
    assert outcome.rows_loaded == 0 and counts(con)["events"] == 1


def test_people_are_replaced_by_a_later_file(con, tmp_path):
    header = ["nhs_number", "sex", "birth_year", "birth_month", "lsoa", "deprivation_decile",
              "date_of_death"]  # fmt: skip
    first = write_csv(tmp_path / "p1.csv", [[GOOD[0], "F", "1940", "3", "", "4", ""]], header)
    later = write_csv(tmp_path / "p2.csv", [[GOOD[0], "F", "1940", "3", "", "4", "2020-01-02"]],
                      header)  # fmt: skip
    ingest(con, first, table="people", source="gp", key=KEY)
    ingest(con, later, table="people", source="gp", key=KEY)
    assert con.execute("SELECT count(*), max(date_of_death) FROM people").fetchall()[0][0] == 1


def test_a_failure_while_landing_leaves_nothing_behind(con, tmp_path):
    # registrations ending before they start break the table's check: the batch record goes too
    rows = pa.table({"pseudonym": [1, 2], "practice": ["P1", "P1"],
                     "start": pa.array([10, 20], pa.date32()),
                     "end": pa.array([None, 5], pa.date32())})  # fmt: skip
    pq.write_table(rows, tmp_path / "landing.parquet")
    outcome = IngestOutcome("g.csv", "registrations", "gp", "loaded", rows_read=2)
    with pytest.raises(Exception, match="(?i)constraint"):
        land(con, outcome, tmp_path / "landing.parquet", "digest", synthetic=False)
    assert counts(con) == {"people": 0, "registrations": 0, "events": 0, "batches": 0}


def test_report_has_only_row_field_reason(tmp_path):
    outcome = IngestOutcome("h.csv", "events", "gp", "loaded", quarantined=[(3, "date", "missing")])
    text = write_report(outcome, tmp_path / "r.csv").read_text()
    assert text.splitlines() == ["row,field,reason", "3,date,missing"]


# -- files of any size: read in blocks, never quoted ------------------------------------------
def test_rows_keep_their_numbers_across_the_blocks_of_a_parquet_file(con, tmp_path, monkeypatch):
    monkeypatch.setattr("concord.analytics.ingest.BLOCK_ROWS", 7)
    rows = [[GOOD[i % 2], f"2020-05-{1 + i % 31:02d}", "outpatient", "", ""] for i in range(50)]
    rows[22][0], rows[45][2] = "9434765918", "teleport"  # rows 23 and 46 fail
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(HEADER)})
    pq.write_table(table, tmp_path / "g.parquet", row_group_size=10)
    outcome = ingest(con, tmp_path / "g.parquet", table="events", source="gp", key=KEY)
    assert outcome.quarantined == [
        (23, "nhs_number", "fails the modulus 11 check"),
        (46, "type", "not an event type of the schema"),
    ]
    assert outcome.rows_read == 50 and counts(con)["events"] == 48


def test_a_refused_files_report_lists_every_failing_row(con, tmp_path):
    rows = [["123", "2020-05-01", "outpatient", "", ""]] * 12
    path = write_csv(tmp_path / "h.csv", rows)
    with pytest.raises(IngestRefused, match="12 of 12 rows failed") as refused:
        ingest(con, path, table="events", source="gp", key=KEY, report_dir=tmp_path / "q")
    assert refused.value.args[0].count("row ") == 5  # the message names the first five
    report = next((tmp_path / "q").glob("quarantine-*.csv")).read_text().splitlines()
    assert report[0] == "row,field,reason" and len(report) == 13
    assert report[1] == "1,nhs_number,not ten digits"
    assert all(
        line.split(",")[0].isdigit() and "123" not in line.split(",", 1)[1] for line in report[1:]
    )


def test_a_row_with_the_wrong_number_of_fields_is_named_by_line_and_not_quoted(con, tmp_path):
    path = tmp_path / "i.csv"
    good = f"{GOOD[0]},2020-05-01,outpatient,,\n"
    path.write_text(",".join(HEADER) + "\n" + good * 3000 + f"{GOOD[1]},2020-05-01\n")
    with pytest.raises(IngestRefused) as refused:
        ingest(con, path, table="events", source="gp", key=KEY)
    assert str(refused.value) == "i.csv: line 3002 has 2 fields, expected 5; nothing loaded"
    assert counts(con)["batches"] == 0


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("j.csv", b"", "the file is empty (no header row)"),
        ("k.csv", b"nhs_number,date,type,code,code_system\n", "the file holds no rows"),
        ("l.csv", b"nhs_number,date,type,code,code_sys\xe8m\n9434765919,x,y,,\n",
         "line 1 (the header) is not UTF-8 text"),
        ("m.parquet", b"not parquet at all", "not a readable Parquet file"),
        ("n.txt", b"nhs_number\n", "expected a .csv or .parquet file"),
    ],
)  # fmt: skip
def test_unreadable_files_are_refused_with_a_reason(con, tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(IngestRefused, match=f"^{re.escape(name + ': ' + reason)}"):
        ingest(con, tmp_path / name, table="events", source="gp", key=KEY)
    assert counts(con)["batches"] == 0


def test_a_cell_that_is_not_utf8_is_quarantined_as_such_and_nothing_else(con, tmp_path):
    path = tmp_path / "o.csv"
    good = b"".join(f"{GOOD[0]},2020-05-{1 + i:02d},outpatient,W19,icd10\n".encode()
                    for i in range(30))  # fmt: skip
    path.write_bytes(",".join(HEADER).encode() + b"\n" + good + b"943\xff4765919,2020-05-01,"
                     b"outpatient,W1\xe9,icd10\n")  # fmt: skip
    outcome = ingest(con, path, table="events", source="gp", key=KEY)
    assert outcome.quarantined == [(31, "code", "not UTF-8 text"),
                                   (31, "nhs_number", "not UTF-8 text")]  # fmt: skip
    assert outcome.rows_loaded == 30


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_a_parquet_text_column_holding_bytes_that_are_not_utf8_is_quarantined(con, tmp_path, kind):
    """An exporter can write text columns that are not UTF-8; they never reach the database."""
    raw = pa.large_binary() if kind == pa.large_string() else pa.binary()
    codes = pa.array([b"W19"] * 30 + [b"W1\xe9"], raw).view(kind)
    columns = {"nhs_number": GOOD[0], "type": "outpatient"}
    dates = [f"2020-05-{1 + i:02d}" for i in range(31)]
    table = pa.table({**{k: [v] * 31 for k, v in columns.items()}, "date": dates, "code": codes,
                      "code_system": ["icd10"] * 31})  # fmt: skip
    pq.write_table(table, tmp_path / "p.parquet")
    outcome = ingest(con, tmp_path / "p.parquet", table="events", source="gp", key=KEY)
    assert outcome.quarantined == [(31, "code", "not UTF-8 text")]
    assert outcome.rows_loaded == 30


def test_a_database_error_is_told_by_its_kind_never_its_text(con, tmp_path, monkeypatch):
    import duckdb

    def failing(*args):
        raise duckdb.ConversionException("Conversion Error: 9434765919 is out of range")

    monkeypatch.setattr("concord.analytics.ingest.landing", failing)
    path = write_csv(tmp_path / "q.csv", [[GOOD[0], "2020-05-01", "outpatient", "", ""]])
    with pytest.raises(IngestRefused) as refused:
        ingest(con, path, table="events", source="gp", key=KEY)
    assert "ConversionException" in str(refused.value) and GOOD[0] not in str(refused.value)
    assert counts(con)["batches"] == 0


# -- codes as the store holds them -------------------------------------------------------------
PEOPLE_HEADER = ["nhs_number", "sex", "birth_year", "birth_month", "lsoa", "deprivation_decile",
                 "date_of_death"]  # fmt: skip


def test_codes_are_stored_trimmed_and_in_upper_case_and_counted_as_dementia(con, tmp_path):
    from concord.analytics.engines import DuckDBEngine
    from concord.analytics.queries import indicator_sql
    from concord.analytics.window import Window

    people = [[n, "F", "1940", "3", "", "4", ""] for n in GOOD]
    ingest(con, write_csv(tmp_path / "p.csv", people, PEOPLE_HEADER), table="people",
           source="gp", key=KEY)  # fmt: skip
    registered = [[n, "P81001", "2010-04-01", ""] for n in GOOD]
    ingest(con, write_csv(tmp_path / "r.csv", registered, ["nhs_number", "practice", "start",
           "end"]), table="registrations", source="gp", key=KEY)  # fmt: skip
    rows = [
        [GOOD[0], "2019-05-01", "diagnosis", "f03.9", "icd10"],
        [GOOD[1], "2019-06-01", "diagnosis", " g30 ", "icd10"],
        [GOOD[1], "2019-07-01", "emergency_admission", "w19", "icd10"],
    ]
    ingest(con, write_csv(tmp_path / "e.csv", rows), table="events", source="acute", key=KEY)
    stored = con.execute("SELECT code FROM events ORDER BY date").fetchall()
    assert [code for (code,) in stored] == ["F03.9", "G30", "W19"]
    window = Window.ending(2020, 1)
    (row,) = DuckDBEngine(con).run(indicator_sql(window), window)[:1]
    assert (row["practice"], row["q"], row["dementia_65"], row["registered_65"]) == (
        "P81001",
        0,
        2,
        2,
    )


def test_a_person_repeated_whole_in_a_people_file_is_a_duplicate_not_a_failure(con, tmp_path):
    rows = [[GOOD[0], "F", "1940", "3", "E01006370", "4", ""]] * 2
    rows.append([GOOD[1], "M", "1941", "5", "", "", ""])
    path = write_csv(tmp_path / "p.csv", rows, PEOPLE_HEADER)
    outcome = ingest(con, path, table="people", source="gp", key=KEY)
    assert (outcome.rows_loaded, outcome.rows_duplicate, outcome.quarantined) == (2, 1, [])
    assert counts(con)["people"] == 2


# -- an events file read by the database itself, or through Arrow: the same outcome -----------
def test_every_check_of_an_event_is_of_one_fields_value():
    """What lets an events file be checked a distinct value at a time (checks.ONE_VALUE)."""
    from concord.analytics.checks import CHECKS, ONE_VALUE
    from concord.analytics.schema import INPUT_COLUMNS

    for table in ONE_VALUE:
        for field_name, condition, _ in CHECKS[table]:
            others = [c for c in INPUT_COLUMNS[table] if c != field_name]
            assert not [c for c in others if re.search(rf'"[tdin]_{c}"|,{c},', condition)]
            assert "OVER" not in condition


def test_a_parquet_events_file_read_directly_comes_out_as_through_arrow(tmp_path, monkeypatch):
    rows = [[GOOD[i % 2], f"2020-0{1 + i // 28}-{1 + i % 28:02d}", "outpatient", "w19", "icd10"]
            for i in range(60)]  # fmt: skip
    rows += [rows[3], [GOOD[0], "2020-01-01", "outpatient", " W19 ", "icd10"],
             ["9434765918", "2020-05-01", "outpatient", "", ""], [GOOD[1], "2020-13-01", "x", "",
             "icd10"], [None, "2020-05-01", "outpatient", "", ""]]  # fmt: skip
    table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(HEADER)})
    pq.write_table(table, tmp_path / "e.parquet")
    seen = []
    for direct in (True, False):
        if not direct:
            monkeypatch.setattr("concord.analytics.ingest.read_directly", lambda *a: False)
        con = open_store(":memory:")
        outcome = ingest(con, tmp_path / "e.parquet", table="events", source="gp", key=KEY,
                         report_dir=tmp_path / str(direct))  # fmt: skip
        report = next((tmp_path / str(direct)).glob("*.csv")).read_text()
        stored = con.execute("SELECT * EXCLUDE (batch_id) FROM events ORDER BY ALL").fetchall()
        seen.append((outcome.quarantined, outcome.rows_loaded, outcome.rows_duplicate, report,
                     stored))  # fmt: skip
    assert seen[0] == seen[1]
    assert seen[0][1:3] == (60, 2) and len(seen[0][0]) == 4


def test_a_parquet_file_whose_values_are_already_as_stored_loses_only_its_repeats(tmp_path):
    import datetime as dt

    # dates as dates, text trimmed, codes in upper case: read as they are, repeats found in one
    # pass; 18 distinct rows of 40, then 3 more repeats and a failing row
    rows = [[GOOD[i % 2], dt.date(2020, 5, 1 + i % 9), "outpatient", "W19", "icd10"]
            for i in range(40)]  # fmt: skip
    rows += [rows[0], rows[5], rows[5], [GOOD[0], dt.date(2020, 5, 1), "teleport", "W19", "icd10"]]
    columns = dict(zip(HEADER, map(list, zip(*rows, strict=True)), strict=True))
    pq.write_table(pa.table(columns), tmp_path / "e.parquet")
    held, outcomes = {}, {}
    for path in (tmp_path / "e.parquet", write_csv(tmp_path / "e.csv", rows)):  # direct, Arrow
        con = open_store(":memory:")
        outcomes[path.suffix] = ingest(con, path, table="events", source="gp", key=KEY)
        held[path.suffix] = con.sql(
            "SELECT * EXCLUDE (batch_id) FROM events ORDER BY ALL"
        ).fetchall()
    assert held[".parquet"] == held[".csv"] and len(held[".csv"]) == 18
    for outcome in outcomes.values():
        assert outcome.quarantined == [(44, "type", "not an event type of the schema")]
        assert (outcome.rows_loaded, outcome.rows_duplicate) == (18, 25)
