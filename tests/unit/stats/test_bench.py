"""The benchmark runs and reports each timing beside its baseline."""

from concord.stats.bench import run


def test_bench_reports_timings_and_the_budget():
    rows = run()
    assert all(row["seconds"] > 0 and row["baseline_seconds"] > 0 for row in rows)
    assert rows[-1]["within_budget"]
