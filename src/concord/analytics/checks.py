"""What makes a row of an input file acceptable: one SQL condition per failure, with its reason.

The staged file (`raw`: the file's columns, `row` numbered from 1) is read through `prepared`,
which computes each cleaned value once: `t_<column>` the trimmed text (NULL when empty),
`d_<column>` a date, `i_<column>` a whole number and `n_nhs_number` the NHS number as one. Each
check flags a failing row and says which field failed and why, never the value: a quarantine
report carries no identifiers. TYPED gives the clean rows as the store wants them.

Every check is a condition that cannot fail to evaluate, whatever the file holds (a month 13 never
reaches make_date): a bad value is a row of the report, never an error that would quote it.
Every field: UTF-8 text (staging marks the cells that are not, in `unreadable`) of at most
MAX_TEXT characters; the free-text fields (an LSOA, a code) never begin as spreadsheet formula
text does, so the store never hands one on to a spreadsheet, and hold no line break or other
control character (a quoted CSV field may hold one).
"""

import datetime as dt

from .schema import CODE_SYSTEMS, EARLIEST_DATE, EVENT_TYPES, INPUT_COLUMNS, SEXES

__all__ = ["CHECKS", "NOT_UTF8", "ONE_VALUE", "TYPED", "failing_values", "modulus_11", "prepared"]

MAX_TEXT = 255  # characters in any field
FREE_TEXT = {"people": ("lsoa",), "registrations": (), "events": ("code",)}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NOT_UTF8 = "not UTF-8 text"
DATES = {"people": ("date_of_death",), "registrations": ("start", "end"), "events": ("date",)}
WHOLE_NUMBERS = {"people": ("birth_year", "birth_month", "deprivation_decile")}
UPPER_CASE = ("code",)  # stored trimmed and in upper case
ONCE_EACH = ("people", "registrations")  # tables with a rule of one row per key
ONE_VALUE = ("events",)  # tables whose every check is of one field's value alone


def text(column: str) -> str:
    return f'"t_{column}"'


def as_date(column: str) -> str:
    return f'"d_{column}"'


def as_int(column: str) -> str:
    return f'"i_{column}"'


NUMBER = '"n_nhs_number"'


def prepared(name: str, source: str = "raw") -> str:
    """SQL: the staged rows of a `name` file (in `source`) with each value cleaned and typed,
    once."""
    cleaned = ", ".join(
        f"NULLIF({normalised(c, trimmed(c))}, '') AS {text(c)}" for c in INPUT_COLUMNS[name]
    )
    typed = typed_columns(name, INPUT_COLUMNS[name])
    if name in ONCE_EACH:  # a row identical to an earlier one: a duplicate, not a second record
        every = ", ".join(["unreadable", *(text(c) for c in INPUT_COLUMNS[name])])
        typed.append(f"row_number() OVER (PARTITION BY {every} ORDER BY row) > 1 AS repeat")
    return f"SELECT *, {', '.join(typed)} FROM (SELECT row, unreadable, {cleaned} FROM {source})"


def typed_columns(name: str, columns) -> list[str]:
    """SQL: the typed values (`d_`, `i_`, `n_`) of those of `columns` that have one."""
    typed = [f"TRY_CAST({text(c)} AS DATE) AS {as_date(c)}" for c in DATES.get(name, ())
             if c in columns]  # fmt: skip
    typed += [f"TRY_CAST({text(c)} AS INTEGER) AS {as_int(c)}"
              for c in WHOLE_NUMBERS.get(name, ()) if c in columns]  # fmt: skip
    if "nhs_number" in columns:
        typed.append(
            f"CASE WHEN regexp_full_match({text('nhs_number')}, '[0-9]{{10}}') "
            f"THEN CAST({text('nhs_number')} AS BIGINT) END AS {NUMBER}"
        )
    return typed


def failing_values(name: str, column: str, source: str) -> str:
    """SQL: the values (`value` in `source`, the column's distinct values) that fail a check of
    `column`. For a table whose every check is of one field's value (ONE_VALUE): a row fails
    exactly when one of its values does."""
    cleaned = f"NULLIF({normalised(column, trimmed('value'))}, '') AS {text(column)}"
    typed = "".join(f", {t}" for t in typed_columns(name, (column,)))
    failing = " OR ".join(
        f"coalesce({condition}, false)" for field, condition, _ in CHECKS[name] if field == column
    )
    return (
        f"SELECT value FROM (SELECT *{typed} FROM (SELECT value, NULL::VARCHAR AS unreadable, "
        f"{cleaned} FROM {source})) WHERE {failing or 'false'}"
    )


def trimmed(column: str) -> str:
    return f'trim(CAST("{column}" AS VARCHAR))'


def normalised(column: str, value: str) -> str:
    """SQL: a trimmed cell as stored: codes in upper case (`f03.9` is F03.9), dots kept."""
    return f"upper({value})" if column in UPPER_CASE else value


def once_per(*columns: str) -> str:
    """SQL: the row repeats the key (`columns`) of an earlier row that it does not repeat whole
    (a row identical to an earlier one is a duplicate, counted apart, never a failure)."""
    key = ", ".join(columns)
    return f"NOT repeat AND row_number() OVER (PARTITION BY {key}, repeat ORDER BY row) > 1"


def modulus_11(number: str) -> str:
    """SQL: the tenth digit of a ten-digit whole number is its modulus 11 check digit."""
    total = " + ".join(f"(({number} // {10 ** (10 - i)}) % 10) * {11 - i}" for i in range(1, 10))
    expected = f"((11 - ({total}) % 11) % 11)"
    return f"({expected} <> 10 AND {expected} = {number} % 10)"


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


def field_checks(name: str) -> list[tuple[str, str, str]]:
    """Of every field: UTF-8 text, not too long; of free text: no formula text, no control
    characters."""
    checks = []
    for column in INPUT_COLUMNS[name]:
        checks.append((column, f"contains(unreadable, ',{column},')", NOT_UTF8))
        checks.append(
            (column, f"length({text(column)}) > {MAX_TEXT}", f"longer than {MAX_TEXT} characters")
        )
    starts = ", ".join(f"chr({ord(c)})" for c in FORMULA_STARTS)
    checks += [
        (
            column,
            f"left({text(column)}, 1) IN ({starts})",
            "begins with =, +, -, @, a tab or a carriage return (formula text)",
        )
        for column in FREE_TEXT[name]
    ]
    checks += [
        (
            column,
            f"regexp_matches({text(column)}, '[\\x00-\\x1f\\x7f]')",
            "holds a line break or another control character",
        )
        for column in FREE_TEXT[name]
    ]
    return checks


def month_of_birth() -> str:
    """SQL: the first of the month of birth, or NULL when the year or month cannot be one."""
    year, month = as_int("birth_year"), as_int("birth_month")
    return (
        f"CASE WHEN {year} BETWEEN {EARLIEST_DATE.year} AND 9999 AND {month} BETWEEN 1 AND 12 "
        f"THEN make_date({year}, {month}, 1) END"
    )


NHS_NUMBER = [
    ("nhs_number", f"{text('nhs_number')} IS NULL", "missing"),
    ("nhs_number", f"{text('nhs_number')} IS NOT NULL AND {NUMBER} IS NULL", "not ten digits"),
    ("nhs_number", f"NOT {modulus_11(NUMBER)}", "fails the modulus 11 check"),
]

PEOPLE = [
    *NHS_NUMBER,
    (
        "nhs_number",
        once_per(text("nhs_number")),
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
        f"{as_date('date_of_death')} < {month_of_birth()}",
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
    (
        "nhs_number",
        once_per(text("nhs_number"), text("practice"), as_date("start")),
        "the same registration is on an earlier row",
    ),
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

CHECKS = {
    "people": [*field_checks("people"), *PEOPLE],
    "registrations": [*field_checks("registrations"), *REGISTRATIONS],
    "events": [*field_checks("events"), *EVENTS],
}

# The clean rows of `prepared`, typed as the store wants them (the NHS number still present:
# staging only).
TYPED = {
    "people": f"""{NUMBER} AS nhs_number, {text("sex")} AS sex,
        {as_int("birth_year")} AS birth_year, {as_int("birth_month")} AS birth_month,
        {text("lsoa")} AS lsoa, {as_int("deprivation_decile")} AS deprivation_decile,
        {as_date("date_of_death")} AS date_of_death""",
    "registrations": f"""{NUMBER} AS nhs_number, {text("practice")} AS practice,
        {as_date("start")} AS start, {as_date("end")} AS "end" """,
    "events": f"""{NUMBER} AS nhs_number, {as_date("date")} AS date, {text("type")} AS type,
        coalesce({text("code")}, '') AS code, coalesce({text("code_system")}, '') AS code_system""",
}
