"""`concord analytics`: synth, ingest, compute, segments; no NHS number or pseudonym shown."""

import logging

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from concord.analytics.store import open_store
from concord.demo.loader import load_demo
from concord.indicators.models import Measurement

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("concord_analytics", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def var_dir(tmp_path, settings, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("CONCORD_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("CONCORD_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("CONCORD_PSEUDONYM_KEY_FILE", raising=False)
    return tmp_path


def test_ingestion_refuses_to_run_without_a_key(var_dir, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("nhs_number,date,type,code,code_system\n9434765919,2020-01-01,outpatient,,\n")
    with pytest.raises(CommandError, match="no pseudonymisation key"):
        run("ingest", str(path), "--source", "acute")
    with pytest.raises(CommandError, match="synthetic folder only"):
        run("ingest", str(path), "--source", "acute", "--demo-key")


def test_the_whole_pipeline_never_shows_a_person(var_dir, caplog, client, admin_user):
    load_demo()
    caplog.set_level(logging.DEBUG)
    shown = run("synth", "--people", "3000", "--seed", "4")
    shown += run("ingest", str(var_dir / "analytics" / "synthetic"), "--demo-key")
    shown += run("ingest", str(var_dir / "analytics" / "synthetic"), "--demo-key")
    assert shown.count("already ingested, nothing changed") == 7
    shown += run("compute")
    shown += run("segments")
    assert Measurement.objects.filter(indicator__code="dementia-recorded-prevalence-65").exists()
    assert "Wigan Central locality" in shown and "GP + acute" in shown
    client.force_login(admin_user)
    shown += client.get("/api/v1/indicators/").content.decode()
    shown += caplog.text
    con = open_store(var_dir / "analytics" / "store.duckdb", read_only=True)
    pseudonyms = {str(row[0]) for row in con.execute("SELECT pseudonym FROM people").fetchall()}
    numbers = pq.read_table(var_dir / "analytics/synthetic/synthetic-people.parquet")["nhs_number"]
    assert not [p for p in pseudonyms if p in shown]
    assert not [n for n in numbers.to_pylist() if n in shown]
