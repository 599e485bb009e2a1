"""Table-driven cases for the analytics indicators: the same inputs and figures on every engine.

Every case runs over the financial year 2020-21 (quarters 0–3 end 30 June, 30 September,
31 December 2020 and 31 March 2021). `expected` lists the non-zero figures per (practice,
quarter); every other figure of every practice and quarter must be 0. Each figure follows from
the rows by the definitions in docs/ANALYTICS.md, worked out in the comments.

The rows are those of input files (a person's number in place of an NHS number): the people,
the registrations, and the events of each source, one file each. DuckDB and Spark read them
after ingestion (tests/spec/conftest.py); the reference takes them as they are and applies
ingestion's rules itself. So the messy cases at the end (repeated rows, overlapping
registrations, codes in lower case) hold ingestion and every engine to the same figures.
"""

import datetime as dt
from dataclasses import dataclass, field

from concord.analytics.window import Window

WINDOW = Window.ending(2020, 1)
D = dt.date.fromisoformat


def person(pseudonym, born: str, died: str | None = None, sex="F"):
    year, month = (int(part) for part in born.split("-"))
    return {"pseudonym": pseudonym, "sex": sex, "birth_year": year, "birth_month": month,
            "lsoa": "SYN000001", "deprivation_decile": 5,
            "date_of_death": D(died) if died else None}  # fmt: skip


def registration(pseudonym, practice, start: str, end: str | None = None):
    return {"pseudonym": pseudonym, "practice": practice, "start": D(start),
            "end": D(end) if end else None}  # fmt: skip


def event(pseudonym, date: str, type_, code="", system="", source="acute"):
    return {"pseudonym": pseudonym, "date": D(date), "source": source, "type": type_,
            "code": code, "code_system": system}  # fmt: skip


@dataclass
class Case:
    name: str
    people: list
    registrations: list
    events: list = field(default_factory=list)
    expected: dict = field(default_factory=dict)


def every_quarter(**figures):
    return {q: figures for q in range(4)}


CASES = [
    Case(
        "registered 65 and over at each quarter end",
        # 1 is 70; 2 turns 65 on 1 August 2020 (month of birth), so from quarter 1; 3 is 40.
        [person(1, "1950-01"), person(2, "1955-08"), person(3, "1980-05")],
        [
            registration(1, "P01", "2000-01-01"),
            registration(2, "P01", "2000-01-01"),
            registration(3, "P01", "2000-01-01"),
        ],  # fmt: skip
        expected={
            ("P01", 0): {"registered_65": 1},
            ("P01", 1): {"registered_65": 2},
            ("P01", 2): {"registered_65": 2},
            ("P01", 3): {"registered_65": 2},
        },  # fmt: skip
    ),
    Case(
        "deaths, leaving and joining",
        # 1 dies mid quarter 1; 2 leaves on the last day of quarter 2 (still registered then);
        # 3 dies on the last day of quarter 1 (not alive at its end); 4 joins in quarter 3.
        [
            person(1, "1940-01", died="2020-08-15"),
            person(2, "1940-01"),
            person(3, "1940-01", died="2020-09-30"),
            person(4, "1940-01"),
        ],  # fmt: skip
        [
            registration(1, "P01", "2000-01-01"),
            registration(2, "P01", "2005-01-01", "2020-12-31"),
            registration(3, "P01", "2000-01-01"),
            registration(4, "P01", "2021-02-01"),
        ],  # fmt: skip
        expected={
            ("P01", 0): {"registered_65": 3},
            ("P01", 1): {"registered_65": 1},
            ("P01", 2): {"registered_65": 1},
            ("P01", 3): {"registered_65": 1},
        },  # fmt: skip
    ),
    Case(
        "dementia: recorded prevalence and new diagnoses",
        # 1 diagnosed in quarter 0 (SNOMED); 2 before the window (ICD-10 F03.9, from hospital);
        # 3 diagnosed at 60 (not 65+); 4 has depression (F32), not dementia.
        [person(1, "1945-03"), person(2, "1950-01"), person(3, "1960-06"), person(4, "1950-01")],
        [registration(p, "P01", "2000-01-01") for p in (1, 2, 3, 4)],
        [
            event(1, "2020-05-10", "diagnosis", "52448006", "snomed", "gp"),
            event(2, "2019-01-01", "diagnosis", "F03.9", "icd10"),
            event(3, "2020-06-01", "diagnosis", "F03", "icd10", "gp"),
            event(4, "2020-06-01", "diagnosis", "F32", "icd10", "gp"),
        ],  # fmt: skip
        expected={
            ("P01", 0): {"registered_65": 3, "dementia_65": 2, "new_diagnoses": 1},
            **{("P01", q): {"registered_65": 3, "dementia_65": 2} for q in (1, 2, 3)},
        },  # fmt: skip
    ),
    Case(
        "admissions count at the practice of the day; after diagnosis; falls; care homes",
        # Moves from P01 to P02 on 1 October 2020; dementia diagnosed 1 July 2020. The June
        # admission precedes the diagnosis; the August fall (W19) follows it at P01; the November
        # admission (S72) at P02; an elective W01 and a 2019 admission are not counted.
        [person(1, "1940-01")],
        [registration(1, "P01", "2000-01-01", "2020-09-30"), registration(1, "P02", "2020-10-01")],
        [
            event(1, "2020-07-01", "diagnosis", "F00", "icd10", "gp"),
            event(1, "2020-06-01", "emergency_admission", "J18", "icd10"),
            event(1, "2020-08-01", "emergency_admission", "W19", "icd10"),
            event(1, "2020-11-05", "emergency_admission", "S72", "icd10"),
            event(1, "2020-12-01", "elective_admission", "W01", "icd10"),
            event(1, "2019-06-01", "emergency_admission", "W19", "icd10"),
            event(1, "2021-01-10", "care_home_admission", source="social_care"),
        ],  # fmt: skip
        expected={
            ("P01", 0): {"registered_65": 1},
            ("P01", 1): {
                "registered_65": 1,
                "dementia_65": 1,
                "new_diagnoses": 1,
                "dementia_admissions": 1,
                "falls_admissions": 1,
            },
            ("P02", 2): {"registered_65": 1, "dementia_65": 1, "dementia_admissions": 1},
            ("P02", 3): {"registered_65": 1, "dementia_65": 1, "care_home_admissions": 1},
        },  # fmt: skip
    ),
    Case(
        "social care assessment in the 12 months to the quarter end",
        # 1: assessed 15 November 2019, within 12 months of the ends of quarters 0 and 1 only;
        # 2: assessed on the last day of the window; 3 is assessed but has no dementia.
        [person(1, "1940-01"), person(2, "1940-01"), person(3, "1940-01")],
        [registration(p, "P01", "2000-01-01") for p in (1, 2, 3)],
        [
            event(1, "2018-01-01", "diagnosis", "G30", "icd10", "gp"),
            event(2, "2018-01-01", "diagnosis", "G30", "icd10", "gp"),
            event(1, "2019-11-15", "social_care_assessment", source="social_care"),
            event(2, "2021-03-31", "social_care_assessment", source="social_care"),
            event(3, "2020-05-01", "social_care_assessment", source="social_care"),
        ],  # fmt: skip
        expected={
            ("P01", 0): {"registered_65": 3, "dementia_65": 2, "assessed_12_months": 1},
            ("P01", 1): {"registered_65": 3, "dementia_65": 2, "assessed_12_months": 1},
            ("P01", 2): {"registered_65": 3, "dementia_65": 2},
            ("P01", 3): {"registered_65": 3, "dementia_65": 2, "assessed_12_months": 1},
        },  # fmt: skip
    ),
    Case(
        "turning 65 in the middle of a quarter",
        # 1 turns 65 on 1 August 2020 (born August 1955): not 65 at the end of quarter 0, 65 at
        # the end of quarter 1. Diagnosed on 15 July, aged 64: no new diagnosis at 65+, but
        # with dementia at every quarter end from then. The fall on 31 July (aged 64) is not
        # counted; the one on 1 August is, and follows the diagnosis. 2 turns 65 on 1 October
        # 2020, the day after the end of quarter 1.
        [person(1, "1955-08"), person(2, "1955-10")],
        [registration(1, "P01", "2000-01-01"), registration(2, "P01", "2000-01-01")],
        [
            event(1, "2020-07-15", "diagnosis", "F03", "icd10", "gp"),
            event(1, "2020-07-31", "emergency_admission", "W19", "icd10"),
            event(1, "2020-08-01", "emergency_admission", "W10", "icd10"),
        ],  # fmt: skip
        expected={
            ("P01", 1): {
                "registered_65": 1,
                "dementia_65": 1,
                "dementia_admissions": 1,
                "falls_admissions": 1,
            },
            ("P01", 2): {"registered_65": 2, "dementia_65": 1},
            ("P01", 3): {"registered_65": 2, "dementia_65": 1},
        },  # fmt: skip
    ),
    Case(
        "death on the last day of a quarter",
        # 1 (with dementia) dies on 30 September 2020: not alive at the end of quarter 1, so in
        # no quarter-end count from then, yet the admission on the day of death counts (events
        # count where the person was registered on the day); the assessment that day counts in
        # no quarter, as 1 is in no quarter-end population after it. 2 dies on 1 October 2020:
        # alive at the end of quarter 1.
        [person(1, "1940-01", died="2020-09-30"), person(2, "1940-01", died="2020-10-01")],
        [registration(1, "P01", "2000-01-01"), registration(2, "P01", "2000-01-01")],
        [
            event(1, "2018-03-01", "diagnosis", "G30", "icd10", "gp"),
            event(1, "2020-09-30", "emergency_admission", "J18", "icd10"),
            event(1, "2020-09-30", "social_care_assessment", source="social_care"),
        ],  # fmt: skip
        expected={
            ("P01", 0): {"registered_65": 2, "dementia_65": 1},
            ("P01", 1): {"registered_65": 1, "dementia_admissions": 1},
        },  # fmt: skip
    ),
    Case(
        "a move between practices in the middle of a quarter",
        # 1 (with dementia) leaves P01 on 15 August 2020 and joins P02 the next day: at P02 at
        # the end of quarter 1; the admission of 10 August counts at P01, the fall of 20 August
        # and the care home admission at P02. 2 leaves P01 on 10 August and joins P02 on
        # 20 August: the fall of 15 August, between the two, counts nowhere.
        [person(1, "1940-01"), person(2, "1940-01")],
        [
            registration(1, "P01", "2000-01-01", "2020-08-15"),
            registration(1, "P02", "2020-08-16"),
            registration(2, "P01", "2000-01-01", "2020-08-10"),
            registration(2, "P02", "2020-08-20"),
        ],  # fmt: skip
        [
            event(1, "2019-05-01", "diagnosis", "F01", "icd10", "gp"),
            event(1, "2020-08-10", "emergency_admission", "J18", "icd10"),
            event(1, "2020-08-20", "emergency_admission", "W01", "icd10"),
            event(1, "2020-09-01", "care_home_admission", source="social_care"),
            event(2, "2020-08-15", "emergency_admission", "W05", "icd10"),
        ],  # fmt: skip
        expected={
            ("P01", 0): {"registered_65": 2, "dementia_65": 1},
            ("P01", 1): {"dementia_admissions": 1},
            ("P02", 1): {
                "registered_65": 2,
                "dementia_65": 1,
                "dementia_admissions": 1,
                "falls_admissions": 1,
                "care_home_admissions": 1,
            },
            ("P02", 2): {"registered_65": 2, "dementia_65": 1},
            ("P02", 3): {"registered_65": 2, "dementia_65": 1},
        },  # fmt: skip
    ),
    Case(
        "events on the day a registration ends and the day the next starts",
        # 1: at P01 to 15 November 2020, at P02 from the 16th. The fall of the 15th counts at
        # P01; the fall of the 16th at P02, where 1 is diagnosed that day: a new diagnosis, and
        # the fall is on the diagnosis day, so an admission with dementia too. 2: at P01 to
        # 20 November, diagnosed that day (a new diagnosis at P01), at P02 from the 21st.
        [person(1, "1940-01"), person(2, "1940-01")],
        [
            registration(1, "P01", "2000-01-01", "2020-11-15"),
            registration(1, "P02", "2020-11-16"),
            registration(2, "P01", "2000-01-01", "2020-11-20"),
            registration(2, "P02", "2020-11-21"),
        ],  # fmt: skip
        [
            event(1, "2020-11-15", "emergency_admission", "W19", "icd10"),
            event(1, "2020-11-16", "emergency_admission", "W19", "icd10"),
            event(1, "2020-11-16", "diagnosis", "F02", "icd10", "gp"),
            event(2, "2020-11-20", "diagnosis", "F02", "icd10", "gp"),
        ],  # fmt: skip
        expected={
            ("P01", 0): {"registered_65": 2},
            ("P01", 1): {"registered_65": 2},
            ("P01", 2): {"falls_admissions": 1, "new_diagnoses": 1},
            ("P02", 2): {
                "registered_65": 2,
                "dementia_65": 2,
                "new_diagnoses": 1,
                "dementia_admissions": 1,
                "falls_admissions": 1,
            },
            ("P02", 3): {"registered_65": 2, "dementia_65": 2},
        },  # fmt: skip
    ),
    Case(
        "a diagnosis on the last day of a quarter",
        # 1 is diagnosed on 30 September 2020, the end of quarter 1: a new diagnosis in it and
        # with dementia at its end; the admission and the assessment that day count (on or
        # after the diagnosis; within 12 months of the ends of quarters 1 to 3). 2 is diagnosed
        # on 1 October, in quarter 2.
        [person(1, "1940-01"), person(2, "1940-01")],
        [registration(1, "P01", "2000-01-01"), registration(2, "P01", "2000-01-01")],
        [
            event(1, "2020-09-30", "diagnosis", "F00", "icd10", "gp"),
            event(1, "2020-09-30", "emergency_admission", "J18", "icd10"),
            event(1, "2020-09-30", "social_care_assessment", source="social_care"),
            event(2, "2020-10-01", "diagnosis", "F00", "icd10", "gp"),
        ],  # fmt: skip
        expected={
            ("P01", 0): {"registered_65": 2},
            ("P01", 1): {
                "registered_65": 2,
                "dementia_65": 1,
                "new_diagnoses": 1,
                "dementia_admissions": 1,
                "assessed_12_months": 1,
            },
            ("P01", 2): {
                "registered_65": 2,
                "dementia_65": 2,
                "new_diagnoses": 1,
                "assessed_12_months": 1,
            },
            ("P01", 3): {"registered_65": 2, "dementia_65": 2, "assessed_12_months": 1},
        },  # fmt: skip
    ),
    Case(
        "a practice with nobody aged 65 still has its rows, all zero",
        [person(1, "1990-01")],
        [registration(1, "P09", "2000-01-01")],
        [event(1, "2020-05-01", "emergency_admission", "W19", "icd10")],
    ),
    # Messy records: what ingestion makes of them.
    Case(
        "rows repeated exactly in one file are one record",
        # Each of 1's rows appears twice in its file: one person, one registration, one fall.
        [person(1, "1940-01"), person(1, "1940-01")],
        [registration(1, "P01", "2000-01-01"), registration(1, "P01", "2000-01-01")],
        [
            event(1, "2020-05-01", "emergency_admission", "W19", "icd10"),
            event(1, "2020-05-01", "emergency_admission", "W19", "icd10"),
        ],  # fmt: skip
        expected={
            ("P01", 0): {"registered_65": 1, "falls_admissions": 1},
            **{("P01", q): {"registered_65": 1} for q in (1, 2, 3)},
        },  # fmt: skip
    ),
    Case(
        "registrations at one practice that overlap or touch are one",
        # 1: two overlapping registrations at P01 (the second from 1 August 2020): one, from
        # 2000, open; counted once, and the fall of 15 August once. 2: from 2000 to 30 June
        # and from 2005 to 31 December 2020: one, to 31 December. 3: touching (1 September follows
        # 31 August): one, open. 4: an open one and a closed one inside it: one, open.
        [person(p, "1940-01") for p in (1, 2, 3, 4)],
        [
            registration(1, "P01", "2000-01-01", "2020-09-30"),
            registration(1, "P01", "2020-08-01"),
            registration(2, "P01", "2000-01-01", "2020-06-30"),
            registration(2, "P01", "2005-01-01", "2020-12-31"),
            registration(3, "P01", "2000-01-01", "2020-08-31"),
            registration(3, "P01", "2020-09-01"),
            registration(4, "P01", "2010-01-01"),
            registration(4, "P01", "2015-01-01", "2020-07-31"),
        ],  # fmt: skip
        [event(1, "2020-08-15", "emergency_admission", "W19", "icd10")],
        expected={
            ("P01", 0): {"registered_65": 4},
            ("P01", 1): {"registered_65": 4, "falls_admissions": 1},
            ("P01", 2): {"registered_65": 4},
            ("P01", 3): {"registered_65": 3},
        },  # fmt: skip
    ),
    Case(
        "a registration repeating another's start at its practice is quarantined",
        # one row per registration (person, practice, start): the later row, to 31 December
        # 2020, is quarantined, so the person is registered to 30 June 2020 only
        [person(1, "1940-01")],
        [
            registration(1, "P01", "2000-01-01", "2020-06-30"),
            registration(1, "P01", "2000-01-01", "2020-12-31"),
        ],  # fmt: skip
        [],
        expected={("P01", 0): {"registered_65": 1}},
    ),
    Case(
        "of overlapping registrations at two practices the later-starting one is not loaded",
        # 1: at P01 from 2000, open, and at P02 from 1 August 2020: P02's is quarantined, so
        # 1 stays at P01 and the fall of 1 September counts there. 2: at P01 to 15 November
        # 2020 and at P02 from the same day: the two share that day, so P02's is quarantined
        # and 2 is registered nowhere after 15 November. 3 (aged 40) keeps P02 in the figures.
        [person(1, "1940-01"), person(2, "1940-01"), person(3, "1980-01")],
        [
            registration(1, "P01", "2000-01-01"),
            registration(1, "P02", "2020-08-01"),
            registration(2, "P01", "2000-01-01", "2020-11-15"),
            registration(2, "P02", "2020-11-15"),
            registration(3, "P02", "2000-01-01"),
        ],  # fmt: skip
        [event(1, "2020-09-01", "emergency_admission", "W19", "icd10")],
        expected={
            ("P01", 0): {"registered_65": 2},
            ("P01", 1): {"registered_65": 2, "falls_admissions": 1},
            ("P01", 2): {"registered_65": 1},
            ("P01", 3): {"registered_65": 1},
        },  # fmt: skip
    ),
    Case(
        "codes are read in trimmed upper case",
        # f03.9, g30.1 and " 52448006 " are dementia (F03.9, G30.1, 52448006); w19 is a fall.
        [person(p, "1940-01") for p in (1, 2, 3, 4)],
        [registration(p, "P01", "2000-01-01") for p in (1, 2, 3, 4)],
        [
            event(1, "2020-05-01", "diagnosis", "f03.9", "icd10"),
            event(2, "2020-05-01", "diagnosis", " 52448006 ", "snomed", "gp"),
            event(3, "2020-05-01", "diagnosis", "g30.1 ", "icd10"),
            event(4, "2020-05-02", "emergency_admission", "w19", "icd10"),
        ],  # fmt: skip
        expected={
            ("P01", 0): {
                "registered_65": 4,
                "dementia_65": 3,
                "new_diagnoses": 3,
                "falls_admissions": 1,
            },
            **{("P01", q): {"registered_65": 4, "dementia_65": 3} for q in (1, 2, 3)},
        },  # fmt: skip
    ),
]


def events_by_file(case: Case) -> list[list[dict]]:
    """The case's events as files: one per source, in the order the sources first appear."""
    files: dict[str, list[dict]] = {}
    for row in case.events:
        files.setdefault(row["source"], []).append(row)
    return list(files.values())


def full_expected(case: Case, columns) -> list[dict]:
    """Every practice × quarter with every column: the listed figures, else 0."""
    practices = sorted({r["practice"] for r in case.registrations})
    return [
        {"practice": p, "q": q, **{c: case.expected.get((p, q), {}).get(c, 0) for c in columns}}
        for p in practices
        for q in range(WINDOW.quarters)
    ]
