"""The demo's person-level analytics: a small synthetic linked population, ingested with the
demo's own key and computed into the six dementia and ageing indicators of the dementia pathway.

Idempotent: a store that already holds the synthetic batches is not loaded again, and a
computation already run on the same data snapshot with the same code is not run again. A store
holding real (non-synthetic) data is left alone.
"""

from pathlib import Path

from django.conf import settings

from concord.analytics import synth
from concord.analytics.engines import DuckDBEngine
from concord.analytics.ingest import ingest
from concord.analytics.measurements import KIND, code_version, compute
from concord.analytics.pseudonyms import demo_key
from concord.analytics.store import STORE_FILE, counts, is_synthetic, open_store, snapshot
from concord.analytics.window import Window
from concord.indicators.models import ComputationRun

__all__ = ["load_analytics_demo"]

DEMO_PEOPLE = 20_000
DEMO_WINDOW = Window.ending(2020, 5)  # 2016-17 Q1 to 2020-21 Q4, the synthetic data's years


def load_analytics_demo(var_dir: Path | None = None, people: int = DEMO_PEOPLE) -> str:
    """Build (once) and compute the demo store; returns one line saying what was done."""
    var_dir = Path(var_dir or settings.VAR_DIR)
    con = open_store(var_dir / STORE_FILE)
    try:
        if counts(con)["batches"] and not is_synthetic(con):
            return "Analytics store holds ingested data: the demo left it alone."
        loaded = not counts(con)["batches"]
        if loaded:
            folder = var_dir / "analytics" / "synthetic"
            manifest = synth.write(folder, people, DEMO_WINDOW.quarters // 4, seed=1)
            key = demo_key(var_dir)
            for f in manifest["files"]:
                ingest(con, folder / f["file"], table=f["table"], source=f["source"], key=key,
                       synthetic=True,
                       memory=settings.CONCORD_ANALYTICS_STAGING_MEMORY)  # fmt: skip
        done = ComputationRun.objects.filter(
            kind=KIND, snapshot=snapshot(con), code_version=code_version()
        ).exists()
        if not done:
            compute(con, DuckDBEngine(con), DEMO_WINDOW)
        held = counts(con)
    finally:
        con.close()
    return (
        f"Analytics: {held['people']:,} synthetic people and {held['events']:,} events "
        f"{'loaded' if loaded else 'already held'}; the six dementia and ageing indicators "
        f"{'computed' if not done else 'already computed'}."
    )
