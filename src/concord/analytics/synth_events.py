"""Synthetic events for the people of synth.py: yearly rates by age, higher after dementia.

Each kind of event is a Poisson count over the days a person is registered and alive within the
window, split at the dementia diagnosis so that rates can rise after it (emergency admissions,
mental health contacts, social care). Dates are uniform within each stretch.
"""

import numpy as np

__all__ = ["WORDS", "each_source"]

YEAR = 365.25
EMERGENCY_CODES = np.array(["J18", "N39", "I50", "J44", "R55", "I63", "K92", "A41"])
FALL_CODES = np.array(["W19", "W01", "W10", "W18"])
DEMENTIA_SNOMED = "52448006"


def stretches(pop):
    """(start, stop) days before and after the dementia diagnosis, within registration and life."""
    start, end = pop.window
    lo = np.maximum(pop.reg_start, start)
    hi = np.minimum.reduce([np.where(pop.reg_end >= 0, pop.reg_end, end), np.full_like(lo, end)])
    hi = np.where(pop.death >= 0, np.minimum(hi, pop.death), hi)
    hi = np.maximum(hi, lo)
    cut = np.where(pop.dementia >= 0, np.clip(pop.dementia, lo, hi), hi)
    return (lo, cut), (cut, hi)


def poisson_days(rng, rate, stretch):
    """Person indexes and days of events of yearly `rate` over each person's stretch."""
    lo, hi = stretch
    counts = rng.poisson(np.maximum(rate, 0) * (hi - lo) / YEAR)
    person = np.repeat(np.arange(len(lo)), counts)
    day = lo[person] + (rng.random(len(person)) * (hi - lo)[person]).astype(np.int64)
    return person, day


def events_of(rng, stretches_, rate_before, rate_after):
    before, after = stretches_
    p1, d1 = poisson_days(rng, rate_before, before)
    p2, d2 = poisson_days(rng, rate_after, after)
    return np.concatenate([p1, p2]), np.concatenate([d1, d2])


# Every text value of the events, numbered: columns hold numbers, and every part of a file shares
# one dictionary (a Parquet column chunk is dictionary-encoded once, not re-encoded per part).
VOCABULARY = (
    "", "snomed", "icd10", "gp_consultation", "185349003", "diagnosis", DEMENTIA_SNOMED,
    "emergency_admission", *map(str, EMERGENCY_CODES), *map(str, FALL_CODES),
    "elective_admission", "outpatient", "ae_attendance", "community_contact",
    "mental_health_contact", "memory_clinic_referral",
    "social_care_assessment", "care_package_start", "care_home_admission",
)  # fmt: skip
WORDS: dict[str, int] = {text: number for number, text in enumerate(VOCABULARY)}


def word(text: str) -> int:
    return WORDS[text]


def words(texts: np.ndarray) -> np.ndarray:
    return np.array([word(t) for t in texts], np.int32)


def frame(person, day, kind, code, system):
    """One kind of event; text columns as numbers into WORDS (codes may be an array of them)."""
    size = len(person)
    return {  # 32-bit columns: people and days since 1970 fit, in half the memory
        "person": person.astype(np.int32, copy=False),
        "day": day.astype(np.int32, copy=False),
        "type": np.full(size, word(kind), np.int32),
        "code": np.full(size, word(code), np.int32) if isinstance(code, str) else code,
        "code_system": np.full(size, word(system), np.int32),
    }


def gp_events(pop, rng, spans, age):
    person, day = events_of(rng, spans, 5 + 0.12 * age, 7 + 0.12 * age)
    consultations = frame(person, day, "gp_consultation", "185349003", "snomed")
    diagnosed = np.flatnonzero(pop.dementia >= 0)
    diagnoses = frame(diagnosed, pop.dementia[diagnosed], "diagnosis", DEMENTIA_SNOMED, "snomed")
    return [consultations, diagnoses]


def acute_events(pop, rng, spans, age):
    emergency = 0.05 + 0.004 * np.maximum(age - 50, 0)
    person, day = events_of(rng, spans, emergency, emergency * 2.5)
    old = age[person] >= 65
    fall = rng.random(len(person)) < np.where(old, 0.12 + 0.1 * (age[person] >= 75), 0.03)
    codes = np.where(
        fall,
        words(FALL_CODES)[rng.integers(0, len(FALL_CODES), len(person))],
        words(EMERGENCY_CODES)[rng.integers(0, len(EMERGENCY_CODES), len(person))],
    )
    found = [frame(person, day, "emergency_admission", codes, "icd10")]
    for kind, rate in (
        ("elective_admission", 0.1 + 0.002 * age),
        ("outpatient", 0.8 + 0.02 * age),
        ("ae_attendance", np.full(len(age), 0.35)),
    ):
        person, day = events_of(rng, spans, rate, rate)
        found.append(frame(person, day, kind, "", ""))
    return found


def community_events(pop, rng, spans, age):
    rate = np.where(age >= 65, 2.0, 0.2)
    person, day = events_of(rng, spans, rate, rate * 1.5)
    return [frame(person, day, "community_contact", "", "")]


def mental_health_events(pop, rng, spans, age):
    person, day = events_of(rng, spans, np.full(len(age), 0.1), np.full(len(age), 2.0))
    contacts = frame(person, day, "mental_health_contact", "", "")
    start = pop.window[0]
    incident = np.flatnonzero(pop.dementia >= start)
    before = pop.dementia[incident] - rng.integers(30, 120, len(incident))
    referrals = frame(incident, before, "memory_clinic_referral", "", "")
    return [contacts, referrals]


def social_care_events(pop, rng, spans, age):
    person, day = events_of(rng, spans, np.where(age >= 75, 0.03, 0.0), np.full(len(age), 0.45))
    assessments = frame(person, day, "social_care_assessment", "", "")
    starts = rng.random(len(person)) < 0.5
    package = frame(person[starts], day[starts] + rng.integers(14, 60, starts.sum()),
                    "care_package_start", "", "")  # fmt: skip
    home_rate = np.where(age >= 85, 0.015, 0.0)
    person, day = events_of(rng, spans, home_rate, np.full(len(age), 0.08))
    first = np.unique(person, return_index=True)[1]
    homes = frame(person[first], day[first], "care_home_admission", "", "")
    return [assessments, package, homes]


SOURCES = {
    "gp": gp_events,
    "acute": acute_events,
    "community": community_events,
    "mental_health": mental_health_events,
    "social_care": social_care_events,
}


def each_source(pop, rng):
    """(source, [frames]) one source at a time, so that only one source's events are held at
    once: each frame a dict of equal-length arrays (person index, day, …)."""
    spans = stretches(pop)
    age = pop.age_at((pop.window[0] + pop.window[1]) / 2)
    for source, make in SOURCES.items():
        yield source, make(pop, rng, spans, age)
