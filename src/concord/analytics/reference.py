"""The plain-Python reference: the indicators said the slow, obvious way, person by person.

For each quarter end: who is registered, alive and aged 65 or over (the 65th birthday taken as
the first day of the month of birth), and who among them has a dementia diagnosis by then. Events
count at the practice where the person was registered on the day, when aged 65 or over. The
spec tests hold every engine to these figures.
"""

import datetime as dt
from collections import defaultdict

from .schema import DEMENTIA_ICD10, DEMENTIA_SNOMED, FALLS_ICD10
from .window import Window


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


class Reference:
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
