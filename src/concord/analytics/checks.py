"""What makes a row of an input file acceptable: one SQL condition per failure, with its reason.

Each check flags a failing row of the staged file (columns as text, `row` numbered from 1) and
says which field failed and why, never the value: a quarantine report carries no identifiers.
"""

import datetime as dt

from .schema import CODE_SYSTEMS, EARLIEST_DATE, EVENT_TYPES, SEXES


def text(column: str) -> str:
    return f"NULLIF(trim(CAST(\"{column}\" AS VARCHAR)), '')"


def as_date(column: str) -> str:
    return f"TRY_CAST({text(column)} AS DATE)"


def as_int(column: str) -> str:
    return f"TRY_CAST({text(column)} AS INTEGER)"


def modulus_11(column: str) -> str:
    """SQL: the ten characters are digits and the tenth is the modulus 11 check digit."""
    value = text(column)
    digit = [f"TRY_CAST(substr({value}, {i}, 1) AS INTEGER)" for i in range(1, 11)]
    total = " + ".join(f"{d} * {11 - i}" for i, d in enumerate(digit[:9], start=1))
    expected = f"((11 - ({total}) % 11) % 11)"
    return f"({expected} <> 10 AND {expected} = {digit[9]})"


def one_of(column: str, values: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{v}'" for v in values)
    return f"coalesce({text(column)}, '') IN ({listed})"


def date_checks(field: str, *, required: bool) -> list[tuple[str, str, str]]:
    today, earliest = dt.date.today().isoformat(), EARLIEST_DATE.isoformat()
    checks = [
        (
            field,
            f"{text(field)} IS NOT NULL AND {as_date(field)} IS NULL",
            "not a date (YYYY-MM-DD)",
        ),
        (
            field,
            f"{as_date(field)} NOT BETWEEN DATE '{earliest}' AND DATE '{today}'",
            f"date out of range ({earliest} to today)",
        ),
    ]
    if required:
        checks.insert(0, (field, f"{text(field)} IS NULL", "missing"))
    return checks


TEN_DIGITS = f"regexp_full_match({text('nhs_number')}, '[0-9]{{10}}')"
NHS_NUMBER = [
    ("nhs_number", f"{text('nhs_number')} IS NULL", "missing"),
    (
        "nhs_number",
        f"{text('nhs_number')} IS NOT NULL AND NOT {TEN_DIGITS}",
        "not ten digits",
    ),
    (
        "nhs_number",
        f"{TEN_DIGITS} AND NOT {modulus_11('nhs_number')}",
        "fails the modulus 11 check",
    ),
]

PEOPLE = [
    *NHS_NUMBER,
    (
        "nhs_number",
        "row_number() OVER (PARTITION BY trim(CAST(nhs_number AS VARCHAR)) ORDER BY row) > 1",
        "the same person is on an earlier row",
    ),
    ("sex", f"NOT {one_of('sex', SEXES)}", f"expected one of {', '.join(SEXES)}"),
    (
        "birth_year",
        f"coalesce({as_int('birth_year')} NOT BETWEEN {EARLIEST_DATE.year} AND "
        f"{dt.date.today().year}, true)",
        f"expected a year from {EARLIEST_DATE.year} to this year",
    ),
    (
        "birth_month",
        f"coalesce({as_int('birth_month')} NOT BETWEEN 1 AND 12, true)",
        "expected a month from 1 to 12",
    ),
    (
        "deprivation_decile",
        f"{text('deprivation_decile')} IS NOT NULL AND "
        f"coalesce({as_int('deprivation_decile')} NOT BETWEEN 1 AND 10, true)",
        "expected a decile from 1 to 10",
    ),
    *date_checks("date_of_death", required=False),
    (
        "date_of_death",
        f"{as_date('date_of_death')} < "
        f"make_date({as_int('birth_year')}, {as_int('birth_month')}, 1)",
        "before the month of birth",
    ),
]

REGISTRATIONS = [
    *NHS_NUMBER,
    (
        "practice",
        f"NOT regexp_full_match(coalesce({text('practice')}, ''), '[A-Z0-9]{{3,10}}')",
        "expected a practice code (3 to 10 capitals or digits)",
    ),
    *date_checks("start", required=True),
    *date_checks("end", required=False),
    ("end", f"{as_date('end')} < {as_date('start')}", "before the start"),
]

EVENTS = [
    *NHS_NUMBER,
    *date_checks("date", required=True),
    ("type", f"NOT {one_of('type', EVENT_TYPES)}", "not an event type of the schema"),
    (
        "code_system",
        f"NOT {one_of('code_system', CODE_SYSTEMS)}",
        "not a code system of the schema",
    ),
]

CHECKS = {"people": PEOPLE, "registrations": REGISTRATIONS, "events": EVENTS}

# The clean rows, typed as the store wants them (the NHS number still present: staging only).
TYPED = {
    "people": f"""CAST({text("nhs_number")} AS BIGINT) AS nhs_number, {text("sex")} AS sex,
        {as_int("birth_year")} AS birth_year, {as_int("birth_month")} AS birth_month,
        {text("lsoa")} AS lsoa, {as_int("deprivation_decile")} AS deprivation_decile,
        {as_date("date_of_death")} AS date_of_death""",
    "registrations": f"""CAST({text("nhs_number")} AS BIGINT) AS nhs_number,
        {text("practice")} AS practice, {as_date("start")} AS start,
        {as_date("end")} AS "end" """,
    "events": f"""CAST({text("nhs_number")} AS BIGINT) AS nhs_number, {as_date("date")} AS date,
        {text("type")} AS type, coalesce({text("code")}, '') AS code,
        coalesce({text("code_system")}, '') AS code_system""",
}
