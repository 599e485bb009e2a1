"""The canonical pseudonymised schema: people, registrations, events (docs/ANALYTICS.md).

No table holds an NHS number. A person is known by a pseudonym: a keyed HMAC-SHA256 of the NHS
number, truncated to 63 bits so that it joins as a whole number (see pseudonyms.py).
"""

import datetime as dt

__all__ = [
    "CODE_SYSTEMS",
    "DDL",
    "DEMENTIA_ICD10",
    "DEMENTIA_SNOMED",
    "EARLIEST_DATE",
    "EVENT_TYPES",
    "FALLS_ICD10",
    "INPUT_COLUMNS",
    "SEXES",
    "SOURCES",
]

SEXES = ("F", "M", "U")  # female, male, unknown / not stated
SOURCES = ("gp", "acute", "community", "mental_health", "social_care")
EVENT_TYPES = (
    "diagnosis",
    "gp_consultation",
    "emergency_admission",
    "elective_admission",
    "outpatient",
    "ae_attendance",
    "community_contact",
    "mental_health_contact",
    "memory_clinic_referral",
    "social_care_assessment",
    "care_package_start",
    "care_package_end",
    "care_home_admission",
)
CODE_SYSTEMS = ("icd10", "snomed", "opcs4", "local", "")
EARLIEST_DATE = dt.date(1900, 1, 1)  # no record, birth or event before this is believed

# What each file must hold (the NHS number in place of the pseudonym), in order.
INPUT_COLUMNS = {
    "people": (
        "nhs_number",
        "sex",
        "birth_year",
        "birth_month",
        "lsoa",
        "deprivation_decile",
        "date_of_death",
    ),
    "registrations": ("nhs_number", "practice", "start", "end"),
    "events": ("nhs_number", "date", "type", "code", "code_system"),
}
TABLES = tuple(INPUT_COLUMNS)

DDL = """
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    checksum VARCHAR NOT NULL UNIQUE,
    table_name VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_loaded INTEGER NOT NULL,
    rows_quarantined INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    rows_duplicate INTEGER NOT NULL DEFAULT 0,
    rows_merged INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE batches ADD COLUMN IF NOT EXISTS rows_duplicate INTEGER DEFAULT 0;
ALTER TABLE batches ADD COLUMN IF NOT EXISTS rows_merged INTEGER DEFAULT 0;
CREATE TABLE IF NOT EXISTS people (
    pseudonym BIGINT PRIMARY KEY,
    sex VARCHAR NOT NULL,
    birth_year SMALLINT NOT NULL,
    birth_month TINYINT NOT NULL CHECK (birth_month BETWEEN 1 AND 12),
    lsoa VARCHAR,
    deprivation_decile TINYINT CHECK (deprivation_decile BETWEEN 1 AND 10),
    date_of_death DATE,
    batch_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS registrations (
    pseudonym BIGINT NOT NULL,
    practice VARCHAR NOT NULL,
    start DATE NOT NULL,
    "end" DATE CHECK ("end" IS NULL OR "end" >= start),
    batch_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    pseudonym BIGINT NOT NULL,
    date DATE NOT NULL,
    source VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    code_system VARCHAR NOT NULL,
    batch_id INTEGER NOT NULL
);
"""

# Code lists used by the indicator queries (docs/ANALYTICS.md names their sources).
DEMENTIA_ICD10 = ("F00", "F01", "F02", "F03", "G30")  # ICD-10 chapter V/VI dementia codes
DEMENTIA_SNOMED = ("52448006", "26929004")  # SNOMED CT: dementia; Alzheimer's disease
FALLS_ICD10 = tuple(f"W{n:02d}" for n in range(20))  # ICD-10 W00–W19: falls
