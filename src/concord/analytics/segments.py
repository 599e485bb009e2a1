"""Population segments: people with dementia by locality and the services they used.

Counts people registered and alive on a day with a dementia diagnosis by then, by the services
that recorded an event for them in the 12 months to that day. Every count is returned through
disclosure control (concord.stats.disclosure): this module never returns a person or a pseudonym.
"""

import datetime as dt
from collections import Counter

from concord.stats.disclosure import disclose_table

from .queries import IS_DEMENTIA

__all__ = ["raw_segments", "segments"]

SERVICE_MIXES = {
    (True, False, False): "GP only",
    (True, True, False): "GP + acute",
    (True, False, True): "GP + social care",
    (True, True, True): "GP + acute + social care",
}
OTHER = "other or none"


def cohort_sql(as_at: dt.date) -> str:
    year_before = as_at.replace(year=as_at.year - 1) + dt.timedelta(days=1)
    return f"""
WITH dementia AS (
    SELECT DISTINCT pseudonym FROM events WHERE {IS_DEMENTIA} AND date <= DATE '{as_at}'
),
cohort AS (
    SELECT r.practice, r.pseudonym FROM registrations r
    JOIN people p ON p.pseudonym = r.pseudonym
    JOIN dementia d ON d.pseudonym = r.pseudonym
    WHERE r.start <= DATE '{as_at}' AND (r."end" IS NULL OR r."end" >= DATE '{as_at}')
        AND (p.date_of_death IS NULL OR p.date_of_death > DATE '{as_at}')
),
used AS (
    SELECT pseudonym, bool_or(source = 'gp') AS gp, bool_or(source = 'acute') AS acute,
        bool_or(source = 'social_care') AS social_care
    FROM events WHERE date BETWEEN DATE '{year_before}' AND DATE '{as_at}'
    GROUP BY pseudonym
)
SELECT c.practice, coalesce(u.gp, false), coalesce(u.acute, false),
    coalesce(u.social_care, false), count(*)
FROM cohort c LEFT JOIN used u ON u.pseudonym = c.pseudonym
GROUP BY ALL"""


def raw_segments(con, as_at: dt.date, localities: dict[str, str]) -> list[dict]:
    """Unrounded counts by locality and service mix: for the disclosure step only."""
    counts: Counter = Counter()
    for practice, gp, acute, social_care, people in con.execute(cohort_sql(as_at)).fetchall():
        mix = SERVICE_MIXES.get((gp, acute, social_care), OTHER)
        counts[localities.get(practice, "no locality"), mix] += people
    return [
        {"locality": locality, "services": mix, "people": people}
        for (locality, mix), people in sorted(counts.items())
    ]


def segments(con, as_at: dt.date, localities: dict[str, str]) -> list[dict]:
    """Locality, services used in the 12 months to `as_at`, people: counts disclosure-controlled."""
    return disclose_table(raw_segments(con, as_at, localities), counts=("people",))
