"""The importer corruption matrix for `concord analytics ingest`, and what a killed ingest leaves.

For CSV and Parquet input and each corruption, either the bad row goes to the quarantine report
(row, field, reason) and the rest loads, or the whole file is refused: the command exits with
code 2 naming the file and the line or columns, and the store is as it was (row counts, batches,
no report, no staging folder). Never a traceback, and no value from the file in any message, log
line or report. The good file ingests afterwards either way.
"""

import datetime as dt
import fcntl
import gzip
import io
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from concord.analytics.nhs_numbers import synthetic_numbers
from concord.analytics.schema import CODE_SYSTEMS, EVENT_TYPES, INPUT_COLUMNS, SEXES, SOURCES
from concord.analytics.store import counts, open_store

KEY = "k" * 40
FORMATS = ("csv", "parquet")
ROWS = 40  # 1 bad row of 40 stays under the 5% that refuses a file
BAD = 7  # the index of the corrupted row: row 8 of the report, line 9 of a CSV file
HUGE = 131_073  # one more character than Python's csv module allows in a field
FORMULA = '=HYPERLINK("http://example.org","x")'
VOCABULARY = {*INPUT_COLUMNS["people"], *INPUT_COLUMNS["events"], *INPUT_COLUMNS["registrations"],
              *SEXES, *SOURCES, *EVENT_TYPES, *CODE_SYSTEMS}  # fmt: skip


def numbers(count: int, seed: int) -> list[str]:
    return [str(n) for n in synthetic_numbers(count, np.random.default_rng(seed))]


def people(seed: int = 1) -> list[list]:
    return [
        [n, "F", 1941, 3, f"E0100{6370 + i}", 4, dt.date(2020, 1, 2) if i % 5 == 0 else None]
        for i, n in enumerate(numbers(ROWS, seed))
    ]


def events(seed: int = 1) -> list[list]:
    return [[n, dt.date(2019, 5, 1 + i % 28), "outpatient", "W19", "icd10"]
            for i, n in enumerate(numbers(ROWS, seed))]  # fmt: skip


def registrations(seed: int = 1) -> list[list]:
    return [[n, "P81001", dt.date(2010, 4, 1), None] for n in numbers(ROWS, seed)]


MAKERS = {"people": people, "events": events, "registrations": registrations}


def cell(value) -> bytes:
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if any(c in text for c in ',"\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text.encode()


def write_csv(path: Path, header, rows) -> Path:
    lines = [b",".join(cell(v) for v in row) for row in [list(header), *rows]]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def column(values: list) -> pa.Array:
    """A Parquet column as an export would type it: bytes make it binary, mixed types text."""
    types = {type(v) for v in values if v is not None}
    if bytes in types:
        return pa.array([v if isinstance(v, bytes) or v is None else cell(v) for v in values],
                        pa.binary())  # fmt: skip
    if len(types) > 1 and not types <= {int, float}:
        return pa.array([None if v is None else cell(v).decode() for v in values], pa.string())
    return pa.array(values)


def write_parquet(path: Path, header, rows) -> Path:
    table = pa.table({name: column([row[i] for row in rows]) for i, name in enumerate(header)})
    pq.write_table(table, path)
    return path


def write(path: Path, table: str, rows, header=None) -> Path:
    header = header or INPUT_COLUMNS[table]
    return (write_csv if path.suffix == ".csv" else write_parquet)(path, header, rows)


@dataclass
class Run:
    code: int
    out: str
    err: str
    logged: str = ""
    shown: str = field(init=False)

    def __post_init__(self):
        self.shown = self.out + self.err + self.logged


@pytest.fixture
def store(tmp_path, settings, monkeypatch):
    settings.VAR_DIR = tmp_path / "var"
    settings.CONCORD_PSEUDONYM_KEY, settings.CONCORD_PSEUDONYM_KEY_FILE = KEY, ""
    # the same for the command run in its own process
    monkeypatch.setenv("CONCORD_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CONCORD_PSEUDONYM_KEY", KEY)
    monkeypatch.delenv("CONCORD_PSEUDONYM_KEY_FILE", raising=False)
    return tmp_path / "store" / "store.duckdb"


@pytest.fixture
def ingest(store, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)

    def run(path: Path, table: str, source: str = "gp") -> Run:
        out, err, code = io.StringIO(), io.StringIO(), 0
        caplog.clear()
        try:
            call_command("concord_analytics", "--store", str(store), "ingest", str(path),
                         "--source", source, "--table", table, stdout=out, stderr=err)  # fmt: skip
        except SystemExit as exit:
            code = exit.code
        # the test's own folder is in the messages; a number in its name is not the file's
        scrub = lambda text: text.replace(str(tmp_path), "<tmp>")  # noqa: E731
        return Run(code, scrub(out.getvalue()), scrub(err.getvalue()), scrub(caplog.text))

    return run


def state(store: Path) -> dict:
    con = open_store(store)
    try:
        return counts(con)
    finally:
        con.close()


def values_in(path: Path) -> set[str]:
    """Every distinctive value in the file (four or more characters, not a column name or a
    word of the schema), as it could be printed."""
    if path.suffix == ".csv":
        raw = path.read_bytes().split(b"\n")[1:]
        cells = [c for line in raw for c in line.split(b",")]
    else:
        try:
            table = pq.ParquetFile(path).read()
        except pa.ArrowException:  # not Parquet: its bytes, as a CSV file's
            cells = [c for line in path.read_bytes().split(b"\n") for c in line.split(b",")]
        else:
            cells = [cell(v) for col in table.columns for v in col.to_pylist()]
    found = {c.decode("utf-8", "replace").strip('"') for c in cells}
    found |= {c.decode("latin-1").strip('"') for c in cells}
    return {v[:40] for v in found if len(v) >= 4 and v not in VOCABULARY}


def assert_nothing_quoted(run: Run, path: Path, *more: str) -> None:
    assert "Traceback" not in run.shown and "Error:" not in run.shown
    leaked = {v for v in values_in(path) | set(more) if v in run.shown}
    assert not leaked, f"the file's values were shown: {sorted(leaked)[:3]}"


def leftovers(store: Path) -> list[str]:
    return sorted(p.name for p in store.parent.glob("concord-ingest-*"))


def reports(settings) -> list[Path]:
    return sorted((Path(settings.VAR_DIR) / "analytics" / "quarantine").glob("*.csv"))


def then_the_good_file_ingests(ingest, store, tmp_path, table, fmt):
    before = state(store)
    good = write(tmp_path / f"good.{fmt}", table, MAKERS[table](seed=99))
    run = ingest(good, table)
    assert run.code == 0 and f"{ROWS} loaded, 0 quarantined" in run.out, run.shown
    after = state(store)
    assert after["batches"] == before["batches"] + 1
    assert after[table] == before[table] + ROWS
    assert leftovers(store) == []


# -- row-level problems: the row is quarantined, the rest loads ---------------------------------
def birth_month_13(rows):
    rows[BAD][3], rows[BAD][6] = 13, dt.date(2020, 1, 2)  # a death date: checked against birth
    return "birth_month", "expected a month from 1 to 12"


def birth_year_out_of_any_calendar(rows):
    rows[BAD][2], rows[BAD][6] = 2_000_000_000, dt.date(2020, 1, 2)
    return "birth_year", "expected a year from 1900 to this year"


def not_a_date(rows):
    rows[BAD][-1] = "2020-02-30"
    return "date_of_death", "not a date (YYYY-MM-DD)"


def not_a_number(rows):
    rows[BAD][3] = float("nan")
    return "birth_month", "expected a month from 1 to 12"


def nan_as_text(rows):
    rows[BAD][5] = "NaN"
    return "deprivation_decile", "expected a decile from 1 to 10"


def huge_lsoa(rows):
    rows[BAD][4] = "E" * HUGE
    return "lsoa", "longer than 255 characters"


def not_utf8_lsoa(rows):
    rows[BAD][4] = "Wigan Centr\xe9".encode("latin-1")
    return "lsoa", "not UTF-8 text"


def same_person_twice(rows):
    rows[BAD] = [*rows[BAD - 1][:4], "E01006999", *rows[BAD - 1][5:]]  # not the same row twice
    return "nhs_number", "the same person is on an earlier row"


def formula_lsoa(rows):
    rows[BAD][4] = FORMULA
    return "lsoa", "begins with =, +, -, @, a tab or a carriage return (formula text)"


def event_date_13th_month(rows):
    rows[BAD][1] = "2019-13-01"
    return "date", "not a date (YYYY-MM-DD)"


def event_before_1900(rows):
    rows[BAD][1] = dt.date(1899, 12, 31)
    return "date", "date out of range (1900-01-01 to today)"


def huge_code(rows):
    rows[BAD][3] = "W" * HUGE
    return "code", "longer than 255 characters"


def not_utf8_code(rows):
    rows[BAD][3] = b"W1\xe9\xff"
    return "code", "not UTF-8 text"


def formula_code(rows):
    rows[BAD][3] = "@SUM(A1:A9)"
    return "code", "begins with =, +, -, @, a tab or a carriage return (formula text)"


def line_break_in_code(rows):
    rows[BAD][3] = "W1\n9"
    return "code", "holds a line break or another control character"


def same_registration_twice(rows):
    rows[BAD] = [*rows[BAD - 1][:3], dt.date(2015, 6, 30)]  # the same start, another end
    return "nhs_number", "the same registration is on an earlier row"


ROW_LEVEL = [
    ("people", birth_month_13),
    ("people", birth_year_out_of_any_calendar),
    ("people", not_a_date),
    ("people", not_a_number),
    ("people", nan_as_text),
    ("people", huge_lsoa),
    ("people", not_utf8_lsoa),
    ("people", same_person_twice),
    ("people", formula_lsoa),
    ("events", event_date_13th_month),
    ("events", event_before_1900),
    ("events", huge_code),
    ("events", not_utf8_code),
    ("events", formula_code),
    ("events", line_break_in_code),
    ("registrations", same_registration_twice),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("table", "corrupt"), ROW_LEVEL, ids=[c.__name__ for _, c in ROW_LEVEL])
def test_a_bad_value_is_a_row_of_the_quarantine_report(
    ingest, store, settings, tmp_path, fmt, table, corrupt
):
    rows = MAKERS[table]()
    field_name, reason = corrupt(rows)
    path = write(tmp_path / f"{table}.{fmt}", table, rows)
    before = state(store)
    run = ingest(path, table)
    assert run.code == 0, run.shown
    assert f"{ROWS} rows read, {ROWS - 1} loaded, 1 quarantined" in run.out
    (report,) = reports(settings)
    lines = report.read_text().splitlines()
    assert lines[0] == "row,field,reason"
    assert f"{BAD + 1},{field_name},{reason}" in lines or (
        f'{BAD + 1},{field_name},"{reason}"' in lines
    ), lines
    assert all(line.startswith(f"{BAD + 1},") for line in lines[1:]), lines
    assert state(store)[table] == before[table] + ROWS - 1
    assert leftovers(store) == []
    assert_nothing_quoted(run, path)
    quoted = Run(0, report.read_text(), "")
    assert_nothing_quoted(quoted, path)
    then_the_good_file_ingests(ingest, store, tmp_path, table, fmt)


def batch_counts(store: Path) -> list[tuple]:
    con = open_store(store)
    try:
        return con.execute(
            "SELECT rows_read, rows_loaded, rows_quarantined, rows_duplicate, rows_merged "
            "FROM batches ORDER BY id"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_event_repeated_whole_in_one_file_is_one_record_and_a_duplicate(
    ingest, store, tmp_path, fmt
):
    """The same event twice (the code as written aside: trimmed, upper case) is stored once;
    the command, the batch and the store agree on what was loaded."""
    rows = events()
    rows[BAD] = [*rows[BAD - 1][:3], " w19 ", "icd10"]
    run = ingest(write(tmp_path / f"events.{fmt}", "events", rows), "events")
    assert run.code == 0, run.shown
    assert f"{ROWS} rows read, {ROWS - 1} loaded, 0 quarantined, 1 duplicate" in run.out
    assert batch_counts(store) == [(ROWS, ROWS - 1, 0, 1, 0)]
    assert state(store)["events"] == ROWS - 1


def test_a_later_file_repeating_events_adds_none_and_says_so(ingest, store, tmp_path):
    rows = events()
    ingest(write(tmp_path / "first.csv", "events", rows), "events")
    run = ingest(write(tmp_path / "again.csv", "events", [*rows, rows[0]]), "events")
    assert f"{ROWS + 1} rows read, 0 loaded, 0 quarantined, 1 duplicate, {ROWS} already held" in (
        run.out
    ), run.out
    assert batch_counts(store)[-1] == (ROWS + 1, 0, 0, 1, 0)
    assert state(store)["events"] == ROWS


def stored_registrations(store: Path) -> list[tuple]:
    con = open_store(store)
    try:
        return con.execute(
            'SELECT practice, start, "end" FROM registrations ORDER BY start, practice'
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        # touching: the second starts the day after the first ends
        ((dt.date(2010, 4, 1), dt.date(2015, 6, 30)), (dt.date(2015, 7, 1), None),
         (dt.date(2010, 4, 1), None)),
        # overlapping, both ended: the earliest start, the latest end
        ((dt.date(2010, 4, 1), dt.date(2016, 6, 30)), (dt.date(2012, 1, 1), dt.date(2018, 1, 1)),
         (dt.date(2010, 4, 1), dt.date(2018, 1, 1))),
        # one inside the other, written later in the file
        ((dt.date(2012, 1, 1), dt.date(2013, 1, 1)), (dt.date(2010, 4, 1), dt.date(2019, 3, 1)),
         (dt.date(2010, 4, 1), dt.date(2019, 3, 1))),
    ],
)  # fmt: skip
def test_registrations_at_one_practice_that_overlap_or_touch_are_merged(
    ingest, store, settings, tmp_path, fmt, first, second, merged
):
    rows = registrations()  # the row after BAD becomes the person's second registration
    rows[BAD], rows[BAD + 1] = [rows[BAD][0], "P81001", *first], [rows[BAD][0], "P81001", *second]
    run = ingest(write(tmp_path / f"registrations.{fmt}", "registrations", rows), "registrations")
    assert run.code == 0, run.shown
    assert (
        f"{ROWS} rows read, {ROWS - 1} loaded, 0 quarantined, 0 duplicate, 1 merged into another"
    ) in run.out, run.out
    assert batch_counts(store) == [(ROWS, ROWS - 1, 0, 0, 1)]
    assert ("P81001", *merged) in stored_registrations(store)
    assert len(stored_registrations(store)) == ROWS - 1 and reports(settings) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_registration_overlapping_one_at_another_practice_is_quarantined(
    ingest, store, settings, tmp_path, fmt
):
    """The later-starting of the two is quarantined; a move on the following day is not."""
    rows = registrations()
    person, other = rows[BAD][0], rows[BAD + 1][0]
    rows[BAD - 1] = [person, "P81001", dt.date(2010, 4, 1), dt.date(2015, 6, 30)]
    rows[BAD] = [person, "P81002", dt.date(2014, 1, 1), None]  # shares days with P81001's
    rows[BAD + 1] = [other, "P81001", dt.date(2010, 4, 1), dt.date(2015, 6, 30)]
    rows.append([other, "P81002", dt.date(2015, 7, 1), None])  # moved the day after
    path = write(tmp_path / f"registrations.{fmt}", "registrations", rows)
    run = ingest(path, "registrations")
    assert run.code == 0, run.shown
    assert f"{ROWS + 1} rows read, {ROWS} loaded, 1 quarantined" in run.out, run.out
    (report,) = reports(settings)
    assert report.read_text().splitlines()[1:] == [
        f"{BAD + 1},start,overlaps the person's registration at another practice"
    ]
    assert ("P81002", dt.date(2014, 1, 1), None) not in stored_registrations(store)
    assert ("P81002", dt.date(2015, 7, 1), None) in stored_registrations(store)
    assert_nothing_quoted(run, path)
    assert_nothing_quoted(Run(0, report.read_text(), ""), path)


def test_a_later_registrations_file_replaces_a_persons_registrations_whole(
    ingest, store, settings, tmp_path
):
    """The store's registrations of a person in the file are replaced, not compared with: the
    file holds the person's registrations as they are now, checked and merged among themselves."""
    rows = registrations()
    ingest(write(tmp_path / "first.csv", "registrations", rows), "registrations")
    later = [[rows[0][0], "P81002", dt.date(2012, 1, 1), None]]
    run = ingest(write(tmp_path / "later.csv", "registrations", later), "registrations")
    assert "1 rows read, 1 loaded, 0 quarantined" in run.out, run.out
    held = stored_registrations(store)
    assert len(held) == ROWS and ("P81002", dt.date(2012, 1, 1), None) in held
    assert held.count(("P81001", dt.date(2010, 4, 1), None)) == ROWS - 1
    assert reports(settings) == []


# -- file-level problems: exit code 2, the file and place named, nothing written ----------------
def good_csv(table="events", rows=None) -> bytes:
    header = INPUT_COLUMNS[table]
    lines = [b",".join(cell(v) for v in row) for row in [list(header), *(rows or MAKERS[table]())]]
    return b"\n".join(lines) + b"\n"


def good_parquet(tmp_path, table="events") -> bytes:
    return write_parquet(
        tmp_path / "made.parquet", INPUT_COLUMNS[table], MAKERS[table]()
    ).read_bytes()


def wrong_columns(tmp_path, fmt):
    rows = events()
    header = ["nhs_number", "day", "type", "code", "code_system"]
    write(tmp_path / f"events.{fmt}", "events", rows, header)
    return "columns do not match the events table (missing date; unexpected day)"


def no_header(tmp_path, fmt):
    """A CSV whose first line is data: the 'columns' are a person's values, never quoted."""
    (tmp_path / f"events.{fmt}").write_bytes(good_csv().split(b"\n", 1)[1])
    return "columns do not match the events table (missing nhs_number, date, type, code, "


def a_column_twice(tmp_path, fmt):
    header = ["nhs_number", "date", "type", "code", "code_system", "date"]
    rows = [[*row, row[1]] for row in events()]
    if fmt == "parquet":
        arrays = [column([row[i] for row in rows]) for i in range(len(header))]
        pq.write_table(pa.Table.from_arrays(arrays, names=header), tmp_path / "events.parquet")
    else:
        write_csv(tmp_path / "events.csv", header, rows)
    return "the column date appears 2 times"


def gzip_renamed(tmp_path, fmt):
    made = good_csv() if fmt == "csv" else good_parquet(tmp_path)
    (tmp_path / f"events.{fmt}").write_bytes(gzip.compress(made, mtime=0))
    return "line 1 (the header) is not UTF-8 text" if fmt == "csv" else "not a readable Parquet"


def the_other_format(tmp_path, fmt):
    made = good_parquet(tmp_path) if fmt == "csv" else good_csv()
    (tmp_path / f"events.{fmt}").write_bytes(made)
    return "line 1 (the header) is not UTF-8 text" if fmt == "csv" else "not a readable Parquet"


def random_bytes(tmp_path, fmt):
    made = np.random.default_rng(5).integers(0, 256, 4096, dtype=np.uint8).tobytes()
    (tmp_path / f"events.{fmt}").write_bytes(made)
    return "is not UTF-8 text" if fmt == "csv" else "not a readable Parquet"


def truncated(tmp_path, fmt):
    made = good_csv() if fmt == "csv" else good_parquet(tmp_path)
    cut = made.rfind(b"outpatient") + 3 if fmt == "csv" else len(made) // 2
    (tmp_path / f"events.{fmt}").write_bytes(made[:cut])
    return f"line {ROWS + 1} has 3 fields, expected 5" if fmt == "csv" else "not a readable Parquet"


def empty(tmp_path, fmt):
    (tmp_path / f"events.{fmt}").write_bytes(b"")
    return "the file is empty (no header row)" if fmt == "csv" else "not a readable Parquet"


def header_only(tmp_path, fmt):
    write(tmp_path / f"events.{fmt}", "events", [])
    return "the file holds no rows"


def not_utf8_header(tmp_path, fmt):
    made = good_csv().replace(b"code_system", b"code_syst\xe8me", 1)
    (tmp_path / f"events.{fmt}").write_bytes(made)
    return "line 1 (the header) is not UTF-8 text"


def huge_header(tmp_path, fmt):
    made = good_csv().replace(b"code_system", b"code_system" + b"x" * HUGE, 1)
    (tmp_path / f"events.{fmt}").write_bytes(made)
    return "columns do not match the events table (missing code_system; unexpected column 5)"


def too_many_fields(tmp_path, fmt):
    made = good_csv().split(b"\n")
    made[BAD + 1] += b",9434765919"
    (tmp_path / f"events.{fmt}").write_bytes(b"\n".join(made))
    return f"line {BAD + 2} has 6 fields, expected 5"


FILE_LEVEL = [
    (wrong_columns, FORMATS),
    (no_header, ("csv",)),
    (a_column_twice, FORMATS),
    (gzip_renamed, FORMATS),
    (the_other_format, FORMATS),
    (random_bytes, FORMATS),
    (truncated, FORMATS),
    (empty, FORMATS),
    (header_only, FORMATS),
    (not_utf8_header, ("csv",)),
    (huge_header, ("csv",)),
    (too_many_fields, ("csv",)),
]


@pytest.mark.parametrize(
    ("corrupt", "fmt"),
    [(corrupt, fmt) for corrupt, fmts in FILE_LEVEL for fmt in fmts],
    ids=[f"{corrupt.__name__}-{fmt}" for corrupt, fmts in FILE_LEVEL for fmt in fmts],
)
def test_a_bad_file_is_refused_whole_with_exit_code_2(
    ingest, store, settings, tmp_path, corrupt, fmt
):
    ingest(write(tmp_path / "first.csv", "events", events(seed=7)), "events")
    before = state(store)
    expected = corrupt(tmp_path, fmt)
    path = tmp_path / f"events.{fmt}"
    run = ingest(path, "events")
    assert run.code == 2, run.shown
    assert f"events.{fmt}: " in run.err and expected in run.err, run.err
    assert "nothing loaded" in run.err
    assert state(store) == before
    assert reports(settings) == [] and leftovers(store) == []
    assert_nothing_quoted(run, path, "9434765919", *numbers(ROWS, seed=1))
    then_the_good_file_ingests(ingest, store, tmp_path, "events", fmt)


def test_a_mostly_bad_file_is_refused_with_exit_code_2_and_its_report(
    ingest, store, settings, tmp_path
):
    rows = events()
    for row in rows[:5]:
        row[1] = "2019-13-01"
    path = write(tmp_path / "events.csv", "events", rows)
    run = ingest(path, "events")
    assert run.code == 2 and "5 of 40 rows failed their checks" in run.err
    assert state(store)["batches"] == 0 and len(reports(settings)) == 1
    assert_nothing_quoted(run, path)


# -- a killed ingest: its staging folder goes on the next run, a running one's stays ------------
def staging_folder(parent: Path, name: str, *, lock: bool = True, age: float = 0) -> Path:
    folder = parent / f"concord-ingest-{name}"
    (folder / "spill").mkdir(parents=True)
    (folder / "landing.parquet").write_bytes(b"rows of a run that never finished")
    if lock:
        (folder / ".lock").write_text("12345\n")
    if age:
        then = time.time() - age
        for path in (*folder.rglob("*"), folder):
            os.utime(path, (then, then))
    return folder


def test_the_next_run_removes_a_killed_runs_staging_folder(ingest, store, tmp_path):
    store.parent.mkdir(parents=True)
    staging_folder(store.parent, "killed")
    run = ingest(write(tmp_path / "events.csv", "events", events()), "events")
    assert run.code == 0 and leftovers(store) == []
    assert "Removed 1 staging folder left by an interrupted ingest" in run.out


def test_an_already_ingested_file_still_clears_a_killed_runs_folder(ingest, store, tmp_path):
    path = write(tmp_path / "events.csv", "events", events())
    ingest(path, "events")
    staging_folder(store.parent, "killed")
    run = ingest(path, "events")
    assert "already ingested" in run.out and leftovers(store) == []


def test_a_running_ingests_staging_folder_is_left_alone(ingest, store, tmp_path):
    store.parent.mkdir(parents=True)
    running = staging_folder(store.parent, "running")
    with open(running / ".lock") as held:  # as the running ingest holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        run = ingest(write(tmp_path / "events.csv", "events", events()), "events")
        assert run.code == 0 and leftovers(store) == ["concord-ingest-running"]
    assert (running / "landing.parquet").exists()


def test_a_folder_without_a_lock_is_removed_only_once_it_is_old(ingest, store, tmp_path):
    store.parent.mkdir(parents=True)
    staging_folder(store.parent, "old", lock=False, age=2 * 3600)
    staging_folder(store.parent, "new", lock=False)  # a run that has just begun
    run = ingest(write(tmp_path / "events.csv", "events", events()), "events")
    assert run.code == 0 and leftovers(store) == ["concord-ingest-new"]


PAUSED = """
import sys, time
import concord.analytics.ingest as ingest
landing = ingest.landing
def paused(*args):
    print("staged", flush=True)
    time.sleep(120)
    return landing(*args)
ingest.landing = paused
from concord.cli import main
main(sys.argv[1:])
"""


@pytest.mark.slow
def test_an_ingest_killed_mid_run_leaves_a_folder_the_next_run_removes(ingest, store, tmp_path):
    path = write(tmp_path / "events.csv", "events", events())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED, "analytics", "--store", str(store), "ingest", str(path),
         "--source", "gp"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip
    try:
        assert process.stdout.readline().strip() == "staged", process.stderr.read()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert len(leftovers(store)) == 1 and state(store)["batches"] == 0
    run = ingest(path, "events")
    assert run.code == 0 and f"{ROWS} loaded" in run.out
    assert "Removed 1 staging folder left by an interrupted ingest" in run.out
    assert leftovers(store) == []
