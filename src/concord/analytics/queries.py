"""The six dementia and ageing indicators, written once as SQL and run on every engine.

The SQL is DuckDB's dialect; `for_engine` translates it with sqlglot for Spark. The spec tests
(tests/spec) check every engine against the plain-Python reference (reference.py), which says
the same thing the slow, obvious way.

The registered population is never expanded person × quarter. A registration of a person aged
65 and over covers a run of consecutive quarter ends: from the later of the registration's
start, the 65th birthday and the window's start, to the earlier of the day before death, the
registration's end and the window's end. Each run adds 1 at its first quarter and −1 after its
last; a running sum per practice gives the population at every quarter end. Only people with
dementia (a few percent) are expanded, for the 12-month look-back of social care assessments.
"""

from dataclasses import dataclass

import sqlglot

from .schema import DEMENTIA_ICD10, DEMENTIA_SNOMED, FALLS_ICD10
from .window import Window

__all__ = [
    "EVENT_COUNTS",
    "EventCount",
    "INDICATORS",
    "IS_DEMENTIA",
    "IS_FALL",
    "for_engine",
    "indicator_sql",
    "listed",
    "long_rows",
]


def listed(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


IS_DEMENTIA = (
    "(type = 'diagnosis' AND ((code_system = 'icd10' AND "
    f"left(code, 3) IN ({listed(DEMENTIA_ICD10)}))"
    f" OR (code_system = 'snomed' AND code IN ({listed(DEMENTIA_SNOMED)}))))"
)
WITH_DEMENTIA = "qd IS NOT NULL AND greatest(lo, qd) <= hi"  # greatest() skips a NULL
IS_FALL = f"(code_system = 'icd10' AND left(code, 3) IN ({listed(FALLS_ICD10)}))"


@dataclass(frozen=True)
class EventCount:
    """Events in the quarter of people aged 65+ registered on the day, counted at that practice."""

    column: str
    types: tuple[str, ...]
    condition: str = "true"


EVENT_COUNTS = (
    EventCount("dementia_admissions", ("emergency_admission",), "diagnosed <= date"),
    EventCount("care_home_admissions", ("care_home_admission",)),
    EventCount("falls_admissions", ("emergency_admission",), IS_FALL),
)


@dataclass(frozen=True)
class IndicatorColumns:
    """Which columns of the computed table make an indicator's figure (the indicator itself,
    its definition and versions, is `concord.indicators.models.Indicator`)."""

    code: str
    numerator: str  # a column of the computed table
    denominator: str


INDICATORS = (
    IndicatorColumns("dementia-recorded-prevalence-65", "dementia_65", "registered_65"),
    IndicatorColumns("dementia-new-diagnoses-65", "new_diagnoses", "registered_65"),
    IndicatorColumns("dementia-emergency-admissions-65", "dementia_admissions", "dementia_65"),
    IndicatorColumns("dementia-social-care-assessment-65", "assessed_12_months", "dementia_65"),
    IndicatorColumns("care-home-admissions-65", "care_home_admissions", "registered_65"),
    IndicatorColumns("falls-admissions-65", "falls_admissions", "registered_65"),
)
FIXED_COLUMNS = ("registered_65", "dementia_65", "new_diagnoses", "assessed_12_months")


def quarter(column: str, window: Window) -> str:
    months = f"year({column}) * 12 + month({column}) - 1 - {window.first_month}"
    return f"CAST(floor(({months}) / 3) AS INTEGER)"


def spans(window: Window) -> str:
    last, q = window.quarters - 1, lambda c: quarter(c, window)  # noqa: E731
    birthday = f"CAST(floor((p.month65 - {window.first_month}) / 3) AS INTEGER)"
    return f"""
dementia AS (
    SELECT pseudonym, min(date) AS diagnosed FROM events WHERE {IS_DEMENTIA} GROUP BY pseudonym
),
persons AS (
    SELECT people.pseudonym, birth_year * 12 + birth_month - 1 + 780 AS month65,
        date_of_death AS died, dementia.diagnosed
    FROM people LEFT JOIN dementia ON people.pseudonym = dementia.pseudonym
),
spans AS (
    SELECT r.practice, r.pseudonym, r.start, r."end", p.month65, p.diagnosed,
        greatest({q("r.start")}, {birthday}, 0) AS lo,
        least(coalesce({q('r."end" + INTERVAL 1 DAY')} - 1, {last}),
              coalesce({q("p.died")} - 1, {last}), {last}) AS hi,
        {q("p.diagnosed")} AS qd
    FROM registrations r JOIN persons p ON r.pseudonym = p.pseudonym
),
practices AS (SELECT DISTINCT practice FROM registrations),
changes AS (
    SELECT practice, q, 0 AS aged, 0 AS demented FROM practices CROSS JOIN quarters
    UNION ALL SELECT practice, lo, 1, 0 FROM spans WHERE lo <= hi
    UNION ALL SELECT practice, hi + 1, -1, 0 FROM spans WHERE lo <= hi
    UNION ALL SELECT practice, greatest(lo, qd), 0, 1 FROM spans WHERE {WITH_DEMENTIA}
    UNION ALL SELECT practice, hi + 1, 0, -1 FROM spans WHERE {WITH_DEMENTIA}
),
population AS (
    SELECT practice, q,
        sum(sum(aged)) OVER (PARTITION BY practice ORDER BY q ROWS UNBOUNDED PRECEDING)
            AS registered_65,
        sum(sum(demented)) OVER (PARTITION BY practice ORDER BY q ROWS UNBOUNDED PRECEDING)
            AS dementia_65
    FROM changes GROUP BY practice, q
)"""


def event_counts(window: Window, counts: tuple[EventCount, ...]) -> str:
    types = sorted({t for c in counts for t in c.types} | {"social_care_assessment"})
    looked_back = window.period(0).start.replace(year=window.first_year - 1, month=7)
    sums = ",\n        ".join(
        f"sum(CASE WHEN type IN ({listed(c.types)}) AND {c.condition} THEN 1 ELSE 0 END)"
        f" AS {c.column}"
        for c in counts
    )
    return f"""
relevant AS (
    SELECT pseudonym, date, type, code, code_system, {quarter("date", window)} AS q,
        year(date) * 12 + month(date) - 1 AS month
    FROM events
    WHERE type IN ({listed(types)})
        AND date BETWEEN DATE '{looked_back}' AND DATE '{window.end}'
),
located AS (
    SELECT s.practice, s.diagnosed, e.* FROM relevant e JOIN spans s
        ON e.pseudonym = s.pseudonym AND e.date >= s.start
        AND (s."end" IS NULL OR e.date <= s."end") AND e.month >= s.month65
    WHERE e.q >= 0
),
event_counts AS (
    SELECT practice, q,
        {sums}
    FROM located GROUP BY practice, q
),
new_diagnoses AS (
    SELECT practice, {quarter("diagnosed", window)} AS q, count(*) AS new_diagnoses FROM spans
    WHERE diagnosed >= start AND (\"end\" IS NULL OR diagnosed <= \"end\")
        AND year(diagnosed) * 12 + month(diagnosed) - 1 >= month65
    GROUP BY practice, {quarter("diagnosed", window)}
),
assessed AS (
    SELECT DISTINCT pseudonym, q FROM relevant WHERE type = 'social_care_assessment'
),
with_dementia AS (
    SELECT s.practice, s.pseudonym, quarters.q FROM spans s
    JOIN quarters ON quarters.q BETWEEN greatest(s.lo, s.qd) AND s.hi WHERE s.qd IS NOT NULL
),
assessed_12_months AS (
    SELECT d.practice, d.q, count(DISTINCT d.pseudonym) AS assessed_12_months
    FROM with_dementia d JOIN assessed a
        ON a.pseudonym = d.pseudonym AND a.q BETWEEN d.q - 3 AND d.q
    GROUP BY d.practice, d.q
)"""


def indicator_sql(window: Window, counts: tuple[EventCount, ...] = EVENT_COUNTS) -> str:
    """One query: per practice and quarter, every numerator and denominator, as columns."""
    counted = ", ".join(f"coalesce(c.{c.column}, 0) AS {c.column}" for c in counts)
    return f"""WITH {spans(window)},{event_counts(window, counts)}
SELECT p.practice, p.q, CAST(p.registered_65 AS BIGINT) AS registered_65,
    CAST(p.dementia_65 AS BIGINT) AS dementia_65,
    coalesce(n.new_diagnoses, 0) AS new_diagnoses,
    coalesce(a.assessed_12_months, 0) AS assessed_12_months, {counted}
FROM population p
LEFT JOIN event_counts c ON c.practice = p.practice AND c.q = p.q
LEFT JOIN new_diagnoses n ON n.practice = p.practice AND n.q = p.q
LEFT JOIN assessed_12_months a ON a.practice = p.practice AND a.q = p.q
WHERE p.q BETWEEN 0 AND {window.quarters - 1}
ORDER BY p.practice, p.q"""


def for_engine(sql: str, dialect: str) -> str:
    """The query in an engine's dialect (DuckDB's own, or translated by sqlglot)."""
    if dialect == "duckdb":
        return sql
    return sqlglot.transpile(sql, read="duckdb", write=dialect)[0]


def long_rows(wide: list[dict], window: Window, indicators=INDICATORS) -> list[dict]:
    """One row per indicator, practice and quarter, with numerator and denominator."""
    return [
        {
            "indicator": ind.code,
            "practice": row["practice"],
            "q": row["q"],
            "period": window.period(row["q"]).label,
            "numerator": int(row[ind.numerator]),
            "denominator": int(row[ind.denominator]),
        }
        for row in wide
        for ind in indicators
    ]
