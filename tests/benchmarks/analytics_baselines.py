"""The baselines of the analytics benchmark: the same six indicators written the plain way.

Each is what an analyst would write without Concord's quarter-run arithmetic: every registration
expanded across every quarter, events joined to registrations and quarters by date. Each filters
the events to the types it needs first, as an analyst would, so that it is the strongest
straightforward alternative rather than a straw man:

(a) one DuckDB SQL query on the store; (b) a polars lazy query over Parquet copies of the
store's tables (it reads them itself, with its own filter pushdown); (c) pandas on the tables
read from the store.
"""

import pandas as pd
import polars as pl

from concord.analytics.engines import quarters_table
from concord.analytics.queries import IS_DEMENTIA, IS_FALL, listed
from concord.analytics.reference import COLUMNS
from concord.analytics.schema import DEMENTIA_ICD10, DEMENTIA_SNOMED, FALLS_ICD10

COUNTED_TYPES = ("emergency_admission", "care_home_admission")
ANALYST_SQL = f"""
WITH dem AS (SELECT pseudonym, min(date) AS diagnosed FROM events WHERE {IS_DEMENTIA} GROUP BY 1),
reg AS (
    SELECT r.*, p.birth_year * 12 + p.birth_month - 1 + 780 AS m65, p.date_of_death, dem.diagnosed
    FROM registrations r JOIN people p USING (pseudonym) LEFT JOIN dem USING (pseudonym)
),
person_quarters AS (
    SELECT reg.*, q.q, q."end" AS qend, q.start - INTERVAL 9 MONTH AS year_start
    FROM reg JOIN quarters q ON reg.start <= q."end" AND (reg."end" IS NULL OR reg."end" >= q."end")
    WHERE (date_of_death IS NULL OR date_of_death > q."end")
        AND year(q."end") * 12 + month(q."end") - 1 >= m65
),
assessments AS (SELECT DISTINCT pseudonym, date FROM events WHERE type = 'social_care_assessment'),
population AS (
    SELECT practice, q, count(*) AS registered_65,
        count(*) FILTER (WHERE diagnosed <= qend) AS dementia_65,
        count(*) FILTER (WHERE diagnosed <= qend AND EXISTS (
            SELECT 1 FROM assessments a WHERE a.pseudonym = person_quarters.pseudonym
            AND a.date BETWEEN year_start AND qend)) AS assessed_12_months
    FROM person_quarters GROUP BY ALL
),
wanted AS (
    SELECT pseudonym, date, type, code, code_system FROM events
    WHERE type IN ({listed(COUNTED_TYPES)}, 'diagnosis')
),
located AS (
    SELECT reg.practice, q.q, e.*, reg.diagnosed FROM wanted e
    JOIN reg ON reg.pseudonym = e.pseudonym AND e.date >= reg.start
        AND (reg."end" IS NULL OR e.date <= reg."end")
        AND year(e.date) * 12 + month(e.date) - 1 >= reg.m65
    JOIN quarters q ON e.date BETWEEN q.start AND q."end"
),
counted AS (
    SELECT practice, q,
        count(*) FILTER (WHERE type = 'emergency_admission' AND diagnosed <= date)
            AS dementia_admissions,
        count(*) FILTER (WHERE type = 'care_home_admission') AS care_home_admissions,
        count(*) FILTER (WHERE type = 'emergency_admission' AND {IS_FALL}) AS falls_admissions,
        count(*) FILTER (WHERE {IS_DEMENTIA} AND date = diagnosed) AS new_diagnoses
    FROM located GROUP BY ALL
),
grid AS (SELECT DISTINCT practice, q FROM registrations CROSS JOIN quarters)
SELECT grid.practice, grid.q, {", ".join(f"coalesce({c}, 0) AS {c}" for c in COLUMNS)}
FROM grid LEFT JOIN population USING (practice, q) LEFT JOIN counted USING (practice, q)
ORDER BY 1, 2
"""


def analyst_sql(con, window) -> list[dict]:
    """(a) The DuckDB query, on the store."""
    con.register("quarters", quarters_table(window))
    result = con.execute(ANALYST_SQL)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def export_parquet(con, folder) -> dict:
    """Parquet copies of the store's three tables, for the polars baseline (not timed)."""
    files = {}
    for table in ("people", "registrations", "events"):
        files[table] = folder / f"{table}.parquet"
        con.execute(f"COPY {table} TO '{files[table]}' (FORMAT parquet)")
    return files


def polars_indicators(files: dict, window) -> list[dict]:
    """(b) One polars lazy query, reading the Parquet files itself."""
    col = pl.col
    events = pl.scan_parquet(files["events"])
    quarters = pl.LazyFrame(
        [(q, start, end) for q, start, end, _ in window.rows()],
        schema={"q": pl.Int64, "qstart": pl.Date, "qend": pl.Date}, orient="row",
    )  # fmt: skip
    is_dementia = (col("type") == "diagnosis") & (
        ((col("code_system") == "icd10") & col("code").str.slice(0, 3).is_in(DEMENTIA_ICD10))
        | ((col("code_system") == "snomed") & col("code").is_in(DEMENTIA_SNOMED))
    )
    diagnoses = events.filter(col("type") == "diagnosis")
    dem = diagnoses.filter(is_dementia).group_by("pseudonym").agg(diagnosed=col("date").min())
    persons = pl.scan_parquet(files["people"]).select(
        "pseudonym", "date_of_death", m65=col("birth_year").cast(pl.Int64) * 12
        + col("birth_month") - 1 + 780,
    )  # fmt: skip
    reg = (
        pl.scan_parquet(files["registrations"])
        .join(persons, on="pseudonym")
        .join(dem, on="pseudonym", how="left")
    )
    qmonth = col("qend").dt.year().cast(pl.Int64) * 12 + col("qend").dt.month() - 1
    pq = (
        reg.join(quarters, how="cross")
        .filter(
            (col("start") <= col("qend")),
            col("end").is_null() | (col("end") >= col("qend")),
            col("date_of_death").is_null() | (col("date_of_death") > col("qend")),
            qmonth >= col("m65"),
        )
        .with_columns(dementia=(col("diagnosed") <= col("qend")).fill_null(False))
    )
    population = pq.group_by("practice", "q").agg(
        registered_65=pl.len(), dementia_65=col("dementia").sum()
    )
    assessments = (
        events.filter(col("type") == "social_care_assessment").select("pseudonym", "date").unique()
    )
    assessed = (
        pq.filter(col("dementia"))
        .join(assessments, on="pseudonym")
        .filter(col("date") >= col("qstart").dt.offset_by("-9mo"), col("date") <= col("qend"))
        .group_by("practice", "q")
        .agg(assessed_12_months=col("pseudonym").n_unique())
    )
    month = col("date").dt.year().cast(pl.Int64) * 12 + col("date").dt.month() - 1
    emergency = col("type") == "emergency_admission"
    counted = (
        events.filter(col("type").is_in((*COUNTED_TYPES, "diagnosis")))
        .with_columns(is_dementia=is_dementia)
        .join(reg, on="pseudonym")
        .filter(
            col("date") >= col("start"),
            col("end").is_null() | (col("date") <= col("end")),
            month >= col("m65"),
            col("date").is_between(window.start, window.end),
        )
        .with_columns(q=(month - window.first_month) // 3)
        .group_by("practice", "q")
        .agg(
            dementia_admissions=(emergency & (col("diagnosed") <= col("date"))).fill_null(False)
            .sum(),
            care_home_admissions=(col("type") == "care_home_admission").sum(),
            falls_admissions=(
                emergency & (col("code_system") == "icd10")
                & col("code").str.slice(0, 3).is_in(FALLS_ICD10)
            ).sum(),
            new_diagnoses=(col("is_dementia") & (col("date") == col("diagnosed")))
            .fill_null(False).sum(),
        )
    )  # fmt: skip
    grid = reg.select("practice").unique().join(quarters.select("q"), how="cross")
    table = (
        grid.join(population, on=["practice", "q"], how="left")
        .join(assessed, on=["practice", "q"], how="left")
        .join(counted, on=["practice", "q"], how="left")
        .select("practice", "q", *(col(c).fill_null(0) for c in COLUMNS))
        .sort("practice", "q")
    )
    return table.collect().to_dicts()


def frames(con):
    return {
        t: con.execute(f"SELECT * FROM {t}").df() for t in ("people", "registrations", "events")
    }


def pandas_indicators(con, window) -> list[dict]:
    tables = frames(con)
    people, reg, events = tables["people"], tables["registrations"], tables["events"]
    quarters = pd.DataFrame(window.rows(), columns=["q", "start", "end", "label"])
    for column in ("start", "end"):
        quarters[column] = pd.to_datetime(quarters[column])
        reg[column] = pd.to_datetime(reg[column])
    events["date"] = pd.to_datetime(events["date"])
    people["date_of_death"] = pd.to_datetime(people["date_of_death"])
    codes = events["code"].str[:3]
    is_dementia = (events["type"] == "diagnosis") & (
        ((events["code_system"] == "icd10") & codes.isin(["F00", "F01", "F02", "F03", "G30"]))
        | ((events["code_system"] == "snomed") & events["code"].isin(["52448006", "26929004"]))
    )
    dem = events[is_dementia].groupby("pseudonym")["date"].min().rename("diagnosed").reset_index()
    people["m65"] = people["birth_year"] * 12 + people["birth_month"] - 1 + 780
    reg = reg.merge(people[["pseudonym", "m65", "date_of_death"]], on="pseudonym")
    reg = reg.merge(dem, on="pseudonym", how="left")
    pq = reg.merge(quarters.rename(columns={"start": "qstart", "end": "qend"}), how="cross")
    qmonth = pq["qend"].dt.year * 12 + pq["qend"].dt.month - 1
    pq = pq[(pq["start"] <= pq["qend"]) & (pq["end"].isna() | (pq["end"] >= pq["qend"]))
            & (pq["date_of_death"].isna() | (pq["date_of_death"] > pq["qend"]))
            & (qmonth >= pq["m65"])]  # fmt: skip
    pq = pq.assign(dementia=pq["diagnosed"] <= pq["qend"])
    assessed = events[events["type"] == "social_care_assessment"][["pseudonym", "date"]]
    with_dem = pq[pq["dementia"]].merge(assessed, on="pseudonym")
    with_dem = with_dem[(with_dem["date"] > with_dem["qend"] - pd.DateOffset(months=12))
                        & (with_dem["date"] <= with_dem["qend"])]  # fmt: skip
    assessed_n = with_dem.drop_duplicates(["practice", "q", "pseudonym"]).groupby(
        ["practice", "q"]).size().rename("assessed_12_months")  # fmt: skip
    population = pq.groupby(["practice", "q"]).agg(
        registered_65=("pseudonym", "size"), dementia_65=("dementia", "sum")
    )
    wanted = events["type"].isin(["emergency_admission", "care_home_admission"]) | is_dementia
    ev = events[wanted].assign(is_dementia=is_dementia[wanted]).merge(reg, on="pseudonym")
    month = ev["date"].dt.year * 12 + ev["date"].dt.month - 1
    ev = ev[(ev["date"] >= ev["start"]) & (ev["end"].isna() | (ev["date"] <= ev["end"]))
            & (month >= ev["m65"])]  # fmt: skip
    ev = ev[(ev["date"] >= quarters["start"].min()) & (ev["date"] <= quarters["end"].max())]
    ev = ev.assign(q=((month - window.first_month) // 3)[ev.index])
    emergency = ev["type"] == "emergency_admission"
    ev = ev.assign(
        dementia_admissions=emergency & (ev["diagnosed"] <= ev["date"]),
        care_home_admissions=ev["type"] == "care_home_admission",
        falls_admissions=emergency
        & (ev["code_system"] == "icd10")
        & ev["code"].str[:3].isin([f"W{n:02d}" for n in range(20)]),
        new_diagnoses=ev["is_dementia"] & (ev["date"] == ev["diagnosed"]),
    )
    counted = ev.groupby(["practice", "q"])[
        ["dementia_admissions", "care_home_admissions", "falls_admissions", "new_diagnoses"]
    ].sum()
    grid = pd.MultiIndex.from_product([sorted(reg["practice"].unique()), range(window.quarters)],
                                      names=["practice", "q"])  # fmt: skip
    table = pd.concat([population, assessed_n, counted], axis=1).reindex(grid).fillna(0)
    return table[list(COLUMNS)].astype(int).reset_index().to_dict("records")
