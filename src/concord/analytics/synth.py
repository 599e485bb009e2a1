"""Synthetic linked records, consistent with the demo registry. Clearly labelled: not real people.

People are spread over the demo's Wigan practices (those in its five localities) in proportion
to their January 2021 list sizes, with an English age structure, dementia whose prevalence and
incidence rise with age, deaths (more likely after a dementia diagnosis), moves away, and
events from GP, hospital, community, mental health and council social care (synth_events.py).
NHS numbers begin with 9 (nhs_numbers.py), so none belongs to a person. Everything
is vectorised with numpy: 330,000 people and about 20 million events take seconds.

Events are made and written a part of the population at a time (PART people), each part with
a random stream of its own drawn from the seed, so that memory does not grow with the number
of people and the same seed always gives the same files. Within a part, each file's rows are
sorted by person, date, type and code: a Parquet row group then holds the NHS numbers of a few
thousand people, dictionary-encoded in runs, and the files grow in proportion to the people.
"""

import csv
import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .nhs_numbers import synthetic_numbers
from .synth_events import WORDS, each_source

__all__ = ["LABEL", "WINDOW_END", "write"]

WINDOW_END = dt.date(2021, 3, 31)  # the demo's vintage: lists of January 2021, QOF 2020-21
EPOCH = np.datetime64("1970-01-01", "D")
YEAR = 365.25
# Share of the population in 5-year age bands 0-4 … 85-89, 90+ (ONS mid-2019, England, rounded).
AGE_BANDS = np.array([5.8, 6.1, 6.0, 5.5, 6.0, 6.6, 6.8, 6.6, 6.3, 6.5, 7.0, 6.8, 5.9, 5.2, 5.3,
                      3.9, 2.8, 1.7, 1.0])  # fmt: skip
LABEL = "SYNTHETIC DATA: invented people for the Concord demo and tests; no record is real."


@dataclass
class Population:
    """The people as numpy arrays (days since 1970 for dates; -1 where there is none)."""

    nhs_number: np.ndarray
    practice: np.ndarray  # index into practices
    sex: np.ndarray
    birth: np.ndarray  # first day of the month of birth
    lsoa: np.ndarray
    decile: np.ndarray
    reg_start: np.ndarray
    reg_end: np.ndarray
    dementia: np.ndarray
    death: np.ndarray
    window: tuple[int, int]

    def age_at(self, day) -> np.ndarray:
        return (day - self.birth) / YEAR

    def part(self, lo: int, hi: int) -> "Population":
        """People lo to hi - 1, their arrays as views."""
        arrays = {
            name: getattr(self, name)[lo:hi]
            for name in self.__dataclass_fields__
            if name != "window"
        }
        return Population(**arrays, window=self.window)


def demo_practices() -> list[tuple[str, int]]:
    """(code, list size) of the demo practices within a locality, else of every practice."""
    folder = resources.files("concord.demo") / "data"
    with (folder / "population.csv").open() as handle:
        sizes = {row["code"]: int(row["patients"]) for row in csv.DictReader(handle)}
    with (folder / "relationships.csv").open() as handle:
        in_localities = {
            row["child"] for row in csv.DictReader(handle) if row["parent"].startswith("LOC-")
        }
    chosen = sorted(code for code in sizes if code in in_localities) or sorted(sizes)
    return [(code, sizes[code]) for code in chosen]


def days(date: dt.date) -> int:
    return int((np.datetime64(date, "D") - EPOCH).astype(int))


def ages(rng, count: int) -> np.ndarray:
    band = rng.choice(len(AGE_BANDS), count, p=AGE_BANDS / AGE_BANDS.sum())
    width = np.where(band == len(AGE_BANDS) - 1, 10, 5)
    return band * 5 + rng.random(count) * width


def yearly_hazard(rate, rng, alive, start, stop):
    """For each person, a day in [start, stop) when an event of yearly `rate` happens, or -1."""
    chance = 1 - np.exp(-rate * (stop - start) / YEAR)
    happens = alive & (rng.random(len(rate)) < chance)
    return np.where(happens, start + (rng.random(len(rate)) * (stop - start)).astype(int), -1)


def dementia_rate(age: np.ndarray) -> np.ndarray:
    """Yearly incidence of diagnosed dementia, doubling every 5.5 years of age from 60."""
    return np.where(age >= 60, 0.65 * 0.004 * 2 ** ((age - 70) / 5.5), 0.00002)


def death_rate(age: np.ndarray, dementia: np.ndarray) -> np.ndarray:
    """Gompertz mortality, about 1.5% a year at 65 and 6% at 80; more than doubled with dementia."""
    return np.exp(-10.2 + 0.092 * age) * np.where(dementia, 2.2, 1.0)


def people(count: int, years: int, rng) -> tuple[Population, list[str]]:
    practices = demo_practices()
    sizes = np.array([size for _, size in practices], float)
    start, end = days(dt.date(WINDOW_END.year - years, 4, 1)), days(WINDOW_END)
    age0 = ages(rng, count)
    birth = start - (age0 * YEAR).astype(int)
    birth = birth.astype("datetime64[D]").astype("datetime64[M]").astype("datetime64[D]") - EPOCH
    practice = rng.choice(len(practices), count, p=sizes / sizes.sum())
    lsoa = practice * 100 + rng.integers(0, 12, count)
    pop = Population(
        nhs_number=synthetic_numbers(count, rng),
        practice=practice,
        sex=np.where(rng.random(count) < 0.5 + 0.2 * np.clip((age0 - 60) / 40, 0, 1), "F", "M"),
        birth=birth.astype(np.int64),
        lsoa=lsoa,
        decile=rng.integers(1, 11, len(practices) * 100)[lsoa],
        reg_start=registration_starts(rng, start, end, birth.astype(np.int64)),
        reg_end=np.full(count, -1),
        dementia=np.full(count, -1),
        death=np.full(count, -1),
        window=(start, end),
    )
    prevalent_dementia(pop, rng)
    life_course(pop, rng, years)
    return pop, [code for code, _ in practices]


def registration_starts(rng, start, end, birth) -> np.ndarray:
    """Most registered before the window; one in eight joins during it (a move or a birth)."""
    before = np.maximum(birth, start - (rng.random(len(birth)) * 20 * YEAR).astype(int))
    joined = np.maximum(birth, start + (rng.random(len(birth)) * (end - start)).astype(int))
    return np.where(rng.random(len(birth)) < 0.12, joined, before)


def prevalent_dementia(pop: Population, rng) -> None:
    """Diagnosed before the window: about 65% of CFAS-like prevalence, rising with age."""
    start = pop.window[0]
    age = pop.age_at(start)
    prevalence = np.clip(0.65 * 0.017 * 2 ** ((age - 67) / 5.5), 0, 0.3) * (age >= 60)
    has = rng.random(len(age)) < prevalence
    earlier = start - 1 - (rng.random(len(age)) * np.minimum(4, np.maximum(age - 60, 0)) * YEAR)
    pop.dementia = np.where(has, earlier.astype(int), -1)


def life_course(pop: Population, rng, years: int) -> None:
    """Year by year: new dementia diagnoses, deaths and moves away, for those still here."""
    start, end = pop.window
    for year in range(years):
        lo, hi = start + int(year * YEAR), min(start + int((year + 1) * YEAR), end + 1)
        here = (pop.death < 0) & (pop.reg_end < 0) & (pop.reg_start < hi)
        age = pop.age_at(lo)
        new = yearly_hazard(dementia_rate(age), rng, here & (pop.dementia < 0), lo, hi)
        pop.dementia = np.where(new >= 0, new, pop.dementia)
        died = yearly_hazard(death_rate(age, pop.dementia >= 0), rng, here, lo, hi)
        pop.death = np.where(died >= 0, died, pop.death)
        moved = yearly_hazard(np.full(len(age), 0.04), rng, here & (died < 0), lo, hi)
        pop.reg_end = np.where(moved >= 0, moved, pop.reg_end)
    pop.reg_end = np.where(pop.death >= 0, pop.death, pop.reg_end)
    pop.reg_start = np.minimum(pop.reg_start, np.where(pop.reg_end >= 0, pop.reg_end, end))


def as_dates(day: np.ndarray) -> pa.Array:
    return pa.array(np.where(day >= 0, day, 0).astype("int32"), pa.int32(), mask=day < 0).cast(
        pa.date32()
    )


def as_text(numbers: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(numbers, pa.int64()), pa.string())


def people_table(pop: Population) -> pa.Table:
    birth = pop.birth.astype("datetime64[D]").astype("datetime64[M]").astype(int)
    return pa.table({
        "nhs_number": as_text(pop.nhs_number),
        "sex": pa.array(pop.sex),
        "birth_year": pa.array(birth // 12 + 1970, pa.int16()),
        "birth_month": pa.array(birth % 12 + 1, pa.int8()),
        "lsoa": pc.binary_join_element_wise("SYN", as_text(pop.lsoa + 100_000), ""),
        "deprivation_decile": pa.array(pop.decile, pa.int8()),
        "date_of_death": as_dates(pop.death),
    })  # fmt: skip


def registrations_table(pop: Population, practices: list[str]) -> pa.Table:
    return pa.table({
        "nhs_number": as_text(pop.nhs_number),
        "practice": pa.array(np.array(practices)[pop.practice]),
        "start": as_dates(pop.reg_start),
        "end": as_dates(pop.reg_end),
    })  # fmt: skip


def events_table(pop: Population, frames: list[dict], numbers: pa.Array) -> pa.Table:
    """One source's events of a part of the population (`numbers`: their NHS numbers as text),
    sorted by person, date, type, code and code system: all five packed into one whole number
    per event, so that one sort orders them."""
    joined = {name: np.concatenate([f[name] for f in frames]) for name in frames[0]}
    person, day = joined["person"], joined["day"]
    last = np.where(pop.death[person] >= 0, pop.death[person], pop.window[1])
    keep = day <= np.minimum(last, pop.window[1])
    kept = {name: values[keep] for name, values in joined.items()}
    del joined, person, day, last, keep
    first_day = int(kept["day"].min()) if len(kept["day"]) else 0
    kept["day"] -= first_day
    word_bits = (len(WORDS) - 1).bit_length()
    widths = {  # from the most significant: person, then day, type, code, code system
        "day": max(int(kept["day"].max()) if len(kept["day"]) else 1, 1).bit_length(),
        "type": word_bits,
        "code": word_bits,
        "code_system": word_bits,
    }
    if sum(widths.values()) + max(len(numbers) - 1, 1).bit_length() > 63:
        raise ValueError("too many people in one part to sort their events as one number")
    packed = kept.pop("person").astype(np.int64)
    for name, width in widths.items():
        packed <<= width
        packed |= kept.pop(name)
    packed.sort()
    unpacked = {}
    for name, width in reversed(widths.items()):
        unpacked[name] = (packed & ((1 << width) - 1)).astype(np.int32)
        packed >>= width
    unpacked["person"] = packed.astype(np.int32)
    unpacked["day"] += first_day
    vocabulary = pa.array(list(WORDS))
    coded = lambda name: pa.DictionaryArray.from_arrays(unpacked[name], vocabulary)  # noqa: E731
    return pa.table({
        "nhs_number": numbers.take(pa.array(unpacked["person"])),
        "date": as_dates(unpacked["day"]),
        "type": coded("type"),
        "code": coded("code"),
        "code_system": coded("code_system"),
    })  # fmt: skip


PART = 50_000  # people whose events are made at once
ROW_GROUP = 1 << 20  # rows of a Parquet row group, at most


class EventFiles:
    """One Parquet file per source, written a row group at a time as parts come in. Writing
    (encoding and compression, which let go of the GIL) runs in a thread of its own while the
    next part is made; at most one write is pending, so memory stays bounded."""

    def __init__(self, folder: Path):
        self.folder, self.writers, self.held, self.rows = folder, {}, {}, {}
        self.writing, self.pending = ThreadPoolExecutor(max_workers=1), None

    def add(self, source: str, table: pa.Table) -> None:
        self.held.setdefault(source, []).append(table)
        self.rows[source] = self.rows.get(source, 0) + table.num_rows
        held = sum(t.num_rows for t in self.held[source])
        if held >= ROW_GROUP:
            self.flush(source, held - held % ROW_GROUP)

    def flush(self, source: str, rows: int | None = None) -> None:
        """Writes `rows` of what is held (all by default) and holds the rest."""
        table = pa.concat_tables(self.held.pop(source, []))
        rows = table.num_rows if rows is None else rows
        if rows < table.num_rows:
            self.held[source] = [table.slice(rows)]
        if source not in self.writers:
            self.writers[source] = pq.ParquetWriter(
                self.folder / self.name(source), table.schema, compression="zstd"
            )
        self.wait()
        self.pending = self.writing.submit(
            self.writers[source].write_table, table.slice(0, rows), row_group_size=ROW_GROUP
        )

    def wait(self) -> None:
        if self.pending is not None:
            self.pending.result()  # raises what the write raised
            self.pending = None

    def close(self) -> dict[str, int]:
        """Writes what is held and closes every file: rows per source."""
        for source in list(self.held):
            self.flush(source)
        self.wait()
        self.writing.shutdown()
        for writer in self.writers.values():
            writer.close()
        return self.rows

    @staticmethod
    def name(source: str) -> str:
        return f"synthetic-events-{source}.parquet"


def write(folder: Path, count: int, years: int, seed: int) -> dict:
    """Write the synthetic files and their manifest into `folder`; returns the manifest.
    Events are made, written and let go a part of the population (PART people) at a time."""
    rng = np.random.default_rng(seed)
    pop, practices = people(count, years, rng)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"label": LABEL, "synthetic": True, "people": count, "years": years, "seed": seed,
                "files": []}  # fmt: skip

    def listed(name: str, table_name: str, source: str, rows: int) -> None:
        manifest["files"].append({"file": name, "table": table_name, "source": source,
                                  "rows": rows})  # fmt: skip

    for name, table_name, table in (
        ("synthetic-people.parquet", "people", people_table(pop)),
        ("synthetic-registrations.parquet", "registrations", registrations_table(pop, practices)),
    ):
        pq.write_table(table, folder / name, compression="zstd")
        listed(name, table_name, "gp", table.num_rows)
    numbers = as_text(pop.nhs_number)
    files = EventFiles(folder)
    for lo in range(0, count, PART):
        part, hi = pop.part(lo, lo + PART), min(lo + PART, count)
        part_rng = np.random.default_rng([seed, lo // PART])
        for source, frames in each_source(part, part_rng):
            files.add(source, events_table(part, frames, numbers[lo:hi]))
    for source, rows in files.close().items():
        listed(EventFiles.name(source), "events", source, rows)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    (folder / "README.txt").write_text(LABEL + "\n")
    return manifest
