"""Synthetic data: the same seed gives the same files; events come a part of the population at
a time, sorted by person and date, and the files grow in proportion to the people."""

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from concord.analytics import synth


@pytest.fixture
def small_parts(monkeypatch):
    """Parts and row groups small enough that a few thousand people fill several of each."""
    monkeypatch.setattr(synth, "PART", 700)
    monkeypatch.setattr(synth, "ROW_GROUP", 5_000)


def tables(folder) -> dict[str, pa.Table]:
    return {path.name: pq.read_table(path) for path in sorted(folder.glob("*.parquet"))}


def test_the_same_seed_gives_the_same_files_and_another_seed_others(tmp_path, small_parts):
    first = synth.write(tmp_path / "a", 2_000, 2, seed=5)
    again = synth.write(tmp_path / "b", 2_000, 2, seed=5)
    other = synth.write(tmp_path / "c", 2_000, 2, seed=6)
    assert first == again and tables(tmp_path / "a") == tables(tmp_path / "b")
    events = "synthetic-events-gp.parquet"
    assert tables(tmp_path / "a")[events] != tables(tmp_path / "c")[events]
    assert [f["rows"] for f in first["files"]] != [f["rows"] for f in other["files"]]


def test_events_are_sorted_by_person_in_the_people_file_order_then_by_date(tmp_path, small_parts):
    manifest = synth.write(tmp_path, 2_000, 2, seed=3)
    order = {n: i for i, n in enumerate(pq.read_table(tmp_path / "synthetic-people.parquet")
                                        ["nhs_number"].to_pylist())}  # fmt: skip
    for f in manifest["files"]:
        if f["table"] != "events":
            continue
        events = pq.read_table(tmp_path / f["file"])
        assert events.num_rows == f["rows"] > 0
        keys = [(order[n], d) for n, d in zip(events["nhs_number"].to_pylist(),
                                              events["date"].to_pylist(), strict=True)]  # fmt: skip
        assert keys == sorted(keys), f["file"]


def test_no_event_falls_after_death_or_the_window(tmp_path, small_parts):
    manifest = synth.write(tmp_path, 2_000, 2, seed=3)
    people = pq.read_table(tmp_path / "synthetic-people.parquet")
    died = dict(zip(people["nhs_number"].to_pylist(), people["date_of_death"].to_pylist(),
                    strict=True))  # fmt: skip
    for f in (f for f in manifest["files"] if f["table"] == "events"):
        events = pq.read_table(tmp_path / f["file"])
        assert pc.max(events["date"]).as_py() <= synth.WINDOW_END
        for number, day in zip(events["nhs_number"].to_pylist(), events["date"].to_pylist(),
                               strict=True):  # fmt: skip
            assert died[number] is None or day <= died[number]


def test_the_files_grow_in_proportion_to_the_people(tmp_path, small_parts):
    """Each row group holds the NHS numbers of its own part's people only, so four times the
    people make about four times the bytes (a dictionary of everyone in every row group would
    grow with the square)."""

    def size(people: int) -> int:
        synth.write(tmp_path / str(people), people, 2, seed=1)
        return sum(p.stat().st_size for p in (tmp_path / str(people)).glob("*events*.parquet"))

    assert size(8_000) / size(2_000) < 4.4
