"""The analytics benchmark's baselines (DuckDB query, polars, pandas) give Concord's figures on
a small synthetic population: the benchmark's ratios compare like with like."""

from concord.analytics.engines import DuckDBEngine
from concord.analytics.queries import indicator_sql
from tests.benchmarks.analytics import WINDOW, alternated, as_keyed, build_store
from tests.benchmarks.analytics_baselines import (
    analyst_sql,
    export_parquet,
    pandas_indicators,
    polars_indicators,
)


def test_every_baseline_gives_concords_figures(tmp_path):
    con = build_store(tmp_path, 3_000)[0]
    files = export_parquet(con, tmp_path)
    engine = DuckDBEngine(con)
    timed = alternated(
        {
            "Concord": lambda: engine.run(indicator_sql(WINDOW), WINDOW),
            "DuckDB query": lambda: analyst_sql(con, WINDOW),
            "polars": lambda: polars_indicators(files, WINDOW),
            "pandas": lambda: pandas_indicators(con, WINDOW),
        },
        rounds=1,
    )
    ours = as_keyed(timed.pop("Concord")[1])
    assert sum(row[0] for row in ours.values()) > 0  # people aged 65 and over were counted
    for name, (_, theirs) in timed.items():
        assert as_keyed(theirs) == ours, name
    con.close()
