"""The plain-Python reference: the indicators said the slow, obvious way, person by person.

For each quarter end: who is registered, alive and aged 65 or over (the 65th birthday taken as
the first day of the month of birth), and who among them has a dementia diagnosis by then. Events
count at the practice where the person was registered on the day, when aged 65 or over. The
spec tests hold every engine to these figures.

`Reference.from_input` starts from the rows of the input files instead of the store's tables,
and applies ingestion's rules for messy records itself, in plain Python (`as_ingested`), so
that it checks ingestion and the engines together rather than trusting either.
"""

import datetime as dt
from collections import defaultdict

from .schema import DEMENTIA_ICD10, DEMENTIA_SNOMED, FALLS_ICD10
from .window import Window

__all__ = ["COLUMNS", "Reference"]


def is_dementia(event: dict) -> bool:
    if event["type"] != "diagnosis":
        return False
    if event["code_system"] == "icd10":
        return event["code"][:3] in DEMENTIA_ICD10
    return event["code_system"] == "snomed" and event["code"] in DEMENTIA_SNOMED


def is_fall(event: dict) -> bool:
    return event["code_system"] == "icd10" and event["code"][:3] in FALLS_ICD10


def aged_65(person: dict, day: dt.date) -> bool:
    return (day.year * 12 + day.month) - (person["birth_year"] * 12 + person["birth_month"]) >= 780


def registered(registration: dict, day: dt.date) -> bool:
    return registration["start"] <= day and (
        registration["end"] is None or day <= registration["end"]
    )


def alive(person: dict, day: dt.date) -> bool:
    return person["date_of_death"] is None or person["date_of_death"] > day


def unique(rows: list[dict]) -> list[dict]:
    """One of each row identical in every column (within one file), in order."""
    seen, kept = set(), []
    for row in rows:
        key = tuple(sorted(row.items()))
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def one_day_after(day: dt.date | None) -> dt.date | None:
    return None if day is None else day + dt.timedelta(days=1)


def overlap(a: dict, b: dict) -> bool:
    """Two registrations share a day (an end is the last day registered)."""
    return (a["end"] is None or b["start"] <= a["end"]) and (
        b["end"] is None or a["start"] <= b["end"]
    )


def merged(registrations: list[dict]) -> list[dict]:
    """One person's registrations at one practice, those that overlap or touch (one starting
    the day after another ends) made one: the earliest start, the latest end, none if either
    has none."""
    runs: list[dict] = []
    for r in sorted(registrations, key=lambda r: r["start"]):
        last = runs[-1] if runs else None
        if last and (last["end"] is None or r["start"] <= one_day_after(last["end"])):
            last["end"] = (
                None if r["end"] is None or last["end"] is None else max(last["end"], r["end"])
            )
        else:
            runs.append(dict(r))
    return runs


def registrations_as_ingested(rows: list[dict]) -> list[dict]:
    """A registrations file's rows as the store holds them: identical rows once; a later row
    with the start of an earlier one at the same practice, but not the same end, quarantined
    (one row per registration); a person's registrations at one practice merged; of two at
    different practices that overlap, the later-starting one quarantined (not loaded)."""
    by_person: dict = defaultdict(lambda: defaultdict(list))
    keys = set()
    for r in unique(rows):
        key = (r["pseudonym"], r["practice"], r["start"])
        if key not in keys:
            keys.add(key)
            by_person[r["pseudonym"]][r["practice"]].append(r)
    kept = []
    for practices in by_person.values():
        runs = sorted((r for p in practices.values() for r in merged(p)), key=lambda r: r["start"])
        loaded: list[dict] = []
        for r in runs:
            if not any(overlap(earlier, r) for earlier in loaded):
                loaded.append(r)
        kept += loaded
    return kept


def as_ingested(people, registrations, events_by_file) -> tuple[list, list, list]:
    """The store's rows for input rows (pseudonyms already in place), by ingestion's rules:
    a row identical in every column to an earlier one in its file is the same record; a later
    row for a person already in a people file is quarantined; registrations as
    `registrations_as_ingested`; codes in trimmed upper case (`f03.9` is F03.9); an event
    already held from an earlier file of its source is not added again."""
    people_by_pseudonym = {}
    for person in unique(people):
        people_by_pseudonym.setdefault(person["pseudonym"], person)
    events, held = [], set()
    for rows in events_by_file:
        added = []
        normalised = [{**e, "code": (e["code"] or "").strip().upper()} for e in rows]
        for event in unique(normalised):  # identical once their codes are normalised
            key = tuple(sorted(event.items()))
            if key not in held:
                added.append((key, event))
        held |= {key for key, _ in added}
        events += [event for _, event in added]
    return list(people_by_pseudonym.values()), registrations_as_ingested(registrations), events


class Reference:
    @classmethod
    def from_input(cls, people, registrations, events_by_file) -> "Reference":
        """The reference over the rows of input files (one list of events per file), taken as
        ingestion lands them (`as_ingested`)."""
        return cls(*as_ingested(people, registrations, events_by_file))

    def __init__(self, people, registrations, events):
        self.people = {p["pseudonym"]: p for p in people}
        self.registrations = registrations
        self.events = events
        self.diagnosed = {}
        for event in sorted((e for e in events if is_dementia(e)), key=lambda e: e["date"]):
            self.diagnosed.setdefault(event["pseudonym"], event["date"])

    def has_dementia(self, pseudonym, day) -> bool:
        return pseudonym in self.diagnosed and self.diagnosed[pseudonym] <= day

    def practice_on(self, pseudonym, day):
        """The practice of a registration covering the day, for a person aged 65+ that day."""
        person = self.people.get(pseudonym)
        if person is None or not aged_65(person, day):
            return None
        for registration in self.registrations:
            if registration["pseudonym"] == pseudonym and registered(registration, day):
                return registration["practice"]
        return None

    def population(self, window: Window, rows) -> None:
        for k in range(window.quarters):
            end = window.period(k).end
            for registration in self.registrations:
                person = self.people.get(registration["pseudonym"])
                if person and registered(registration, end) and alive(person, end):
                    if aged_65(person, end):
                        rows[registration["practice"], k]["registered_65"] += 1
                        if self.has_dementia(person["pseudonym"], end):
                            rows[registration["practice"], k]["dementia_65"] += 1

    def event_counts(self, window: Window, rows) -> None:
        for event in self.events:
            k = window.quarter_of(event["date"])
            practice = self.practice_on(event["pseudonym"], event["date"])
            if practice is None or not 0 <= k < window.quarters:
                continue
            row = rows[practice, k]
            if event["type"] == "emergency_admission":
                row["dementia_admissions"] += self.has_dementia(event["pseudonym"], event["date"])
                row["falls_admissions"] += is_fall(event)
            row["care_home_admissions"] += event["type"] == "care_home_admission"

    def new_diagnoses(self, window: Window, rows) -> None:
        for pseudonym, day in self.diagnosed.items():
            k, practice = window.quarter_of(day), self.practice_on(pseudonym, day)
            if practice is not None and 0 <= k < window.quarters:
                rows[practice, k]["new_diagnoses"] += 1

    def assessed(self, window: Window, rows) -> None:
        """People with dementia at the quarter end with an assessment in the 12 months to it."""
        for k in range(window.quarters):
            end = window.period(k).end
            since = window.period(k - 3).start
            for registration in self.registrations:
                person = self.people.get(registration["pseudonym"])
                if not (person and registered(registration, end) and alive(person, end)):
                    continue
                if aged_65(person, end) and self.has_dementia(person["pseudonym"], end):
                    rows[registration["practice"], k]["assessed_12_months"] += any(
                        e["pseudonym"] == person["pseudonym"]
                        and e["type"] == "social_care_assessment"
                        and since <= e["date"] <= end
                        for e in self.events
                    )

    def compute(self, window: Window) -> list[dict]:
        rows = defaultdict(lambda: defaultdict(int))
        for registration in self.registrations:
            for k in range(window.quarters):
                rows[registration["practice"], k]  # every practice, every quarter, zeros too
        self.population(window, rows)
        self.event_counts(window, rows)
        self.new_diagnoses(window, rows)
        self.assessed(window, rows)
        return [
            {"practice": practice, "q": k, **{c: rows[practice, k][c] for c in COLUMNS}}
            for practice, k in sorted(rows)
        ]


COLUMNS = (
    "registered_65",
    "dementia_65",
    "new_diagnoses",
    "assessed_12_months",
    "dementia_admissions",
    "care_home_admissions",
    "falls_admissions",
)
