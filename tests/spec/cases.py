"""Table-driven cases for the analytics indicators: the same inputs and figures on every engine.

Every case runs over the financial year 2020-21 (quarters 0–3 end 30 June, 30 September,
31 December 2020 and 31 March 2021). `expected` lists the non-zero figures per (practice,
quarter); every other figure of every practice and quarter must be 0. Each figure follows from
the rows by the definitions in docs/ANALYTICS.md, worked out in the comments.
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
            registration(1, "P1", "2000-01-01"),
            registration(2, "P1", "2000-01-01"),
            registration(3, "P1", "2000-01-01"),
        ],  # fmt: skip
        expected={
            ("P1", 0): {"registered_65": 1},
            ("P1", 1): {"registered_65": 2},
            ("P1", 2): {"registered_65": 2},
            ("P1", 3): {"registered_65": 2},
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
            registration(1, "P1", "2000-01-01"),
            registration(2, "P1", "2000-01-01", "2020-12-31"),
            registration(3, "P1", "2000-01-01"),
            registration(4, "P1", "2021-02-01"),
        ],  # fmt: skip
        expected={
            ("P1", 0): {"registered_65": 3},
            ("P1", 1): {"registered_65": 1},
            ("P1", 2): {"registered_65": 1},
            ("P1", 3): {"registered_65": 1},
        },  # fmt: skip
    ),
    Case(
        "dementia: recorded prevalence and new diagnoses",
        # 1 diagnosed in quarter 0 (SNOMED); 2 before the window (ICD-10 F03.9, from hospital);
        # 3 diagnosed at 60 (not 65+); 4 has depression (F32), not dementia.
        [person(1, "1945-03"), person(2, "1950-01"), person(3, "1960-06"), person(4, "1950-01")],
        [registration(p, "P1", "2000-01-01") for p in (1, 2, 3, 4)],
        [
            event(1, "2020-05-10", "diagnosis", "52448006", "snomed", "gp"),
            event(2, "2019-01-01", "diagnosis", "F03.9", "icd10"),
            event(3, "2020-06-01", "diagnosis", "F03", "icd10", "gp"),
            event(4, "2020-06-01", "diagnosis", "F32", "icd10", "gp"),
        ],  # fmt: skip
        expected={
            ("P1", 0): {"registered_65": 3, "dementia_65": 2, "new_diagnoses": 1},
            **{("P1", q): {"registered_65": 3, "dementia_65": 2} for q in (1, 2, 3)},
        },  # fmt: skip
    ),
    Case(
        "admissions count at the practice of the day; after diagnosis; falls; care homes",
        # Moves from P1 to P2 on 1 October 2020; dementia diagnosed 1 July 2020. The June
        # admission precedes the diagnosis; the August fall (W19) follows it at P1; the November
        # admission (S72) at P2; an elective W01 and a 2019 admission are not counted.
        [person(1, "1940-01")],
        [registration(1, "P1", "2000-01-01", "2020-09-30"), registration(1, "P2", "2020-10-01")],
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
            ("P1", 0): {"registered_65": 1},
            ("P1", 1): {
                "registered_65": 1,
                "dementia_65": 1,
                "new_diagnoses": 1,
                "dementia_admissions": 1,
                "falls_admissions": 1,
            },
            ("P2", 2): {"registered_65": 1, "dementia_65": 1, "dementia_admissions": 1},
            ("P2", 3): {"registered_65": 1, "dementia_65": 1, "care_home_admissions": 1},
        },  # fmt: skip
    ),
    Case(
        "social care assessment in the 12 months to the quarter end",
        # 1: assessed 15 November 2019, within 12 months of the ends of quarters 0 and 1 only;
        # 2: assessed on the last day of the window; 3 is assessed but has no dementia.
        [person(1, "1940-01"), person(2, "1940-01"), person(3, "1940-01")],
        [registration(p, "P1", "2000-01-01") for p in (1, 2, 3)],
        [
            event(1, "2018-01-01", "diagnosis", "G30", "icd10", "gp"),
            event(2, "2018-01-01", "diagnosis", "G30", "icd10", "gp"),
            event(1, "2019-11-15", "social_care_assessment", source="social_care"),
            event(2, "2021-03-31", "social_care_assessment", source="social_care"),
            event(3, "2020-05-01", "social_care_assessment", source="social_care"),
        ],  # fmt: skip
        expected={
            ("P1", 0): {"registered_65": 3, "dementia_65": 2, "assessed_12_months": 1},
            ("P1", 1): {"registered_65": 3, "dementia_65": 2, "assessed_12_months": 1},
            ("P1", 2): {"registered_65": 3, "dementia_65": 2},
            ("P1", 3): {"registered_65": 3, "dementia_65": 2, "assessed_12_months": 1},
        },  # fmt: skip
    ),
    Case(
        "a practice with nobody aged 65 still has its rows, all zero",
        [person(1, "1990-01")],
        [registration(1, "P9", "2000-01-01")],
        [event(1, "2020-05-01", "emergency_admission", "W19", "icd10")],
    ),
]


def full_expected(case: Case, columns) -> list[dict]:
    """Every practice × quarter with every column: the listed figures, else 0."""
    practices = sorted({r["practice"] for r in case.registrations})
    return [
        {"practice": p, "q": q, **{c: case.expected.get((p, q), {}).get(c, 0) for c in columns}}
        for p in practices
        for q in range(WINDOW.quarters)
    ]
